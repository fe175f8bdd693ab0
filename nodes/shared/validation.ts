import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { clock } from './clock';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Longest ID accepted. Chaport's IDs are short (24 characters, or a number); anything this long is
 * a pasted text rather than an ID.
 */
export const MAX_ID_LENGTH = 256;

export function invalidParameter(
	context: Context,
	label: string,
	problem: string,
	itemIndex: number,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), `'${label}' ${problem} [item ${itemIndex}]`, {
		itemIndex,
		description,
	});
}

function asTrimmedString(value: unknown): string {
	if (value === undefined || value === null) return '';
	return String(value).trim();
}

/**
 * Why `value` cannot be a Chaport ID, or undefined when it can be one. IDs are opaque: whatever
 * Chaport hands out must work, so only what cannot be an ID is refused (nothing, `.` or `..`,
 * which would change the request path, a non-text value, or an absurdly long text). Everything
 * else is percent-encoded into the path (see `paths` in apiContract). A format Chaport's documentation
 * gives (24 hex characters, whole numbers) is only a hint in Chaport's error, see `idFormatHint`.
 */
export function idProblem(value: unknown): string | undefined {
	if (value !== undefined && value !== null && typeof value === 'object') {
		return 'must be text or a number, not an object or a list';
	}
	if (typeof value === 'boolean') return `must be text or a number, got ${value}`;
	const id = asTrimmedString(value);
	if (!id) return 'is empty';
	if (id === '.' || id === '..') return `cannot be "${id}"`;
	if (id.length > MAX_ID_LENGTH) {
		return `is ${id.length} characters long, too long for an ID (at most ${MAX_ID_LENGTH})`;
	}
	return undefined;
}

/**
 * Any Chaport ID (visitor, chat, chat event, operator, team, subscription): trimmed, refused only
 * when it cannot be an ID at all (see `idProblem`).
 */
export function requireId(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const problem = idProblem(value);
	if (problem) {
		throw invalidParameter(
			context,
			label,
			problem,
			itemIndex,
			problem === 'is empty'
				? `Enter the ${label}.`
				: 'Copy the ID from the Chaport app, or pick the item from the list.',
		);
	}
	return asTrimmedString(value);
}

/**
 * A chat ID: opaque like every ID, but given as the whole number Chaport uses when it is one, so
 * that outputs and request bodies carry a number.
 */
export function requireChatId(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): number | string {
	const id = requireId(context, value, label, itemIndex);
	return /^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

export function requireText(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const text = typeof value === 'string' ? value : asTrimmedString(value);
	if (!text.trim())
		throw invalidParameter(context, label, 'is empty', itemIndex, `Enter the ${label}.`);
	return text;
}

export function validateEmail(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const email = asTrimmedString(value);
	if (!EMAIL.test(email)) {
		throw invalidParameter(context, label, `is not a valid e-mail address: "${email}"`, itemIndex);
	}
	return email;
}

export function validateRating(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): number {
	const rating = Number(value);
	if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
		throw invalidParameter(
			context,
			label,
			`must be a whole number from 1 to 5, got "${value}"`,
			itemIndex,
		);
	}
	return rating;
}

export function validateHttpUrl(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const url = asTrimmedString(value);
	if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url)) {
		throw invalidParameter(
			context,
			label,
			`must be an http:// or https:// URL, got "${url}"`,
			itemIndex,
		);
	}
	return url;
}

/** Key/value pairs from a fixedCollection; duplicate or empty keys are refused. */
export function keyValuePairsToObject(
	context: Context,
	pairs: Array<{ key?: unknown; value?: unknown }>,
	label: string,
	itemIndex: number,
): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const pair of pairs) {
		const key = asTrimmedString(pair.key);
		if (!key) throw invalidParameter(context, label, 'has a field with an empty key', itemIndex);
		if (key in result) {
			throw invalidParameter(context, label, `has the key "${key}" more than once`, itemIndex);
		}
		result[key] = pair.value;
	}
	return result;
}

/** An options value that may come from an expression: must be one of `allowed`. */
export function requireOneOf<T extends string>(
	context: Context,
	value: unknown,
	allowed: readonly T[],
	label: string,
	itemIndex: number,
): T {
	const text = asTrimmedString(value);
	if (!(allowed as readonly string[]).includes(text)) {
		throw invalidParameter(
			context,
			label,
			text ? `must be one of ${allowed.join(', ')}, got "${text}"` : 'is empty',
			itemIndex,
			`Choose one of: ${allowed.join(', ')}.`,
		);
	}
	return text as T;
}

/**
 * Epoch ms of an ISO 8601 date-time (a space instead of the "T" is accepted too). n8n's dateTime
 * fields carry no zone designator, so such a value is read as wall-clock time in `timeZone` (the
 * workflow's), as n8n's own nodes do. Luxon is the date library n8n itself ships and resolves for
 * community nodes; it is not a dependency of this package.
 */
function parseDateTime(value: unknown, timeZone: string): number {
	if (value instanceof Date) return value.getTime();
	// A Luxon DateTime from an expression such as {{ $now.plus(1, 'hour') }}.
	if (DateTime.isDateTime(value)) return value.toMillis();
	const text = asTrimmedString(value);
	const iso = DateTime.fromISO(text, { zone: timeZone });
	const parsed = iso.isValid ? iso : DateTime.fromSQL(text, { zone: timeZone });
	return parsed.isValid ? parsed.toMillis() : NaN;
}

/**
 * A date-time that must lie in the future, returned as an ISO 8601 UTC string. Values without a
 * time zone are read in the workflow's time zone.
 */
export function requireFutureDateTime(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
	timeZone: string,
	now = clock.now(),
): string {
	if (value === undefined || value === null || asTrimmedString(value) === '') {
		throw invalidParameter(context, label, 'is empty', itemIndex, `Enter the ${label}.`);
	}
	let epochMs: number;
	try {
		epochMs = parseDateTime(value, timeZone);
	} catch {
		epochMs = NaN;
	}
	if (Number.isNaN(epochMs)) {
		throw invalidParameter(
			context,
			label,
			`is not a date and time: "${asTrimmedString(value)}"`,
			itemIndex,
			'Use an ISO 8601 date-time, e.g. 2025-06-30T18:00:00Z.',
		);
	}
	if (epochMs <= now) {
		throw invalidParameter(
			context,
			label,
			`must be in the future, got ${new Date(epochMs).toISOString()}`,
			itemIndex,
		);
	}
	return new Date(epochMs).toISOString();
}

/**
 * A number parameter that must be a whole number of at least `min` (an expression can make it
 * anything); `label` is its display name.
 */
export function readWholeNumber(
	context: IExecuteFunctions,
	parameter: string,
	label: string,
	min: number,
	itemIndex: number,
	fallback: number,
): number {
	const value = Number(context.getNodeParameter(parameter, itemIndex, fallback));
	if (!(Number.isInteger(value) && value >= min)) {
		throw invalidParameter(
			context,
			label,
			`must be a whole number of at least ${min}, got "${value}"`,
			itemIndex,
		);
	}
	return value;
}

/**
 * How many results a Get Many may return: Infinity with Return All, else the Limit, which must be
 * a whole number of at least 1.
 */
export function readResultLimit(context: IExecuteFunctions, itemIndex: number): number {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return Infinity;
	return readWholeNumber(context, 'limit', 'Limit', 1, itemIndex, 50);
}

/** An update with nothing in it would be a request that changes nothing: refuse it instead. */
export function requireFieldsToChange(
	context: Context,
	body: object,
	itemIndex: number,
	label = 'Update Fields',
): void {
	if (Object.keys(body).length === 0) {
		throw invalidParameter(
			context,
			label,
			'has no field to change',
			itemIndex,
			`Add at least one field under '${label}'.`,
		);
	}
}
