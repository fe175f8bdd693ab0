import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestObject, target } from '../../../shared/api';
import { buildVisitorBody, UTM_KEYS } from '../../../shared/apiContract';
import {
	keyValuePairsToObject,
	requireFieldsToChange,
	validateEmail,
} from '../../../shared/validation';
import { asObject } from '../../../shared/utils';
import { simplifyVisitor } from '../../helpers/simplify';
import { simplifyField, visitorLocator } from '../common.descriptions';
import { readVisitorId } from '../common.parameters';

const properties: INodeProperties[] = [
	visitorLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		description: 'Only the fields added here are changed; everything else stays as it is',
		options: [
			{
				displayName: 'Custom Fields',
				name: 'customFields',
				type: 'fixedCollection',
				placeholder: 'Add custom field',
				typeOptions: { multipleValues: true },
				default: {},
				description:
					"Values for the account's custom visitor fields, by field key. Keys not listed keep their value.",
				options: [
					{
						displayName: 'Field',
						name: 'field',
						values: [
							{
								displayName: 'Key',
								name: 'key',
								type: 'string',
								default: '',
								placeholder: 'e.g. plan',
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
							},
						],
					},
				],
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. name@email.com',
				default: '',
				description: "The visitor's e-mail address",
			},
			{
				displayName: 'Email Marketing Consent',
				name: 'emailMarketingConsent',
				type: 'boolean',
				default: false,
				description: 'Whether the visitor agreed to receive marketing e-mails',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: "The visitor's name",
			},
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'Notes operators see beside the chat; replaces the current notes',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				description: 'Free-form phone number',
			},
			{
				displayName: 'Source Host',
				name: 'sourceHost',
				type: 'string',
				default: '',
				placeholder: 'e.g. shop.example.org',
				description: 'Website host the visitor came from',
			},
			{
				displayName: 'UTM',
				name: 'utm',
				type: 'collection',
				placeholder: 'Add UTM value',
				default: {},
				options: UTM_KEYS.map((key) => ({
					displayName: key.charAt(0).toUpperCase() + key.slice(1),
					name: key,
					type: 'string' as const,
					default: '',
				})),
			},
		],
	},
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['visitor'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;

	const customPairs = (asObject(fields.customFields).field ?? []) as Array<{
		key?: string;
		value?: string;
	}>;
	const utm = asObject(fields.utm);
	const body = buildVisitorBody({
		name: fields.name,
		email:
			fields.email === undefined
				? undefined
				: validateEmail(this, fields.email, 'Email', itemIndex),
		phone: fields.phone,
		notes: fields.notes,
		custom: customPairs.length
			? keyValuePairsToObject(this, customPairs, 'Custom Fields', itemIndex)
			: undefined,
		utm: Object.keys(utm).length ? utm : undefined,
		sourceHost: fields.sourceHost,
		emailMarketingConsent: fields.emailMarketingConsent,
	});
	requireFieldsToChange(this, body, itemIndex);

	const visitor = await requestObject.call(this, 'PUT', target.visitor(visitorId), itemIndex, {
		body,
	});
	return [simplify ? simplifyVisitor(visitor) : visitor];
}
