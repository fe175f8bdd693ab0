import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestObject, target } from '../../../shared/api';
import { buildVisitorBody, UTM_KEYS } from '../../../shared/apiContract';
import {
	invalidParameter,
	keyValuePairsToObject,
	optionalText,
	readBoolean,
	readCollection,
	requireFieldsToChange,
	strictBoolean,
	strictText,
	validateEmail,
} from '../../../shared/validation';
import { asObject } from '../../../shared/utils';
import { simplifyVisitor } from '../../helpers/simplify';
import { simplifyField, visitorLocator } from '../common.descriptions';
import { readVisitorId } from '../common.parameters';
import { collection } from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	visitorLocator,
	collection(
		'updateFields',
		[
			{
				displayName: 'Custom Fields',
				name: 'customFields',
				type: 'fixedCollection',
				placeholder: 'Add custom field',
				typeOptions: { multipleValues: true },
				default: {},
				description:
					"Values for the account's custom visitor fields, by field key. Keys not listed keep their value (the node reads the visitor first and sends every key).",
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
		'Only the fields added here are changed; everything else stays as it is',
	),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['visitor'], operation: ['update'] } },
	properties,
);

/** The Custom Fields pairs: a list under `field`, each value text, a number or a boolean. */
function customFieldPairs(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): Array<{ key?: unknown; value?: unknown }> {
	if (value === undefined) return [];
	const field = value && typeof value === 'object' ? (value as IDataObject).field : undefined;
	if (!value || typeof value !== 'object' || Array.isArray(value) || !Array.isArray(field ?? [])) {
		throw invalidParameter(this, 'Custom Fields', 'must be a list of key/value pairs', itemIndex);
	}
	const pairs = (field ?? []) as Array<{ key?: unknown; value?: unknown }>;
	for (const pair of pairs) {
		if (!pair || typeof pair !== 'object' || Array.isArray(pair)) {
			throw invalidParameter(this, 'Custom Fields', 'must be a list of key/value pairs', itemIndex);
		}
		const key = strictText(this, pair.key, 'Custom Fields', itemIndex);
		if (pair.value !== null && typeof pair.value === 'object') {
			throw invalidParameter(
				this,
				'Custom Fields',
				`has an object or a list as the value of "${key}"; Chaport takes text, numbers and booleans`,
				itemIndex,
			);
		}
	}
	return pairs;
}

/** UTM values: a set of text fields. */
function utmValues(this: IExecuteFunctions, value: unknown, itemIndex: number): IDataObject {
	if (value === undefined) return {};
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw invalidParameter(this, 'UTM', 'must be a set of fields', itemIndex);
	}
	const utm: IDataObject = {};
	for (const [key, text] of Object.entries(value as IDataObject)) {
		utm[key] = strictText(this, text, `UTM ${key}`, itemIndex);
	}
	return utm;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	const fields = readCollection(this, 'updateFields', 'Update Fields', itemIndex);
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);

	const customPairs = customFieldPairs.call(this, fields.customFields, itemIndex);
	const utm = utmValues.call(this, fields.utm, itemIndex);
	const body = buildVisitorBody({
		name: optionalText(this, fields.name, 'Name', itemIndex),
		email:
			fields.email === undefined
				? undefined
				: validateEmail(this, fields.email, 'Email', itemIndex),
		phone: optionalText(this, fields.phone, 'Phone', itemIndex),
		notes: optionalText(this, fields.notes, 'Notes', itemIndex),
		custom: customPairs.length
			? keyValuePairsToObject(this, customPairs, 'Custom Fields', itemIndex)
			: undefined,
		utm: Object.keys(utm).length ? utm : undefined,
		sourceHost: optionalText(this, fields.sourceHost, 'Source Host', itemIndex),
		emailMarketingConsent:
			fields.emailMarketingConsent === undefined
				? undefined
				: strictBoolean(this, fields.emailMarketingConsent, 'Email Marketing Consent', itemIndex),
	});
	requireFieldsToChange(this, body, itemIndex);
	if (body.custom !== undefined || body.utm !== undefined) {
		await mergeWithCurrent.call(this, visitorId, body, itemIndex);
	}

	const visitor = await requestObject.call(this, 'PUT', target.visitor(visitorId), itemIndex, {
		body,
	});
	return [simplify ? simplifyVisitor(visitor) : visitor];
}

/**
 * Whether Chaport merges `custom` (and `utm`) key by key or replaces the whole object is
 * unconfirmed. To keep the promise that keys not listed keep their value either way, the visitor
 * is read first and the complete object is sent: the current keys with the new values on top. Only
 * done when one of those objects changes, so other updates cost no extra request.
 */
async function mergeWithCurrent(
	this: IExecuteFunctions,
	visitorId: string,
	body: IDataObject,
	itemIndex: number,
): Promise<void> {
	const current = await requestObject.call(this, 'GET', target.visitor(visitorId), itemIndex);
	for (const key of ['custom', 'utm'] as const) {
		if (body[key] === undefined) continue;
		body[key] = { ...asObject(current[key]), ...asObject(body[key]) };
	}
}
