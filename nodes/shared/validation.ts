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

/** A visitor, operator or team id: required, 24 hex characters. */
export function requireHexId(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const id = asTrimmedString(value);
	if (!id) throw invalidParameter(context, label, 'is empty', itemIndex, `Enter the ${label}.`);
	rejectPathChange(context, label, id, itemIndex);
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
	const id = asTrimmedString(value);
	if (!id) throw invalidParameter(context, label, 'is empty', itemIndex, `Enter the ${label}.`);
	rejectPathChange(context, label, id, itemIndex);
	if (!SAFE_SEGMENT.test(id)) {
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
	const raw = asTrimmedString(value);
	if (!raw) throw invalidParameter(context, label, 'is empty', itemIndex, `Enter the ${label}.`);
	rejectPathChange(context, label, raw, itemIndex);
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
