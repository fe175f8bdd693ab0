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
