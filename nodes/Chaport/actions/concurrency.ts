import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameter } from '../../shared/validation';
import type { ChaportResource } from './types';

export const MAX_CONCURRENCY = 20;

/**
 * One setting for every operation, like the HTTP Request node's Batching. The default is 1 for
 * reads as well as writes: Chaport documents no rate limit, so nothing above one request at a
 * time is known to be allowed (the README's Performance section has the reasoning and figures).
 */
export const concurrencyField: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
	default: 1,
	description:
		'How many requests to Chaport the node has in flight at once, across input items, Return All pages and older chats. Output order always equals input order, and changes to the same visitor, operator or webhook (e.g. messages to one visitor) are still made one after another in input order. If Chaport answers that it is rate limiting, every request waits.',
};

/** Operations that change something in Chaport: their items keep order per target. */
const WRITES: Record<ChaportResource, string[]> = {
	chat: ['updateLast'],
	message: ['send', 'update'],
	operator: ['create', 'delete', 'setStatus', 'update'],
	visitor: ['delete', 'update'],
	webhook: ['create', 'delete', 'update'],
};

/** The locator or ID parameters that name what a write changes. */
const TARGET_PARAMETERS = ['visitorId', 'operatorId', 'subscriptionId'];

export function readConcurrency(context: IExecuteFunctions): number {
	const value = context.getNodeParameter('concurrency', 0, 1) as unknown;
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
		throw invalidParameter(
			context,
			'Concurrency',
			`must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${JSON.stringify(value)}`,
			0,
		);
	}
	return n;
}

/**
 * For a write, what item `itemIndex` changes (e.g. `visitorId:abc`), so items that change the
 * same thing run in input order; undefined for reads and when it cannot be read (the operation
 * then reports the bad parameter itself).
 */
export function orderKeyFor(
	context: IExecuteFunctions,
	resource: ChaportResource,
	operation: string,
): (itemIndex: number) => string | undefined {
	if (!WRITES[resource]?.includes(operation)) return () => undefined;
	return (itemIndex) => {
		for (const name of TARGET_PARAMETERS) {
			try {
				const value = context.getNodeParameter(name, itemIndex, '', { extractValue: true });
				if (value !== '' && value !== undefined && value !== null) {
					return `${name}:${String(value).trim().toLowerCase()}`;
				}
			} catch {
				// not a parameter of this operation, or an expression that fails: try the next one
			}
		}
		return undefined;
	};
}
