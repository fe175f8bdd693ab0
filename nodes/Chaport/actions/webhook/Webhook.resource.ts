import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as create from './create.operation';
import * as deleteWebhook from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = {
	create,
	delete: deleteWebhook,
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
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Subscribe a URL to a Chaport event (the Chaport Trigger node does this by itself)',
				action: 'Create a webhook subscription',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove a webhook subscription, e.g. one a deleted workflow left behind',
				action: 'Delete a webhook subscription',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a webhook subscription by ID',
				action: 'Get a webhook subscription',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					"Get the account's webhook subscriptions, including those the Chaport Trigger node made",
				action: 'Get many webhook subscriptions',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a webhook subscription's target URL, event or essential flag",
				action: 'Update a webhook subscription',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...deleteWebhook.description,
	...get.description,
	...getAll.description,
	...update.description,
];
