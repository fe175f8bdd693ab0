/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Webhook delivery: POSTs the payloads of the Chaport API to every matching subscription and
// records each attempt. One attempt per subscription, no retries, no signature.

import * as http from 'node:http';
import * as https from 'node:https';

import type { SandboxState } from './store';
import type { DeliveryRecord, WebhookPayload } from './types';
import { type Alternatives, DEFAULT_ALTERNATIVES } from './alternatives';
import { API_PREFIX, chatLink, eventLink } from './views';

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
export function payloadFor(
	e: WebhookEvent,
	alternatives: Alternatives = DEFAULT_ALTERNATIVES,
): WebhookPayload {
	const chatId = alternatives.deliveryChatIdType === 'string' ? String(e.chatId) : e.chatId;
	const link =
		alternatives.deliveryLink === 'visitor'
			? `${API_PREFIX}/visitors/${encodeURIComponent(e.visitorId)}/chats`
			: e.eventId !== undefined
				? eventLink(e.visitorId, e.chatId, e.eventId)
				: chatLink(e.visitorId, e.chatId);
	const payload: WebhookPayload = { link };
	if (alternatives.deliveryEventField) payload.event = e.event;
	if (alternatives.deliveryExtras) {
		payload.extras =
			e.eventId !== undefined
				? { visitorId: e.visitorId, chatId, eventId: e.eventId }
				: { visitorId: e.visitorId, chatId };
	}
	// keep the key order of the default payload: event, link, extras
	return alternatives.deliveryEventField ? { event: e.event, ...payload } : payload;
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
			const alternatives = this.state.options.alternatives;
			const body = payloadFor(e, alternatives);
			// Switch deliveryRepeats: Chaport's retry behaviour is unknown, so a delivery may repeat.
			for (let round = 0; round < Math.max(1, alternatives.deliveryRepeats); round++) {
				await Promise.all(
					targets.map(
						async (subscription) =>
							await this.post(subscription.id, e.event, subscription.targetUrl, body),
					),
				);
			}
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
		event: string,
		targetUrl: string,
		body: WebhookPayload,
	): Promise<void> {
		const generation = this.generation;
		const at = new Date().toISOString();
		const outcome = await send(targetUrl, body, this.timeoutMs);
		if (generation !== this.generation) return;
		const record: DeliveryRecord = {
			subscriptionId,
			event,
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
