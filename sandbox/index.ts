/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Chaport sandbox: a local, stateful fake of the Chaport REST API v1 (as nodes/shared/apiContract.ts
// describes it) for tests, the demo and benchmarks. Dev tool, never shipped.

import type { AddressInfo } from 'node:net';

import { SandboxControl } from './control';
import { FaultInjector } from './faults';
import { createServer } from './http';
import { SandboxState } from './store';
import { resolveOptions } from './types';
import type { DeliveryRecord, RequestLogEntry, SandboxOptions } from './types';
import { API_PREFIX } from './views';
import { WebhookDispatcher } from './webhooks';

export interface Sandbox {
	/** http://127.0.0.1:PORT */
	url: string;
	/** url + '/api/v1' */
	baseUrl: string;
	/** the first configured token */
	token: string;
	state: SandboxState;
	control: SandboxControl;
	faults: FaultInjector;
	requests: RequestLogEntry[];
	deliveries: DeliveryRecord[];
	/** re-seed, clear logs, faults and deliveries */
	reset(): void;
	close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const resolved = resolveOptions(options);
	const state = new SandboxState(resolved);
	const requests: RequestLogEntry[] = [];
	const deliveries: DeliveryRecord[] = [];
	const faults = new FaultInjector(resolved.seed);
	const webhooks = new WebhookDispatcher(state, deliveries);
	const control = new SandboxControl(state, webhooks, resolved.firstMessageDelayMs);
	const reset = (): void => {
		webhooks.invalidate();
		state.reseed();
		requests.length = 0;
		deliveries.length = 0;
		faults.clear();
	};

	const server = createServer({ state, control, faults, webhooks, requests, deliveries, reset });
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(resolved.port, resolved.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const wildcard = resolved.host === '0.0.0.0' || resolved.host === '::' || resolved.host === '';
	const host = wildcard
		? '127.0.0.1'
		: resolved.host.includes(':')
			? `[${resolved.host}]`
			: resolved.host;
	const url = `http://${host}:${port}`;

	let closing: Promise<void> | undefined;
	const close = (): Promise<void> => {
		closing ??= (async () => {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			await webhooks.settle();
		})();
		return closing;
	};

	return {
		url,
		baseUrl: `${url}${API_PREFIX}`,
		token: resolved.tokens[0],
		state,
		control,
		faults,
		requests,
		deliveries,
		reset,
		close,
	};
}

export { SandboxState } from './store';
export { SandboxControl } from './control';
export type { StartChatOptions } from './control';
export { FaultInjector } from './faults';
export { SEED_EPOCH, FIRST_CHAT_ID } from './seed';
export { DEFAULT_TOKEN } from './types';
export {
	ALTERNATIVE_ALTERNATIVES,
	DEFAULT_ALTERNATIVES,
	MODE_ENV,
	SANDBOX_MODES,
} from './alternatives';
export type { AlternativeName, Alternatives, SandboxMode } from './alternatives';
export type {
	Chat,
	ChatEvent,
	ChatStage,
	DeliveryRecord,
	FaultRule,
	FaultType,
	WrongShape,
	Operator,
	OperatorStatus,
	RequestLogEntry,
	SandboxOptions,
	Subscription,
	Visitor,
	WebhookPayload,
} from './types';
