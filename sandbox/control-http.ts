// HTTP form of the control layer under /_sandbox (no auth, not logged, no faults), for demos,
// benchmarks and anything running outside the sandbox's process.

import type { SandboxControl } from './control';
import { badRequest, notFound } from './errors';
import { type FaultInjector, ruleFromJson, ruleToJson } from './faults';
import { isPlainObject } from './routes/validate';
import type { SandboxState } from './store';
import type { DeliveryRecord, FaultRule, RequestLogEntry } from './types';
import { subscriptionView } from './views';

export const CONTROL_PREFIX = '/_sandbox';

export interface ControlDeps {
	state: SandboxState;
	control: SandboxControl;
	faults: FaultInjector;
	requests: RequestLogEntry[];
	deliveries: DeliveryRecord[];
	reset(): void;
}

export interface ControlResult {
	status: number;
	body: unknown;
}

function bodyObject(body: unknown): Record<string, unknown> {
	if (body === undefined) return {};
	if (!isPlainObject(body)) throw badRequest('The request body must be a JSON object');
	return body;
}

function optionalText(body: Record<string, unknown>, key: string): string | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw badRequest(`"${key}" must be a string`, 'invalid_value');
	return value;
}

function stateSummary(deps: ControlDeps): unknown {
	const { state } = deps;
	return {
		ownerId: state.ownerId,
		tokens: state.options.tokens,
		counts: {
			...state.counts(),
			requests: deps.requests.length,
			deliveries: deps.deliveries.length,
			faults: deps.faults.rules.length,
		},
		operators: state.operators.map((o) => ({
			id: o.id,
			name: o.name,
			email: o.email,
			role: o.role,
		})),
		subscriptions: state.subscriptions.map(subscriptionView),
		faults: deps.faults.rules.map(ruleToJson),
	};
}

/** Handles `method` + `path` (already stripped of /_sandbox). Returns plain JSON, no envelope. */
export async function handleControl(
	deps: ControlDeps,
	method: string,
	path: string,
	rawBody: unknown,
): Promise<ControlResult> {
	const ok = (body: unknown): ControlResult => ({ status: 200, body });
	const visitorAction = /^\/visitors\/([^/]+)\/(messages|replies|finish)$/.exec(path);

	if (method === 'POST' && path === '/chats') {
		const body = bodyObject(rawBody);
		return ok(
			await deps.control.startChat({
				visitorId: optionalText(body, 'visitorId'),
				text: optionalText(body, 'text'),
				name: optionalText(body, 'name'),
				email: optionalText(body, 'email'),
			}),
		);
	}
	if (method === 'POST' && visitorAction) {
		const visitorId = decodeURIComponent(visitorAction[1]);
		const body = bodyObject(rawBody);
		switch (visitorAction[2]) {
			case 'messages':
				return ok(await deps.control.visitorMessage(visitorId, optionalText(body, 'text') ?? ''));
			case 'replies':
				return ok(
					await deps.control.operatorReply(
						visitorId,
						optionalText(body, 'operatorId') ?? deps.state.ownerId,
						optionalText(body, 'text') ?? '',
					),
				);
			default:
				return ok(await deps.control.finishChat(visitorId));
		}
	}
	if (method === 'GET' && path === '/deliveries') return ok(deps.deliveries);
	if (method === 'GET' && path === '/requests') return ok(deps.requests);
	if (method === 'GET' && path === '/state') return ok(stateSummary(deps));
	if (path === '/faults') {
		if (method === 'GET') return ok({ rules: deps.faults.rules.map(ruleToJson) });
		if (method === 'DELETE') {
			deps.faults.clear();
			return ok({ rules: [] });
		}
		if (method === 'POST') {
			let rule: FaultRule | undefined;
			let problem = '';
			try {
				rule = ruleFromJson(rawBody);
			} catch (error) {
				problem = (error as Error).message;
			}
			if (!rule) throw badRequest(problem, 'invalid_value');
			deps.faults.add(rule);
			return ok({ rules: deps.faults.rules.map(ruleToJson) });
		}
	}
	if (method === 'POST' && path === '/settle') {
		await deps.control.settle();
		return ok({ ok: true });
	}
	if (method === 'POST' && path === '/reset') {
		deps.reset();
		return ok({ ok: true });
	}
	throw notFound(`No control endpoint ${method} ${CONTROL_PREFIX}${path}`);
}
