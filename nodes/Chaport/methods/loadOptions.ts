import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listOperators } from '../../shared/api';
import { operatorOption } from '../../shared/methods/listSearch';

/** Operators for multi-select fields (chat assignment), sorted by name. */
export async function getOperators(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listOperators.call(this))
		.filter((operator) => operator.id !== undefined && operator.id !== null)
		.map(operatorOption)
		.sort((a, b) => a.name.localeCompare(b.name));
}
