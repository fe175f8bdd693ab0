import type { INodeProperties } from 'n8n-workflow';

/** Chaport's visitor, operator and team IDs: 24 hexadecimal characters. */
/** The operator picker, used by the Chaport node's operations and the trigger's options. */
export function operatorLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Operator',
		name: 'operatorId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Chaport operator (a support agent of the account)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchOperators', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 5f2b7c9e1a4d3e0012ab34cd',
			},
		],
		...overrides,
	};
}

const COLLECTIONS = {
	additionalFields: { displayName: 'Additional Fields', placeholder: 'Add field' },
	filters: { displayName: 'Filters', placeholder: 'Add filter' },
	options: { displayName: 'Options', placeholder: 'Add option' },
	updateFields: { displayName: 'Update Fields', placeholder: 'Add field' },
} as const;

/**
 * One of the optional-field collections n8n nodes use ('Additional Fields', 'Filters', 'Options',
 * 'Update Fields'): always named, labelled and started empty the same way.
 */
export function collection(
	name: keyof typeof COLLECTIONS,
	options: INodeProperties[],
	description?: string,
): INodeProperties {
	return {
		...COLLECTIONS[name],
		name,
		type: 'collection',
		default: {},
		...(description ? { description } : {}),
		options,
	};
}
