import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { OPERATOR_ROLES, OPERATOR_STATUSES } from '../../../shared/apiContract';
import { requireOneOf, requireText, strictText, validateHttpUrl } from '../../../shared/validation';

const ROLE_DESCRIPTIONS: Record<(typeof OPERATOR_ROLES)[number], string> = {
	admin: 'Can also change account settings and manage operators',
	operator: 'Answers chats',
};

/** Role choices, shared by Create, Update and the Get Many filter. */
export const roleOptions = [...OPERATOR_ROLES].sort().map((role) => ({
	name: role.charAt(0).toUpperCase() + role.slice(1),
	value: role,
	description: ROLE_DESCRIPTIONS[role],
}));

const STATUS_DESCRIPTIONS: Record<(typeof OPERATOR_STATUSES)[number], string> = {
	invisible: 'Gets no new chats but still appears online to visitors in ongoing chats',
	offline: 'Gets no new chats',
	online: 'Gets new chats',
};

/** Status choices, shared by Set Status and the Get Many filter. */
export const statusOptions = [...OPERATOR_STATUSES].sort().map((status) => ({
	name: status.charAt(0).toUpperCase() + status.slice(1),
	value: status,
	description: STATUS_DESCRIPTIONS[status],
}));

/**
 * The editable operator fields other than e-mail and name, in the form shared by Create
 * ('Additional Fields') and Update ('Update Fields').
 */
export const editableOperatorFields: INodeProperties[] = [
	{
		displayName: 'Image URL',
		name: 'image',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://cdn.example.com/avatars/maria.png',
		description: "Web address (http or https) of the operator's avatar picture",
	},
	{
		displayName: 'Job Title',
		name: 'jobTitle',
		type: 'string',
		default: '',
		placeholder: 'e.g. Customer success',
		description: "The operator's position, shown to visitors in the chat",
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '',
		placeholder: 'e.g. en',
		description:
			'Two-letter code of the language the Chaport app is shown in for this operator, e.g. en, de, es, ru',
	},
	{
		displayName: 'Role',
		name: 'role',
		type: 'options',
		options: roleOptions,
		default: 'operator',
		description: "What the operator may do in Chaport. The account owner's role cannot be changed.",
	},
];

/** The optional operator fields (role, language, job title, image), validated. */
export function optionalOperatorFields(
	this: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): Record<string, string> {
	const values: Record<string, string> = {};
	if (fields.role !== undefined) {
		values.role = requireOneOf(this, fields.role, OPERATOR_ROLES, 'Role', itemIndex);
	}
	if (fields.language !== undefined) {
		values.language = requireText(this, fields.language, 'Language', itemIndex).trim();
	}
	if (fields.jobTitle !== undefined) {
		values.jobTitle = strictText(this, fields.jobTitle, 'Job Title', itemIndex);
	}
	if (fields.image !== undefined) {
		values.image = validateHttpUrl(this, fields.image, 'Image URL', itemIndex);
	}
	return values;
}
