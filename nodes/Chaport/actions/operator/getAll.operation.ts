import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { OPERATOR_ROLES, OPERATOR_STATUSES, operatorKeys } from '../../../shared/apiContract';
import { listOperators } from '../../../shared/api';
import { firstMatching } from '../../../shared/utils';
import {
	readBoolean,
	readCollection,
	readResultLimit,
	requireOneOf,
} from '../../../shared/validation';
import { simplifyOperator } from '../../helpers/simplify';
import { limitField, returnAllField, simplifyField } from '../common.descriptions';
import { roleOptions, statusOptions } from './fields';
import { collection } from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	collection(
		'filters',
		[
			{
				displayName: 'Role',
				name: 'role',
				type: 'options',
				options: roleOptions,
				default: 'operator',
				description: 'Only operators with this role',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: statusOptions,
				default: 'online',
				description:
					"Only operators whose effective status right now is this (Chaport's 'realStatus': an operator who chose Online but is disconnected counts as Offline)",
			},
		],
		'Only operators matching every filter added here are returned',
	),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['operator'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const limit = readResultLimit(this, itemIndex);
	const filters = readCollection(this, 'filters', 'Filters', itemIndex);
	const role =
		filters.role === undefined
			? undefined
			: requireOneOf(this, filters.role, OPERATOR_ROLES, 'Role', itemIndex);
	const status =
		filters.status === undefined
			? undefined
			: requireOneOf(this, filters.status, OPERATOR_STATUSES, 'Status', itemIndex);
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);

	// GET /operators has no pagination or filters: the whole list comes back and is cut here.
	const matching = firstMatching(await listOperators.call(this, itemIndex), limit, [
		role === undefined ? undefined : (operator) => operator.role === role,
		status === undefined
			? undefined
			: (operator) => operator[operatorKeys.effectiveStatus] === status,
	]);
	return simplify ? matching.map(simplifyOperator) : matching;
}
