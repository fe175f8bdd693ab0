// Chat and chat-event endpoints.

import { badRequest, notFound } from '../errors';
import type { SandboxState } from '../store';
import { CHAT_STAGES } from '../types';
import type { Chat, ChatEvent, ChatStage } from '../types';
import { chatLink, chatView, eventView, visibleEventViews } from '../views';
import { type Route, route } from './router';
import {
	chatIdParam,
	enumValue,
	has,
	hexId,
	isPlainObject,
	isTrue,
	objectBody,
	optionalBoolean,
} from './validate';
import { findVisitor } from './visitors';

function findChat(state: SandboxState, visitorId: string, rawChatId: string): Chat {
	findVisitor(state, visitorId);
	const chatId = chatIdParam(rawChatId);
	const chat = chatId === undefined ? undefined : state.findChat(visitorId, chatId);
	if (!chat) throw notFound(`Chat ${rawChatId} of visitor ${visitorId} not found`);
	return chat;
}

function lastChat(state: SandboxState, visitorId: string): Chat {
	const visitor = findVisitor(state, visitorId);
	const chat = visitor.chats[visitor.chats.length - 1];
	// never chatted: 404 (unconfirmed)
	if (!chat) throw notFound(`Visitor ${visitorId} has no chats`);
	return chat;
}

function findEvent(state: SandboxState, chat: Chat, eventId: string): ChatEvent {
	const event = state.visibleEvents(chat).find((e) => e.id === eventId);
	if (!event) throw notFound(`Event ${eventId} not found in chat ${chat.id}`);
	return event;
}

interface ChatChanges {
	operators?: string[];
	team?: string | null;
	stage?: ChatStage;
	missed?: boolean;
	rating?: number;
}

/** Body keys are a secondary source's argument names (unconfirmed). */
function chatChanges(raw: unknown): ChatChanges {
	const body = objectBody(raw);
	const changes: ChatChanges = {};
	if (has(body, 'operators')) {
		if (!Array.isArray(body.operators))
			throw badRequest('"operators" must be an array of ids', 'invalid_value');
		// operator or team ids (unconfirmed): only the id format is checked
		changes.operators = body.operators.map((id, i) => hexId(id, `operators[${i}]`));
	}
	if (has(body, 'team')) changes.team = body.team === null ? null : hexId(body.team, 'team');
	if (has(body, 'stage')) changes.stage = enumValue(body.stage, CHAT_STAGES, 'stage');
	const missed = optionalBoolean(body, 'missed');
	if (missed !== undefined) changes.missed = missed;
	if (has(body, 'rating')) {
		const rating = body.rating;
		if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
			throw badRequest('"rating" must be an integer from 1 to 5', 'invalid_value');
		}
		changes.rating = rating;
	}
	return changes;
}

const MESSAGE_TYPES = ['visitor-message', 'operator-message', 'bot-message', 'trigger-message'];

export const chatRoutes: Route[] = [
	// Current/last chat with embedded events; links.more = older chats newest first.
	route('GET', '/visitors/:visitorId/chats', ({ state, params, query }) => {
		const visitor = findVisitor(state, params[0]);
		const chat = lastChat(state, visitor.id);
		const body: { result: unknown; links?: { more: string[] } } = {
			result: chatView(state, chat, isTrue(query, 'transcript')),
		};
		const older = visitor.chats.slice(0, -1).reverse();
		if (older.length > 0) body.links = { more: older.map((c) => chatLink(visitor.id, c.id)) };
		return { body };
	}),

	// Partial update of the current/last chat. Closing it fires chat.finished.
	route('PUT', '/visitors/:visitorId/chats', ({ state, params, body, notify }) => {
		const chat = lastChat(state, params[0]);
		const changes = chatChanges(body);
		const closing = changes.stage === 'closed' && chat.stage !== 'closed';
		Object.assign(chat, changes);
		if (closing) notify([{ event: 'chat.finished', visitorId: params[0], chatId: chat.id }]);
		return { body: { result: chatView(state, chat, false) } };
	}),

	// No `links` here (whether the real API adds them is unconfirmed).
	route('GET', '/visitors/:visitorId/chats/:chatId', ({ state, params, query }) => ({
		body: {
			result: chatView(state, findChat(state, params[0], params[1]), isTrue(query, 'transcript')),
		},
	})),

	route('GET', '/visitors/:visitorId/chats/:chatId/events', ({ state, params, query }) => ({
		body: {
			result: visibleEventViews(
				state,
				findChat(state, params[0], params[1]),
				isTrue(query, 'transcript'),
			),
		},
	})),

	route('GET', '/visitors/:visitorId/chats/:chatId/events/:eventId', ({ state, params }) => {
		const chat = findChat(state, params[0], params[1]);
		return { body: { result: eventView(findEvent(state, chat, params[2])) } };
	}),

	// Edit a message's text: path, method and body unconfirmed.
	route(
		'PUT',
		'/visitors/:visitorId/chats/:chatId/events/:eventId',
		({ state, params, body: raw }) => {
			const chat = findChat(state, params[0], params[1]);
			const event = findEvent(state, chat, params[2]);
			const body = objectBody(raw);
			if (!isPlainObject(body.params))
				throw badRequest('"params" must be an object', 'missing_field');
			const text = body.params.text;
			if (typeof text !== 'string' || text.trim() === '') {
				throw badRequest('"params.text" must be a non-empty string', 'missing_field');
			}
			if (!MESSAGE_TYPES.includes(event.type)) {
				throw badRequest(`Events of type ${event.type} have no text to update`, 'invalid_value');
			}
			event.params = { ...event.params, text };
			return { body: { result: eventView(event) } };
		},
	),
];
