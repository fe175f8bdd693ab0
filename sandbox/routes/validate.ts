// Request-body validation helpers; every failure is a 400.

import { badRequest } from '../errors';

export type Body = Record<string, unknown>;

const HEX24 = /^[0-9a-f]{24}$/;

export function isPlainObject(value: unknown): value is Body {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request body must be a JSON object (an absent body counts as `{}`). */
export function objectBody(body: unknown): Body {
	if (body === undefined) return {};
	if (!isPlainObject(body)) throw badRequest('The request body must be a JSON object');
	return body;
}

export function has(body: Body, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(body, key) && body[key] !== undefined;
}

export function requiredString(body: Body, key: string, label = key): string {
	const value = body[key];
	if (value === undefined || value === null || value === '') {
		throw badRequest(`"${label}" is required`, 'missing_field');
	}
	if (typeof value !== 'string') throw badRequest(`"${label}" must be a string`, 'invalid_value');
	if (value.trim() === '') throw badRequest(`"${label}" must not be empty`, 'missing_field');
	return value;
}

export function optionalString(body: Body, key: string, label = key): string | undefined {
	if (!has(body, key)) return undefined;
	const value = body[key];
	if (typeof value !== 'string') throw badRequest(`"${label}" must be a string`, 'invalid_value');
	return value;
}

export function optionalBoolean(body: Body, key: string): boolean | undefined {
	if (!has(body, key)) return undefined;
	const value = body[key];
	if (typeof value !== 'boolean') throw badRequest(`"${key}" must be a boolean`, 'invalid_value');
	return value;
}

export function enumValue<T extends string>(
	value: unknown,
	allowed: readonly T[],
	label: string,
): T {
	if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
		throw badRequest(`"${label}" must be one of ${allowed.join(', ')}`, 'invalid_value');
	}
	return value as T;
}

export function hexId(value: unknown, label: string): string {
	if (typeof value !== 'string' || !HEX24.test(value)) {
		throw badRequest(`"${label}" must be a 24-character hex id`, 'invalid_value');
	}
	return value;
}

export function email(value: string, label = 'email'): string {
	if (!/^[^\s@]+@[^\s@]+$/.test(value))
		throw badRequest(`"${label}" is not an e-mail address`, 'invalid_value');
	return value;
}

/** Parses a chat id path segment; anything but a positive integer is an unknown chat. */
export function chatIdParam(raw: string): number | undefined {
	return /^[1-9][0-9]*$/.test(raw) ? Number(raw) : undefined;
}

export function isTrue(query: Record<string, string>, key: string): boolean {
	return query[key] === 'true';
}
