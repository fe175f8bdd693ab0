import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as deleteVisitor from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = {
	delete: deleteVisitor,
	get,
	getAll,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['visitor'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a visitor and their chats',
				action: 'Delete a visitor',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a visitor by ID',
				action: 'Get a visitor',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get visitors, most recent chat first',
				action: 'Get many visitors',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a visitor's name, contact details, notes or custom fields",
				action: 'Update a visitor',
			},
		],
		default: 'get',
	},
	...deleteVisitor.description,
	...get.description,
	...getAll.description,
	...update.description,
];
