import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as send from './send.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = {
	get,
	getAll,
	send,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one message or other event of a chat by its ID',
				action: 'Get a message',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					"Get a chat's messages and other events, oldest first, or the chat as a transcript",
				action: 'Get many messages',
			},
			{
				name: 'Send',
				value: 'send',
				description:
					"Send a message to a visitor as an operator, into the visitor's current chat (a new chat if none is open)",
				action: 'Send a message',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					"Experimental: change a message's text. Relies on an unconfirmed Chaport endpoint.",
				action: 'Update a message',
			},
		],
		default: 'send',
	},
	...get.description,
	...getAll.description,
	...send.description,
	...update.description,
];
