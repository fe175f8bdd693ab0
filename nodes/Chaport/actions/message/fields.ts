import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireId } from '../../../shared/validation';
import { readChatId, readVisitorId } from '../common.parameters';

/** The 'Text' of a message to send or the new text of one to edit. */
export function messageTextField(description: string): INodeProperties {
	return {
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description,
	};
}

export const eventIdField: INodeProperties = {
	displayName: 'Message ID',
	name: 'eventId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 66b0a1c2d3e4f5a6b7c8d9e0',
	description: 'ID of the chat event (message), as returned by the Get Many or Send operation',
};

/** Visitor, chat and 'Message ID': where one message is, checked before it goes into a path. */
export function readMessageAddress(this: IExecuteFunctions, itemIndex: number) {
	return {
		visitorId: readVisitorId.call(this, itemIndex),
		chatId: readChatId.call(this, itemIndex),
		eventId: requireId(
			this,
			this.getNodeParameter('eventId', itemIndex, ''),
			'Message ID',
			itemIndex,
		),
	};
}
