// GET /me.json and the operator endpoints.

import { badRequest, forbidden, notFound } from '../errors';
import type { SandboxState } from '../store';
import { OPERATOR_ROLES, OPERATOR_STATUSES } from '../types';
import type { Operator, OperatorRole } from '../types';
import { operatorView } from '../views';
import { deleted, type Route, route } from './router';
import { email, enumValue, has, objectBody, optionalString, requiredString } from './validate';

function findOperator(state: SandboxState, id: string): Operator {
	const operator = state.findOperator(id);
	if (!operator) throw notFound(`Operator ${id} not found`);
	return state.refreshOperator(operator);
}

function language(value: string): string {
	// 2-letter code (full list unconfirmed)
	if (!/^[a-z]{2}$/.test(value))
		throw badRequest('"language" must be a 2-letter code', 'invalid_value');
	return value;
}

function assertEmailFree(state: SandboxState, address: string, exceptId?: string): void {
	const taken = state.operators.some(
		(o) => o.id !== exceptId && o.email.toLowerCase() === address.toLowerCase(),
	);
	if (taken)
		throw badRequest(`An operator with e-mail ${address} already exists`, 'already_exists');
}

export const operatorRoutes: Route[] = [
	// Body of /me.json undocumented; the owner operator in the envelope (unconfirmed).
	// Switch meBody: an empty object instead (the credential test must only look at the status).
	route('GET', '/me.json', ({ state, options }) => ({
		body:
			options.alternatives.meBody === 'empty'
				? {}
				: { result: operatorView(state.refreshOperator(state.owner)) },
	})),

	route('GET', '/operators', ({ state }) => ({
		body: { result: state.operators.map((o) => operatorView(state.refreshOperator(o))) },
	})),

	route('GET', '/operators/:operatorId', ({ state, params }) => ({
		body: { result: operatorView(findOperator(state, params[0])) },
	})),

	// Create (invite): path/method and body keys unconfirmed.
	route('POST', '/operators', ({ state, body: raw }) => {
		const body = objectBody(raw);
		const address = email(requiredString(body, 'email'));
		const name = requiredString(body, 'name');
		const role = has(body, 'role')
			? enumValue<OperatorRole>(body.role, OPERATOR_ROLES, 'role')
			: 'operator';
		const lang = language(optionalString(body, 'language') ?? 'en');
		const jobTitle = optionalString(body, 'jobTitle') ?? '';
		const image = optionalString(body, 'image') ?? '';
		assertEmailFree(state, address);
		const operator: Operator = {
			id: state.newId(),
			email: address,
			name,
			language: lang,
			jobTitle,
			role,
			lastLoginAt: null, // never logged in (sandbox choice)
			lastActivityAt: null,
			image,
			lastStatus: 'offline', // unconfirmed
			realStatus: 'offline',
		};
		state.operators.push(operator);
		return { body: { result: operatorView(operator) } };
	}),

	// Partial update: method unconfirmed. The owner cannot be demoted (403).
	route('PUT', '/operators/:operatorId', ({ state, params, body: raw }) => {
		const body = objectBody(raw);
		const operator = findOperator(state, params[0]);
		const changes: Partial<Operator> = {};
		if (has(body, 'name')) changes.name = requiredString(body, 'name');
		if (has(body, 'email')) {
			changes.email = email(requiredString(body, 'email'));
			assertEmailFree(state, changes.email, operator.id);
		}
		if (has(body, 'language')) changes.language = language(requiredString(body, 'language'));
		if (has(body, 'jobTitle')) changes.jobTitle = optionalString(body, 'jobTitle');
		if (has(body, 'image')) changes.image = optionalString(body, 'image');
		if (has(body, 'role'))
			changes.role = enumValue<OperatorRole>(body.role, OPERATOR_ROLES, 'role');
		if (operator.id === state.ownerId && changes.role !== undefined && changes.role !== 'admin') {
			throw forbidden('The account owner cannot be demoted');
		}
		Object.assign(operator, changes);
		return { body: { result: operatorView(operator) } };
	}),

	// Path unconfirmed. `{ result: true }`; the owner cannot be deleted (403).
	route('DELETE', '/operators/:operatorId', ({ state, params, options }) => {
		const operator = findOperator(state, params[0]);
		if (operator.id === state.ownerId) throw forbidden('The account owner cannot be deleted');
		state.removeOperator(operator.id);
		return deleted(options);
	}),

	// Exactly one of ttl / validUntil (key names unconfirmed); `away` is rejected.
	route('POST', '/operators/:operatorId/status', ({ state, params, body: raw, options }) => {
		const body = objectBody(raw);
		const operator = findOperator(state, params[0]);
		if (!has(body, 'status')) throw badRequest('"status" is required', 'missing_field');
		const status = enumValue(body.status, OPERATOR_STATUSES, 'status');
		const hasTtl = has(body, 'ttl');
		const hasUntil = has(body, 'validUntil');
		if (hasTtl === hasUntil) {
			throw badRequest('Send exactly one of "ttl" and "validUntil"', 'invalid_value');
		}
		let until: number;
		if (hasTtl) {
			const ttl = body.ttl;
			if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl <= 0) {
				throw badRequest('"ttl" must be a positive integer (seconds)', 'invalid_value');
			}
			until = state.options.now() + ttl * 1000;
		} else {
			const raw = body.validUntil;
			until = typeof raw === 'string' ? Date.parse(raw) : NaN;
			if (Number.isNaN(until)) {
				throw badRequest('"validUntil" must be an ISO 8601 date-time', 'invalid_value');
			}
			if (until <= state.options.now())
				throw badRequest('"validUntil" must be in the future', 'invalid_value');
		}
		const updated = operatorView(state.setOperatorStatus(operator, status, until));
		// Switch statusResponse: the body is unknown, the node must not depend on it.
		return { body: options.alternatives.statusResponse === 'empty' ? {} : { result: updated } };
	}),
];
