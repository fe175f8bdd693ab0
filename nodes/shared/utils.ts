import type { IDataObject } from 'n8n-workflow';

/** A JSON object, or `{}` for anything else (null, arrays, text): Chaport's answers are read defensively. */
export function asObject(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

/** The message of a caught error, whatever was thrown. */
export function errorText(error: unknown): string {
	return (error as Error)?.message ?? String(error);
}

/** Whether a request failed with HTTP 404 (the transport's NodeApiError carries the status). */
export function isNotFound(error: unknown): boolean {
	return String((error as { httpCode?: unknown })?.httpCode) === '404';
}

/**
 * The first `limit` items that pass every filter (an undefined filter passes everything): for the
 * lists Chaport returns whole, without paging or filtering.
 */
export function firstMatching<T>(
	items: T[],
	limit: number,
	filters: Array<((item: T) => boolean) | undefined>,
): T[] {
	const active = filters.filter((filter): filter is (item: T) => boolean => filter !== undefined);
	return items.filter((item) => active.every((passes) => passes(item))).slice(0, limit);
}
