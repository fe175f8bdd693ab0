// Visitor endpoints: paginated list, get, partial update, delete.

import { badRequest, notFound } from '../errors';
import type { SandboxState } from '../store';
import type { CustomValue, Utm, Visitor } from '../types';
import { API_PREFIX, visitorView } from '../views';
import { deleted, link, type Route, route } from './router';
import {
	type Body,
	has,
	isPlainObject,
	objectBody,
	optionalBoolean,
	optionalString,
} from './validate';

const UTM_KEYS: ReadonlyArray<keyof Utm> = ['source', 'medium', 'campaign', 'term', 'content'];

export function findVisitor(state: SandboxState, id: string): Visitor {
	const visitor = state.findVisitor(id);
	if (!visitor) throw notFound(`Visitor ${id} not found`);
	return visitor;
}

function parsePage(raw: string | undefined): number {
	if (raw === undefined || raw === '') return 1;
	if (!/^[0-9]+$/.test(raw) || Number(raw) < 1) {
		throw badRequest('"page" must be an integer >= 1', 'invalid_value');
	}
	return Number(raw);
}

/** `custom` is merged key by key (unconfirmed); null removes a key (sandbox choice). */
function customChanges(value: unknown): Record<string, CustomValue | null> {
	if (!isPlainObject(value)) throw badRequest('"custom" must be an object', 'invalid_value');
	for (const [key, v] of Object.entries(value)) {
		if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
			throw badRequest(
				`"custom.${key}" must be a string, number, boolean or null`,
				'invalid_value',
			);
		}
	}
	return value as Record<string, CustomValue | null>;
}

/** `utm` sub-keys (unconfirmed) are merged like `custom`. */
function utmChanges(value: unknown): Partial<Record<keyof Utm, string | null>> {
	if (!isPlainObject(value)) throw badRequest('"utm" must be an object', 'invalid_value');
	for (const [key, v] of Object.entries(value)) {
		if (!(UTM_KEYS as readonly string[]).includes(key)) {
			throw badRequest(`"utm.${key}" is not one of ${UTM_KEYS.join(', ')}`, 'invalid_value');
		}
		if (v !== null && typeof v !== 'string') {
			throw badRequest(`"utm.${key}" must be a string or null`, 'invalid_value');
		}
	}
	return value as Partial<Record<keyof Utm, string | null>>;
}

function applyUpdate(visitor: Visitor, body: Body, replace: boolean): void {
	// validate everything first so that a 400 leaves the visitor untouched
	const strings: Array<'name' | 'email' | 'phone' | 'notes' | 'sourceHost'> = [
		'name',
		'email',
		'phone',
		'notes',
		'sourceHost', // key unconfirmed
	];
	const stringChanges = strings
		.map((key) => [key, optionalString(body, key)] as const)
		.filter(([, v]) => v !== undefined);
	const consent = optionalBoolean(body, 'emailMarketingConsent'); // key unconfirmed
	const custom = has(body, 'custom') ? customChanges(body.custom) : undefined;
	const utm = has(body, 'utm') ? utmChanges(body.utm) : undefined;

	for (const [key, value] of stringChanges) visitor[key] = value as string;
	if (consent !== undefined) visitor.emailMarketingConsent = consent;
	// Switch customUpdate 'replace': the object sent becomes the whole `custom` / `utm`.
	if (custom && replace) visitor.custom = {};
	if (utm && replace) visitor.utm = {};
	if (custom) {
		for (const [key, value] of Object.entries(custom)) {
			if (value === null) delete visitor.custom[key];
			else visitor.custom[key] = value;
		}
	}
	if (utm) {
		for (const [key, value] of Object.entries(utm) as Array<[keyof Utm, string | null]>) {
			if (value === null) delete visitor.utm[key];
			else visitor.utm[key] = value;
		}
	}
}

export const visitorRoutes: Route[] = [
	// Page-number pagination; links.next while more pages exist.
	route('GET', '/visitors', ({ state, options, query, origin }) => {
		const page = parsePage(query.page);
		const all = state.sortedVisitors();
		const start = (page - 1) * options.pageSize;
		const result = all.slice(start, start + options.pageSize).map(visitorView);
		const body: { result: unknown[]; links?: { next: string | null } } = { result };
		if (start + options.pageSize < all.length) {
			body.links = { next: link({ options, origin }, `${API_PREFIX}/visitors?page=${page + 1}`) };
		} else if (options.alternatives.lastPageNext !== 'absent') {
			// Switch lastPageNext: the last page says so with null or "" instead of leaving it out.
			body.links = { next: options.alternatives.lastPageNext === 'null' ? null : '' };
		}
		return { body };
	}),

	route('GET', '/visitors/:visitorId', ({ state, params }) => ({
		body: { result: visitorView(findVisitor(state, params[0])) },
	})),

	route('PUT', '/visitors/:visitorId', ({ state, params, body, options }) => {
		const visitor = findVisitor(state, params[0]);
		applyUpdate(visitor, objectBody(body), options.alternatives.customUpdate === 'replace');
		return { body: { result: visitorView(visitor) } };
	}),

	// Path and response unconfirmed: deletes the visitor with its chats.
	route('DELETE', '/visitors/:visitorId', ({ state, params, options }) => {
		const visitor = findVisitor(state, params[0]);
		state.removeVisitor(visitor.id);
		return deleted(options);
	}),
];
