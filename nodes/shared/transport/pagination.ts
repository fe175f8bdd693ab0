import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { query } from '../apiContract';
import { requestsInFlightLimit } from './execution';
import type { ChaportContext, ChaportRequest, ChaportResponse } from './index';
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
 *
 * Pages are addressed by number, so with a concurrency above 1 the next pages are requested
 * before the current one has arrived: up to that many at once, never more than a Limit can use
 * (judged by the size of the pages so far), and only after page 1 has announced a next page.
 * Items still come out in page order. A walk ends at the first page without `links.next`; pages
 * already requested past it are waited for and dropped (at most concurrency - 1 requests).
 */
export async function chaportRequestPages(
	this: ChaportContext,
	request: ChaportRequest,
	limit?: number,
): Promise<IDataObject[]> {
	const maxPages = paginationPolicy.maxPages;
	const inFlight = requestsInFlightLimit(this);
	const pending = new Map<number, Promise<ChaportResponse>>();
	let requested = 0;
	const requestPage = (page: number) => {
		const response = chaportRequest.call(this, {
			...request,
			qs: { ...(request.qs ?? {}), [query.page]: page },
			expect: 'list',
		});
		// a page past the end may fail without anyone waiting for it
		response.catch(() => undefined);
		pending.set(page, response);
		requested = page;
	};

	const items: IDataObject[] = [];
	const seen = new Set<string>();
	let pageSize = 0;
	try {
		for (let page = 1; ; page++) {
			if (page > maxPages) {
				throw new NodeApiError(
					this.getNode(),
					{ message: `More than ${maxPages} pages` } as JsonObject,
					{
						message: `Chaport kept announcing another page after ${maxPages} pages; the list was not returned`,
						description:
							'Chaport may be answering every page with a link to the next one. Use a Limit, or try again later.',
						itemIndex: request.itemIndex,
					},
				);
			}
			if (!pending.has(page)) requestPage(page);
			const response = await pending.get(page)!;
			pending.delete(page);
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

			pageSize = Math.max(pageSize, result.length);
			const lastUseful =
				limit === undefined ? maxPages : page + Math.ceil((limit - items.length) / pageSize);
			while (pending.size < inFlight && requested < Math.min(lastUseful, maxPages)) {
				requestPage(requested + 1);
			}
		}
		return items;
	} finally {
		await Promise.allSettled(pending.values());
	}
}
