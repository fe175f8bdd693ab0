import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { paths, query } from '../apiContract';
import { listOperators } from '../api';
import { chaportRequest } from '../transport';

function matches(filter: string | undefined, ...values: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return values.some((value) => typeof value === 'string' && value.toLowerCase().includes(needle));
}

export async function searchOperators(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const operators = await listOperators.call(this);
	const results: INodeListSearchItems[] = operators
		.filter((operator) => operator.id !== undefined && operator.id !== null)
		.filter((operator) => matches(filter, operator.name, operator.email, operator.id))
		.map(operatorOption);
	return { results };
}

/** How an operator is shown in pickers: "Name (e-mail)". */
export function operatorOption(operator: IDataObject): { name: string; value: string } {
	const name = operator.name || operator.id;
	return {
		name: operator.email ? `${name} (${operator.email})` : String(name),
		value: String(operator.id),
	};
}

/** Chaport cannot search visitors server-side, so each page is filtered here. */
export async function searchVisitors(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1) || 1;
	const response = await chaportRequest.call(this, {
		method: 'GET',
		path: paths.visitors(),
		qs: { [query.page]: page },
	});
	const visitors = (Array.isArray(response.result) ? response.result : []) as IDataObject[];
	const results: INodeListSearchItems[] = visitors
		.filter((visitor) => matches(filter, visitor.name, visitor.email, visitor.phone, visitor.id))
		.map((visitor) => ({
			name: [visitor.name || 'Unnamed visitor', visitor.email].filter(Boolean).join(' · '),
			value: String(visitor.id),
		}));
	return {
		results,
		paginationToken: response.links.next && visitors.length ? String(page + 1) : undefined,
	};
}
