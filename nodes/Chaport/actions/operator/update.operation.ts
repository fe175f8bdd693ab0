import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestObject, target } from '../../../shared/api';
import { buildOperatorBody } from '../../../shared/apiContract';
import {
	readBoolean,
	readCollection,
	requireFieldsToChange,
	requireText,
	validateEmail,
} from '../../../shared/validation';
import { simplifyOperator } from '../../helpers/simplify';
import { collection, operatorLocator } from '../../../shared/descriptions';
import { simplifyField } from '../common.descriptions';
import { editableOperatorFields, optionalOperatorFields } from './fields';
import { readOperatorId } from '../common.parameters';

const updateFieldOptions: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		default: '',
		description:
			"The operator's new login e-mail address; must not belong to another operator of the account",
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Display name shown to visitors in the chat',
	},
	...editableOperatorFields,
];

const properties: INodeProperties[] = [
	operatorLocator(),
	collection(
		'updateFields',
		updateFieldOptions.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		'Only the fields added here are changed; everything else stays as it is',
	),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['operator'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const operatorId = readOperatorId.call(this, itemIndex);
	const fields = readCollection(this, 'updateFields', 'Update Fields', itemIndex);
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);

	const values = optionalOperatorFields.call(this, fields, itemIndex);
	if (fields.email !== undefined) {
		values.email = validateEmail(this, fields.email, 'Email', itemIndex);
	}
	if (fields.name !== undefined) {
		values.name = requireText(this, fields.name, 'Name', itemIndex).trim();
	}
	const body = buildOperatorBody(values);
	requireFieldsToChange(this, body, itemIndex);

	const operator = await requestObject.call(this, 'PUT', target.operator(operatorId), itemIndex, {
		body,
	});
	return [simplify ? simplifyOperator(operator) : operator];
}
