import type { INodeProperties } from 'n8n-workflow';

export const eventIdField: INodeProperties = {
	displayName: 'Message ID',
	name: 'eventId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 66b0a1c2d3e4f5a6b7c8d9e0',
	description: 'ID of the chat event (message), as returned by the Get Many or Send operation',
};
