import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { query } from '../apiContract';
import type { ChaportContext, ChaportRequest } from './index';
import { chaportRequest } from './index';

export const paginationPolicy = {
	/** A runaway guard: a server that always answers with `links.next` must not loop forever. */
	maxPages: 10_000,
};

/**
 * Page-numbered lists (GET /visitors): asks for page 1, 2, … while the reply carries `links.next`
 * and a non-empty `result`, and stops as soon as `limit` items are in hand. An item that shows up
 * again on a later page (the list moved while it was walked) is kept once, by its `id`. Hitting
 * the page guard is an error, never a silently shortened list.
 */
export async function chaportRequestPages(
	this: ChaportContext,
	request: ChaportRequest,
	limit?: number,
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	const seen = new Set<string>();
	for (let page = 1; ; page++) {
		if (page > paginationPolicy.maxPages) {
			throw new NodeApiError(
				this.getNode(),
				{ message: `More than ${paginationPolicy.maxPages} pages` } as JsonObject,
				{
					message: `Chaport kept announcing another page after ${paginationPolicy.maxPages} pages; the list was not returned`,
					description:
						'Chaport may be answering every page with a link to the next one. Use a Limit, or try again later.',
					itemIndex: request.itemIndex,
				},
			);
		}
		const response = await chaportRequest.call(this, {
			...request,
			qs: { ...(request.qs ?? {}), [query.page]: page },
			expect: 'list',
		});
		const result = response.result as IDataObject[];
		for (const item of result) {
			const id = item && typeof item === 'object' ? item.id : undefined;
			const key = typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
			if (key !== undefined) {
				if (seen.has(key)) continue;
				seen.add(key);
			}
			items.push(item);
			if (limit !== undefined && items.length >= limit) return items;
		}
		if (result.length === 0 || !response.links.next) break;
	}
	return items;
}
