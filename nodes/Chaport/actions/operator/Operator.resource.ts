import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as create from './create.operation';
import * as deleteOperator from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as setStatus from './setStatus.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = {
	create,
	delete: deleteOperator,
	get,
	getAll,
	setStatus,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['operator'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add an operator to the account; Chaport e-mails them an invitation',
				action: 'Create an operator',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove an operator from the account (not possible for the account owner)',
				action: 'Delete an operator',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an operator by ID',
				action: 'Get an operator',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "Get the account's operators, optionally only those with a role or status",
				action: 'Get many operators',
			},
			{
				name: 'Set Status',
				value: 'setStatus',
				description:
					'Set whether an operator gets new chats (online, offline or invisible) for a time or until a moment',
				action: 'Set the status of an operator',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change an operator's e-mail, name, role, language, job title or image",
				action: 'Update an operator',
			},
		],
		default: 'get',
	},
	...create.description,
	...deleteOperator.description,
	...get.description,
	...getAll.description,
	...setStatus.description,
	...update.description,
];
