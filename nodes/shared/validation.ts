import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
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

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	return String(value);
}

/**
 * A text value: strings as they are, numbers written out; objects, lists and booleans are refused
 * (an expression that returned `{{ $json }}` must not become "[object Object]").
 */
export function strictText(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (value === undefined || value === null) return '';
	throw invalidParameter(
		context,
		label,
		`must be text, got ${describeValue(value)}`,
		itemIndex,
		'Map a text value here, e.g. {{ $json.message }}, not a whole object or list.',
	);
}

/** An optional text field of a collection: undefined when not added. */
export function optionalText(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): string | undefined {
	return value === undefined ? undefined : strictText(context, value, label, itemIndex);
}

export function requireText(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const text = strictText(context, value, label, itemIndex);
	if (!text.trim())
		throw invalidParameter(context, label, 'is empty', itemIndex, `Enter the ${label}.`);
	return text;
}

/** A boolean from the UI or an expression: true, false, or the text "true" / "false" only. */
export function strictBoolean(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && /^\s*(true|false)\s*$/i.test(value)) {
		return value.trim().toLowerCase() === 'true';
	}
	throw invalidParameter(
		context,
		label,
		`must be true or false, got ${describeValue(value)}`,
		itemIndex,
	);
}

/** A boolean parameter (e.g. Return All, Simplify) read strictly. */
export function readBoolean(
	context: Context,
	parameter: string,
	label: string,
	fallback: boolean,
	itemIndex: number,
): boolean {
	return strictBoolean(
		context,
		context.getNodeParameter(parameter, itemIndex, fallback),
		label,
		itemIndex,
	);
}

/** A number from the UI or an expression: a finite number, or text that is a plain decimal. */
export function strictNumber(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): number {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	throw invalidParameter(
		context,
		label,
		`must be a number, got ${describeValue(value)}`,
		itemIndex,
	);
}

/** A collection parameter (Options, Update Fields, Filters): an object, or nothing. */
export function readCollection(
	context: Context,
	parameter: string,
	label: string,
	itemIndex: number,
): IDataObject {
	const value = context.getNodeParameter(parameter, itemIndex, {}) as unknown;
	if (value === undefined || value === null || value === '') return {};
	if (typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	throw invalidParameter(
		context,
		label,
		`must be a set of fields, got ${describeValue(value)}`,
		itemIndex,
	);
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
	// A Map, not an object: keys such as `constructor` or `__proto__` are ordinary custom fields.
	const entries = new Map<string, unknown>();
	for (const pair of pairs) {
		const key = asTrimmedString(pair.key);
		if (!key) throw invalidParameter(context, label, 'has a field with an empty key', itemIndex);
		if (entries.has(key)) {
			throw invalidParameter(context, label, `has the key "${key}" more than once`, itemIndex);
		}
		entries.set(key, pair.value);
	}
	return Object.fromEntries(entries);
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
	// A Unix timestamp in milliseconds, e.g. from {{ $now.toMillis() }}.
	if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
	if (typeof value === 'string' && /^\s*\d{10,}\s*$/.test(value)) return Number(value);
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
	const raw = context.getNodeParameter(parameter, itemIndex, fallback) as unknown;
	const value = strictNumber(context, raw, label, itemIndex);
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
	if (readBoolean(context, 'returnAll', 'Return All', false, itemIndex)) return Infinity;
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
