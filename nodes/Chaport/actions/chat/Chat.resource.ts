import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getLast from './getLast.operation';
import * as updateLast from './updateLast.operation';

export const operations: Record<string, OperationModule> = {
	get,
	getAll,
	getLast,
	updateLast,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: "Get one of a visitor's chats by its chat ID",
				action: 'Get a chat',
			},
			{
				name: 'Get Last',
				value: 'getLast',
				description: "Get the visitor's current chat, or the most recent one if none is open",
				action: 'Get the last chat of a visitor',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "Get a visitor's chats, most recent first",
				action: 'Get many chats',
			},
			{
				name: 'Update Last',
				value: 'updateLast',
				description:
					"Assign, unassign, close or rate the visitor's current or most recent chat, or mark it as missed",
				action: 'Update the last chat of a visitor',
			},
		],
		default: 'getLast',
	},
	...get.description,
	...getAll.description,
	...getLast.description,
	...updateLast.description,
];
