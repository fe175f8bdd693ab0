/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Shared set-up of the Chaport Trigger tests: a sandbox, a local receiver standing in for n8n's
// webhook endpoint, fast timings, and access to the logger n8n-core hands the node.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HookContext, WebhookContext } from 'n8n-core';
import type { IDataObject, INodeParameters, IWebhookResponseData } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { chaportCredentials, createTriggerHarness } from '../../harness';
import type { TriggerHarness, TriggerHarnessOptions } from '../../harness';

export const SECRET_PARAM = 'n8nSecret';

/** The query string of a registered targetUrl, as n8n would parse it from the request. */
export function queryOf(targetUrl: string): Record<string, string> {
	return Object.fromEntries(new URL(targetUrl).searchParams);
}

export function withoutQuery(url: string): string {
	const parsed = new URL(url);
	parsed.search = '';
	return parsed.toString();
}

/** The sandbox's subscriptions that deliver to this harness's webhook URL. */
export function subscriptionsOf(sandbox: Sandbox, harness: TriggerHarness) {
	return sandbox.state.subscriptions.filter(
		(s) => withoutQuery(s.targetUrl) === withoutQuery(harness.webhookUrl()),
	);
}

export function eventsOf(subscriptions: Array<{ event: string }>): string[] {
	return subscriptions.map((s) => s.event).sort();
}

/** Stored subscriptions of the harness's node, for its current webhook URL. */
export function storedOf(
	harness: TriggerHarness,
): Array<{ id: string; event: string; secret?: string; targetUrl: string }> {
	const webhooks = (harness.nodeStaticData().webhooks ?? {}) as Record<
		string,
		{ subscriptions: [] }
	>;
	return webhooks[harness.webhookUrl()]?.subscriptions ?? [];
}

/** Makes the nth request matching method + path fail with `status`. */
export function failNthRequest(
	sandbox: Sandbox,
	method: string,
	path: string,
	n: number,
	status = 500,
) {
	sandbox.faults.add({ method, path, type: 'status', status, skip: n - 1, times: 1 });
}

/**
 * Replaces the logger n8n-core's hook and webhook contexts hand the node (`this.logger`) with
 * recorders; returns the `warn` recorder. jest.restoreAllMocks() undoes it.
 */
export function spyOnWarnings() {
	const logger = { warn: jest.fn(), debug: jest.fn(), info: jest.fn(), error: jest.fn() };
	for (const context of [HookContext.prototype, WebhookContext.prototype]) {
		jest
			.spyOn(context, 'logger', 'get')
			.mockReturnValue(logger as unknown as HookContext['logger']);
	}
	return logger.warn;
}

export interface ReceivedCall {
	path: string;
	query: Record<string, string>;
	body: IDataObject;
	status: number;
	result?: IWebhookResponseData;
	error?: Error;
}

/**
 * A local HTTP server standing in for n8n's /webhook and /webhook-test endpoints: every request
 * Chaport (the sandbox) delivers is handed to the harness whose webhook URL it targets, and the
 * status the node chose is answered back.
 */
export async function startReceiver() {
	const harnesses: TriggerHarness[] = [];
	const calls: ReceivedCall[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const url = new URL(req.url ?? '/', 'http://receiver.local');
				const text = Buffer.concat(chunks).toString('utf8');
				const body = (text ? JSON.parse(text) : {}) as IDataObject;
				const query = Object.fromEntries(url.searchParams);
				const harness = harnesses.find((h) => new URL(h.webhookUrl()).pathname === url.pathname);
				const call: ReceivedCall = { path: url.pathname, query, body, status: 404 };
				if (harness) {
					try {
						const { result, response } = await harness.receive({ body, query });
						call.result = result;
						call.status = response.status ?? 200;
					} catch (error) {
						call.error = error as Error;
						call.status = 500;
					}
				}
				calls.push(call);
				res.statusCode = call.status;
				res.end();
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;
	return {
		url,
		calls,
		/** Deliveries that started a workflow run, with their single item's JSON. */
		runs: () =>
			calls
				.filter((c) => c.result?.workflowData)
				.map((c) => ({ ...c, item: c.result!.workflowData![0][0].json })),
		/** A harness whose webhook URLs point here; its deliveries are routed to it. */
		harness(options: Omit<TriggerHarnessOptions, 'webhookBaseUrl' | 'webhookTestBaseUrl'>) {
			const harness = createTriggerHarness({
				...options,
				webhookBaseUrl: `${url}/webhook`,
				webhookTestBaseUrl: `${url}/webhook-test`,
			});
			harnesses.push(harness);
			return harness;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export function sandboxCredentials(sandbox: Sandbox) {
	return chaportCredentials(sandbox.baseUrl, sandbox.token);
}

export function triggerParameters(events: string[], options: IDataObject = {}): INodeParameters {
	return { events, options } as INodeParameters;
}
