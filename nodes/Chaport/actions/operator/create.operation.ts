import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildOperatorBody, paths } from '../../../shared/apiContract';
import { chaportResult } from '../../../shared/transport';
import {
	readBoolean,
	readCollection,
	requireText,
	validateEmail,
} from '../../../shared/validation';
import { asObject } from '../../../shared/utils';
import { simplifyOperator } from '../../helpers/simplify';
import { simplifyField } from '../common.descriptions';
import { editableOperatorFields, optionalOperatorFields } from './fields';
import { collection } from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		default: '',
		required: true,
		description:
			"The new operator's login e-mail address; Chaport sends the invitation to it. Must not belong to another operator of the account.",
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Maria Lopez',
		description: 'Display name shown to visitors in the chat',
	},
	collection(
		'additionalFields',
		editableOperatorFields,
		'Optional details of the new operator. Without a role, Chaport makes them a regular operator.',
	),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['operator'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const email = validateEmail(this, this.getNodeParameter('email', itemIndex), 'Email', itemIndex);
	const name = requireText(
		this,
		this.getNodeParameter('name', itemIndex),
		'Name',
		itemIndex,
	).trim();
	const fields = readCollection(this, 'additionalFields', 'Additional Fields', itemIndex);
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);
	const body = buildOperatorBody({
		email,
		name,
		...optionalOperatorFields.call(this, fields, itemIndex),
	});

	const operator = asObject(
		await chaportResult.call(this, {
			method: 'POST',
			path: paths.operators(),
			body,
			// A repeated invitation could create a second operator or a second e-mail.
			retryable: false,
			itemIndex,
		}),
	);
	return [simplify ? simplifyOperator(operator) : operator];
}
