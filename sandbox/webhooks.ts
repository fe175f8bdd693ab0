/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Webhook delivery: POSTs the payloads of the Chaport API to every matching subscription and
// records each attempt. One attempt per subscription, no retries, no signature.

import * as http from 'node:http';
import * as https from 'node:https';

import type { SandboxState } from './store';
import type { DeliveryRecord, WebhookPayload } from './types';
import { chatLink, eventLink } from './views';

export const DELIVERY_TIMEOUT_MS = 5000;

export interface WebhookEvent {
	event: string;
	visitorId: string;
	chatId: number;
	eventId?: string;
}

/** `visitor-message` -> `chat.newEvent.visitorMessage` (pattern unconfirmed). */
export function eventNameForType(type: string): string {
	const camel = type.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
	return `chat.newEvent.${camel}`;
}

/**
 * `link` points at the chat, or at the event for chat.newEvent.* (unconfirmed).
 * `event` in the body is a sandbox choice (unconfirmed).
 */
export function payloadFor(e: WebhookEvent): WebhookPayload {
	if (e.eventId !== undefined) {
		return {
			event: e.event,
			link: eventLink(e.visitorId, e.chatId, e.eventId),
			extras: { visitorId: e.visitorId, chatId: e.chatId, eventId: e.eventId },
		};
	}
	return {
		event: e.event,
		link: chatLink(e.visitorId, e.chatId),
		extras: { visitorId: e.visitorId, chatId: e.chatId },
	};
}

export class WebhookDispatcher {
	private generation = 0;
	private readonly pending = new Set<Promise<void>>();

	constructor(
		private readonly state: SandboxState,
		private readonly deliveries: DeliveryRecord[],
		private readonly timeoutMs = DELIVERY_TIMEOUT_MS,
	) {}

	/** Delivers the events one after the other, each to all its subscriptions in parallel. */
	async deliver(events: WebhookEvent[]): Promise<void> {
		for (const e of events) {
			const targets = this.state.subscriptions.filter((s) => s.event === e.event);
			const body = payloadFor(e);
			await Promise.all(
				targets.map(
					async (subscription) => await this.post(subscription.id, subscription.targetUrl, body),
				),
			);
		}
	}

	/** Fire-and-forget delivery (used by REST mutations); `settle()` waits for it. */
	background(events: WebhookEvent[]): void {
		if (events.length === 0) return;
		const run = this.deliver(events).catch(() => undefined);
		this.pending.add(run);
		void run.then(() => this.pending.delete(run));
	}

	/** Resolves once every background delivery has finished. */
	async settle(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}

	/** Deliveries still in flight are no longer recorded (used by reset). */
	invalidate(): void {
		this.generation++;
	}

	private async post(
		subscriptionId: string,
		targetUrl: string,
		body: WebhookPayload,
	): Promise<void> {
		const generation = this.generation;
		const at = new Date().toISOString();
		const outcome = await send(targetUrl, body, this.timeoutMs);
		if (generation !== this.generation) return;
		const record: DeliveryRecord = {
			subscriptionId,
			event: body.event,
			targetUrl,
			body,
			status: outcome.status,
			at,
		};
		if (outcome.error !== undefined) record.error = outcome.error;
		this.deliveries.push(record);
	}
}

/** One POST with a JSON body; the target URL is used verbatim (query string included). */
function send(
	targetUrl: string,
	body: WebhookPayload,
	timeoutMs: number,
): Promise<{ status: number | null; error?: string }> {
	return new Promise((resolve) => {
		let settled = false;
		const finish = (status: number | null, error?: string): void => {
			if (settled) return;
			settled = true;
			resolve(error === undefined ? { status } : { status, error });
		};
		let protocol: string;
		try {
			protocol = new URL(targetUrl).protocol;
		} catch {
			finish(null, `Invalid target URL: ${targetUrl}`);
			return;
		}
		if (protocol !== 'http:' && protocol !== 'https:') {
			finish(null, `Unsupported protocol ${protocol}`);
			return;
		}
		const payload = JSON.stringify(body);
		const client = protocol === 'https:' ? https : http;
		const req = client.request(targetUrl, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json', // assumed
				'Content-Length': Buffer.byteLength(payload),
				'User-Agent': 'Chaport-Sandbox/1.0', // real header unknown
			},
		});
		const timer = setTimeout(() => {
			req.destroy(new Error(`Timed out after ${timeoutMs} ms`));
		}, timeoutMs);
		req.on('response', (res) => {
			const status = res.statusCode ?? null;
			res.resume();
			res.on('end', () => {
				clearTimeout(timer);
				finish(status);
			});
			res.on('error', (error) => {
				clearTimeout(timer);
				finish(status, error.message);
			});
			res.on('close', () => {
				clearTimeout(timer);
				finish(status);
			});
		});
		req.on('error', (error) => {
			clearTimeout(timer);
			finish(null, error.message);
		});
		req.end(payload);
	});
}
