// POST /messages: appends a message to the visitor's current chat.

import { badRequest, notFound } from '../errors';
import type { Chat } from '../types';
import { eventNameForType, type WebhookEvent } from '../webhooks';
import { eventView } from '../views';
import { type Route, route } from './router';
import { enumValue, has, isPlainObject, objectBody, requiredString } from './validate';

/** `operator-message` is confirmed; `bot-message` is accepted as well (unconfirmed). */
const SENDABLE_TYPES = ['operator-message', 'bot-message'] as const;

export const messageRoutes: Route[] = [
	route('POST', '/messages', ({ state, body: raw, notify, options }) => {
		const body = objectBody(raw);

		// --- shape (400) ---
		// platformVisitorId / widgetVisitorId are alternative ids (unconfirmed); the
		// sandbox has no separate channel ids, so they are looked up as visitor ids.
		const idKey = ['visitorId', 'platformVisitorId', 'widgetVisitorId'].find((k) => has(body, k));
		if (!idKey) throw badRequest('"visitorId" is required', 'missing_field');
		const visitorId = requiredString(body, idKey);
		if (!isPlainObject(body.chatEvent))
			throw badRequest('"chatEvent" is required', 'missing_field');
		const chatEvent = body.chatEvent;
		if (!has(chatEvent, 'type')) throw badRequest('"chatEvent.type" is required', 'missing_field');
		const type = enumValue(chatEvent.type, SENDABLE_TYPES, 'chatEvent.type');
		if (!isPlainObject(chatEvent.params))
			throw badRequest('"chatEvent.params" is required', 'missing_field');
		const text = requiredString(chatEvent.params, 'text', 'chatEvent.params.text');
		const operatorId =
			type === 'operator-message'
				? requiredString(chatEvent.params, 'operatorId', 'chatEvent.params.operatorId')
				: undefined;
		// idempotency key: read at the top level or (switch sendKeyPosition) inside chatEvent;
		// the other place is ignored, as an unknown field would be
		const keyHolder = options.alternatives.sendKeyPosition === 'chatEvent' ? chatEvent : body;
		let externalId: string | undefined;
		if (has(keyHolder, 'externalId')) {
			const value = keyHolder.externalId;
			if (typeof value !== 'string' && typeof value !== 'number') {
				throw badRequest('"externalId" must be a string', 'invalid_value');
			}
			externalId = String(value);
		}
		// target chat (unconfirmed)
		let chatId: number | undefined;
		if (has(body, 'chatId')) {
			if (typeof body.chatId !== 'number' || !Number.isInteger(body.chatId)) {
				throw badRequest('"chatId" must be an integer', 'invalid_value');
			}
			chatId = body.chatId;
		}

		// --- existence (404) ---
		const visitor = state.findVisitor(visitorId);
		if (!visitor) throw notFound(`Visitor ${visitorId} not found`);
		if (operatorId !== undefined && !state.findOperator(operatorId)) {
			throw notFound(`Operator ${operatorId} not found`);
		}
		let chat: Chat | undefined;
		if (chatId !== undefined) {
			chat = visitor.chats.find((c) => c.id === chatId);
			if (!chat) throw notFound(`Chat ${chatId} of visitor ${visitorId} not found`);
		}

		const added = state.addOperatorMessage(visitor, { type, text, operatorId, chat, externalId });
		if (!added.duplicate) {
			const events: WebhookEvent[] = [];
			if (added.startedChat)
				events.push({ event: 'chat.started', visitorId, chatId: added.chat.id });
			events.push({
				event: eventNameForType(added.event.type),
				visitorId,
				chatId: added.chat.id,
				eventId: added.event.id,
			});
			notify(events);
		}
		// response body unconfirmed: the created event plus its chatId, or (switch
		// sendResponse) the event without the chat, or nothing at all
		const answer = options.alternatives.sendResponse;
		if (answer === 'empty') return { body: {} };
		if (answer === 'eventOnly') return { body: { result: eventView(added.event) } };
		return { body: { result: { ...eventView(added.event), chatId: added.chat.id } } };
	}),
];
