import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** Operator, visitor and team ids are 24-char hex (MongoDB-style) per the API reference. */
const HEX_24 = /^[0-9a-f]{24}$/i;
/** Opaque ids (subscriptions, chat events) must still be one safe URL path segment. */
const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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

function rejectPathChange(context: Context, label: string, id: string, itemIndex: number) {
	if (/[/\\?#%]|\.\./.test(id) || /\s/.test(id)) {
		throw invalidParameter(
			context,
			label,
			`must be a plain ID, but "${id}" contains characters that would change the request path`,
			itemIndex,
		);
	}
}

/** Whether an opaque id (subscription, chat event, chat id from a link) is one safe path segment. */
export function isSafePathSegment(id: string): boolean {
	return SAFE_SEGMENT.test(id);
}

/** Any id that goes into a request path: present, and unable to change the path. */
function requirePathSegment(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const id = asTrimmedString(value);
	if (!id) throw invalidParameter(context, label, 'is empty', itemIndex, `Enter the ${label}.`);
	rejectPathChange(context, label, id, itemIndex);
	return id;
}

/** A visitor, operator or team id: required, 24 hex characters. */
export function requireHexId(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const id = requirePathSegment(context, value, label, itemIndex);
	if (!HEX_24.test(id)) {
		throw invalidParameter(
			context,
			label,
			`must be a Chaport ID of 24 hexadecimal characters, got "${id}"`,
			itemIndex,
			'Copy the ID from the Chaport app or pick the item from the list.',
		);
	}
	return id.toLowerCase();
}

/** An opaque id (subscription, chat event): required, one safe path segment. */
export function requireOpaqueId(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const id = requirePathSegment(context, value, label, itemIndex);
	if (!isSafePathSegment(id)) {
		throw invalidParameter(context, label, `is not a valid ID: "${id}"`, itemIndex);
	}
	return id;
}

/** Chat ids are positive integers. */
export function requireChatId(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): number {
	const raw = requirePathSegment(context, value, label, itemIndex);
	if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
		throw invalidParameter(
			context,
			label,
			`must be a positive whole number, got "${raw}"`,
			itemIndex,
		);
	}
	return Number(raw);
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

/** Minutes that `timeZone` is ahead of UTC at the instant `epochMs`. */
function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(epochMs));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wallClockAsUtc = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return Math.round((wallClockAsUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch ms of an ISO 8601 date-time. n8n's dateTime fields carry no zone designator, so such a
 * value is read as wall-clock time in `timeZone` (the workflow's), as n8n's own nodes do.
 */
function parseDateTime(value: unknown, timeZone: string): number {
	if (value instanceof Date) return value.getTime();
	// A Luxon DateTime from an expression such as {{ $now.plus(1, 'hour') }}.
	if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toISO?: unknown }).toISO === 'function'
	) {
		return Date.parse(String((value as { toISO: () => string }).toISO()));
	}
	const match = ISO_DATE_TIME.exec(asTrimmedString(value));
	if (!match) return NaN;
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', zone] = match;
	const wallClock = Date.UTC(
		Number(year),
		Number(month) - 1,
		Number(day),
		Number(hour),
		Number(minute),
		Number(second),
		Number(fraction.padEnd(3, '0')),
	);
	// Date.UTC rolls over out-of-range parts (month 13, hour 25): refuse those instead.
	const check = new Date(wallClock);
	if (
		check.getUTCMonth() !== Number(month) - 1 ||
		check.getUTCDate() !== Number(day) ||
		check.getUTCHours() !== Number(hour) ||
		check.getUTCMinutes() !== Number(minute)
	) {
		return NaN;
	}
	if (zone) {
		if (zone.toUpperCase() === 'Z') return wallClock;
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		return wallClock - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
	}
	// The zone's offset at the guessed instant, re-checked there in case it crosses a DST change.
	const guess = wallClock - zoneOffsetMinutes(wallClock, timeZone) * 60000;
	return wallClock - zoneOffsetMinutes(guess, timeZone) * 60000;
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
	now = Date.now(),
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
 * How many results a Get Many may return: Infinity with Return All, else the Limit, which must be
 * a whole number of at least 1 (an expression can make it anything).
 */
export function readResultLimit(context: IExecuteFunctions, itemIndex: number): number {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return Infinity;
	const limit = Number(context.getNodeParameter('limit', itemIndex, 50));
	if (!(Number.isInteger(limit) && limit >= 1)) {
		throw invalidParameter(
			context,
			'Limit',
			`must be a whole number of at least 1, got "${limit}"`,
			itemIndex,
		);
	}
	return limit;
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
