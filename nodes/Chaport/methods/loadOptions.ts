import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { paths } from '../../shared/apiContract';
import { chaportResult } from '../../shared/transport';

/** Operators for multi-select fields (chat assignment), sorted by name. */
export async function getOperators(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const result = await chaportResult.call(this, { method: 'GET', path: paths.operators() });
	const operators = (Array.isArray(result) ? result : []) as IDataObject[];
	return operators
		.filter((operator) => operator.id !== undefined && operator.id !== null)
		.map((operator) => ({
			name: operator.email
				? `${operator.name || operator.id} (${operator.email})`
				: String(operator.name || operator.id),
			value: String(operator.id),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
