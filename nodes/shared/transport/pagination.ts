import type { IDataObject } from 'n8n-workflow';

import { query } from '../apiContract';
import type { ChaportContext, ChaportRequest } from './index';
import { chaportRequest } from './index';

/** A runaway guard: a server that always answers with `links.next` must not loop forever. */
const MAX_PAGES = 10_000;

/**
 * Page-numbered lists (GET /visitors): asks for page 1, 2, … while the reply carries `links.next`
 * and a non-empty `result`, and stops as soon as `limit` items are in hand.
 */
export async function chaportRequestPages(
	this: ChaportContext,
	request: ChaportRequest,
	limit?: number,
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const response = await chaportRequest.call(this, {
			...request,
			qs: { ...(request.qs ?? {}), [query.page]: page },
		});
		const result = Array.isArray(response.result) ? (response.result as IDataObject[]) : [];
		for (const item of result) {
			items.push(item);
			if (limit !== undefined && items.length >= limit) return items;
		}
		if (result.length === 0 || !response.links.next) break;
	}
	return items;
}
