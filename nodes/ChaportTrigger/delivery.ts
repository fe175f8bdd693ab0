import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	chatEventSender,
	parseWebhookIds,
	VISITOR_MESSAGE_TYPE,
	WEBHOOK_CHAT_EVENT_PREFIX,
	WEBHOOK_EVENT_CHAT_STARTED,
	WEBHOOK_EVENT_VISITOR_MESSAGE,
	webhookOperatorId,
} from '../shared/apiContract';
import { clock } from '../shared/clock';
import { fingerprint } from '../shared/fingerprint';
import { buildTranscript } from '../shared/transcript';
import {
	getChat,
	getChatEvent,
	getChatEvents,
	getVisitor,
	requestObject,
	target,
} from '../shared/api';
import { asObject, errorText } from '../shared/utils';
import { idProblem } from '../shared/validation';
import { SECRET_QUERY_PARAMETER, secretsMatch } from './secret';
import type { StoredSubscription } from './state';
import { getAllStoredSubscriptions, isRepeatedDelivery, triggerPolicy } from './state';
import { selectedEvents, triggerOptions } from './subscriptions';

type WebhookIds = ReturnType<typeof parseWebhookIds>;

/** A resource locator value, or a plain string. */
function locatorValue(value: unknown): string {
	const raw = value && typeof value === 'object' ? (value as { value?: unknown }).value : value;
	return typeof raw === 'string' ? raw.trim() : '';
}

/** Checks the secret against every stored one (no early exit) and returns the subscription. */
function subscriptionForSecret(
	subscriptions: StoredSubscription[],
	received: string,
): StoredSubscription | undefined {
	let match: StoredSubscription | undefined;
	for (const subscription of subscriptions) {
		if (subscription.secret && secretsMatch(received, subscription.secret) && !match) {
			match = subscription;
		}
	}
	return match;
}

/**
 * Without a matching secret (Verify Secret off, query string stripped by a proxy) the
 * subscription is unknown: the event the body names wins (a field of the webhook payload whose
 * presence is unconfirmed); without one, a single selected event is unambiguous.
 */
function eventWithoutSecret(body: IDataObject, events: string[]): string | undefined {
	if (typeof body.event === 'string' && body.event.trim()) return body.event.trim();
	return events.length === 1 ? events[0] : undefined;
}

/** Why a delivery cannot be handled at all (answered with HTTP 400), or undefined. */
function malformedDelivery(rawBody: unknown, ids: WebhookIds): string | undefined {
	if (!rawBody || typeof rawBody !== 'object' || Array.isArray(rawBody)) {
		return 'the body is not a JSON object';
	}
	if (ids.problem) return ids.problem;
	for (const [label, value] of [
		['visitor ID', ids.visitorId],
		['chat ID', ids.chatId],
		['chat event ID', ids.eventId],
	] as const) {
		const problem = value === undefined ? undefined : idProblem(value);
		if (problem) return `its ${label} ${problem}`;
	}
	return undefined;
}

/**
 * Identifies a delivery for the duplicate memory: the workflow, the node, whether it came to the
 * test or the production URL (each gets its own copy of every event and must start its own run),
 * the event and the IDs it names. Chaport may send no event ID (chat.started, chat.finished, and
 * message events whose payload lacks one): then a digest of the whole body stands in for it, so
 * two different messages in one chat are never taken for repeats of each other.
 */
function deliveryKey(
	this: IWebhookFunctions,
	event: string | undefined,
	ids: WebhookIds,
	body: IDataObject,
): string {
	const node = this.getNode();
	return fingerprint([
		this.getWorkflow().id ?? '',
		node.id ?? node.name,
		this.getMode() === 'manual' ? 'test' : 'production',
		event ?? '',
		ids.visitorId ?? '',
		ids.chatId ?? '',
		ids.eventId ?? { body: fingerprint(body) },
	]);
}

/** Loop protection: whether the message was written by the operator the user told us to ignore. */
async function sentByIgnoredOperator(
	this: IWebhookFunctions,
	event: string | undefined,
	body: IDataObject,
	ids: WebhookIds,
	ignoredOperatorId: string,
	problems: string[],
): Promise<boolean> {
	if (!ignoredOperatorId || !event?.startsWith(WEBHOOK_CHAT_EVENT_PREFIX)) return false;
	// A visitor's message is never an operator's.
	if (event === WEBHOOK_EVENT_VISITOR_MESSAGE) return false;
	let sender = webhookOperatorId(body);
	if (!sender) {
		if (!ids.visitorId || ids.chatId === undefined || !ids.eventId) {
			problems.push('Could not check who sent the message: the delivery names no chat event');
			return false;
		}
		try {
			const chatEvent = await getChatEvent.call(this, ids.visitorId, ids.chatId, ids.eventId);
			sender = chatEventSender(chatEvent).operatorId;
		} catch (error) {
			problems.push(`Could not check who sent the message: ${errorText(error)}`);
			return false;
		}
	}
	return !!sender && sender.toLowerCase() === ignoredOperatorId.toLowerCase();
}

/**
 * The chat's messages. Right after chat.started Chaport may not list the first visitor message
 * yet, so the events are re-read until `ready` holds or the wait is over; then
 * whatever exists is returned.
 */
async function readTranscript(
	this: IWebhookFunctions,
	visitorId: string,
	chatId: number | string,
	ready: ((events: IDataObject[]) => boolean) | undefined,
	waitMs: number,
): Promise<IDataObject[]> {
	const deadline = clock.now() + waitMs;
	for (;;) {
		const events = await getChatEvents.call(this, visitorId, chatId);
		const remaining = deadline - clock.now();
		if (!ready || ready(events) || remaining <= 0) return events;
		await clock.sleep(Math.min(triggerPolicy.transcriptPollIntervalMs, remaining));
	}
}

function transcriptWaitMs(options: IDataObject): number {
	const seconds = Number(options.transcriptWaitSeconds ?? 20);
	if (!Number.isFinite(seconds) || seconds <= 0) return 0;
	return Math.min(seconds, triggerPolicy.maxTranscriptWaitSeconds) * 1000;
}

/** What the delivery is waiting to see in the chat before the transcript counts as complete. */
function transcriptReadyWhen(
	event: string | undefined,
	ids: WebhookIds,
): ((events: IDataObject[]) => boolean) | undefined {
	if (event === WEBHOOK_EVENT_CHAT_STARTED) {
		return (events) => events.some((e) => e.type === VISITOR_MESSAGE_TYPE);
	}
	if (ids.eventId !== undefined) return (events) => events.some((e) => e.id === ids.eventId);
	return undefined;
}

/** Adds what the options ask for; a failure is reported in the item instead of losing the event. */
async function enrich(
	this: IWebhookFunctions,
	item: IDataObject,
	event: string | undefined,
	ids: WebhookIds,
	options: IDataObject,
	problems: string[],
): Promise<void> {
	const { visitorId } = ids;
	let { chatId } = ids;
	const attempt = async (label: string, fetch: () => Promise<void>) => {
		try {
			await fetch();
		} catch (error) {
			problems.push(`Could not fetch the ${label}: ${errorText(error)}`);
		}
	};
	// A delivery may name the visitor but no chat (its `link` pointing at the visitor's chats):
	// the chat is then the visitor's current or last one, and the item says so.
	let lastChat: IDataObject | undefined;
	if ((options.includeTranscript || options.includeChat) && chatId === undefined) {
		if (!visitorId) {
			problems.push('Could not fetch the chat: the delivery names no chat');
		} else {
			await attempt('chat', async () => {
				const chat = await requestObject.call(this, 'GET', target.lastChat(visitorId));
				if (typeof chat.id !== 'number' && !(typeof chat.id === 'string' && chat.id)) {
					throw new Error('the delivery names no chat, and the visitor has none');
				}
				lastChat = chat;
				chatId = chat.id;
				item.chatId = chat.id;
				item.chatFallback = `The delivery named no chat, so the visitor's last chat (${chat.id}) was used`;
			});
		}
	}
	const chosenChatId = chatId;
	if (options.includeTranscript && visitorId && chosenChatId !== undefined) {
		await attempt('transcript', async () => {
			const events = await readTranscript.call(
				this,
				visitorId,
				chosenChatId,
				transcriptReadyWhen(event, ids),
				transcriptWaitMs(options),
			);
			item.transcript = await buildTranscript.call(this, events);
		});
	}
	if (options.includeChat && visitorId && chosenChatId !== undefined) {
		await attempt('chat', async () => {
			item.chat = lastChat ?? (await getChat.call(this, visitorId, chosenChatId));
		});
	}
	if (options.includeVisitor) {
		if (!visitorId) {
			problems.push('Could not fetch the visitor: the delivery names no visitor');
		} else {
			await attempt('visitor', async () => {
				item.visitor = await getVisitor.call(this, visitorId);
			});
		}
	}
}

/**
 * Handles one delivery from Chaport: authenticates it by the secret in the URL, attributes it to
 * its subscription, drops duplicates and the ignored operator's own messages, then emits one item.
 */
export async function handleDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const rawBody = this.getBodyData() as unknown;
	const body = asObject(rawBody);
	const options = triggerOptions(this);
	const events = selectedEvents(this);
	const received = asObject(this.getQueryData())[SECRET_QUERY_PARAMETER];
	const secret = typeof received === 'string' && received ? received : undefined;
	const subscription = secret
		? subscriptionForSecret(getAllStoredSubscriptions(this), secret)
		: undefined;

	if (options.verifySecret !== false && !subscription) {
		this.logger.debug(
			`Chaport Trigger: refused a delivery with a ${secret ? 'wrong' : 'missing'} secret`,
		);
		this.getResponseObject()
			.status(401)
			.send(`Unauthorized: missing or wrong ${SECRET_QUERY_PARAMETER}`);
		return { noWebhookResponse: true };
	}

	const ids = parseWebhookIds(body);
	const malformed = malformedDelivery(rawBody, ids);
	if (malformed) {
		this.logger.debug(`Chaport Trigger: refused a malformed delivery: ${malformed}`);
		this.getResponseObject().status(400).send(`Bad Request: ${malformed}`);
		return { noWebhookResponse: true };
	}

	const event = subscription?.event ?? eventWithoutSecret(body, events);
	// A subscription kept only because it could not be removed yet, or an event never selected.
	if (event !== undefined && !events.includes(event)) return {};

	if (isRepeatedDelivery(deliveryKey.call(this, event, ids, body))) return {};

	const problems: string[] = [];
	const ignoredOperatorId = locatorValue(options.ignoreOperatorId);
	if (await sentByIgnoredOperator.call(this, event, body, ids, ignoredOperatorId, problems)) {
		return {};
	}

	const item: IDataObject = {
		event: event ?? null,
		visitorId: ids.visitorId ?? null,
		chatId: ids.chatId ?? null,
		eventId: ids.eventId ?? null,
	};
	const enriching = !!(options.includeTranscript || options.includeChat || options.includeVisitor);
	if (enriching) {
		// Answer Chaport now: waiting for the first message can take longer than it waits for us.
		this.getResponseObject().status(200).send({ received: true });
		await enrich.call(this, item, event, ids, options, problems);
	}
	if (problems.length) item.enrichmentError = problems.join('; ');
	item.raw = body;

	return {
		...(enriching ? { noWebhookResponse: true } : {}),
		workflowData: [this.helpers.returnJsonArray([item])],
	};
}
