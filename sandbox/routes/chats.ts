// Chat and chat-event endpoints.

import { badRequest, notFound } from '../errors';
import type { SandboxState } from '../store';
import { CHAT_STAGES } from '../types';
import type { Chat, ChatEvent, ChatStage, ResolvedOptions, Visitor } from '../types';
import { chatLink, chatView, eventView, visibleEventViews } from '../views';
import { link, type RequestContext, type Route, route } from './router';
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

/** `transcript=true`, unless the switch transcriptParam says Chaport ignores it. */
function transcriptAsked(options: ResolvedOptions, query: Record<string, string>): boolean {
	return options.alternatives.transcriptParam === 'honoured' && isTrue(query, 'transcript');
}

/**
 * A chat with `links.more` (the visitor's other, older chats) in the order, form and place the
 * switches olderChatsOrder, absoluteLinks and linksInsideResult choose.
 */
function chatBody(
	ctx: RequestContext,
	visitor: Visitor,
	chat: Chat,
	transcriptParam: boolean,
): { result: unknown; links?: { more: string[] } } {
	const { state, options } = ctx;
	const result: Record<string, unknown> = chatView(
		state,
		chat,
		transcriptParam && options.alternatives.transcriptParam === 'honoured',
		options.alternatives,
	);
	let older = visitor.chats.filter((c) => c.id < chat.id).reverse(); // newest first
	if (options.alternatives.olderChatsOrder === 'oldestFirst') older = older.reverse();
	if (options.alternatives.olderChatsOrder === 'shuffled') {
		// a fixed, order-revealing-nothing permutation: odd positions first, then even ones
		older = [...older.filter((_c, i) => i % 2 === 1), ...older.filter((_c, i) => i % 2 === 0)];
	}
	if (older.length === 0) return { result };
	const links = { more: older.map((c) => link(ctx, chatLink(visitor.id, c.id))) };
	if (options.alternatives.linksInsideResult) return { result: { ...result, links } };
	return { result, links };
}

const MESSAGE_TYPES = ['visitor-message', 'operator-message', 'bot-message', 'trigger-message'];

export const chatRoutes: Route[] = [
	// Current/last chat with embedded events; links.more = older chats newest first.
	route('GET', '/visitors/:visitorId/chats', (ctx) => {
		const { state, params, query, options } = ctx;
		const visitor = findVisitor(state, params[0]);
		// Switch noChat 'null': a visitor who never chatted gets `result: null` instead of a 404.
		if (visitor.chats.length === 0 && options.alternatives.noChat === 'null') {
			return { body: { result: null } };
		}
		const chat = lastChat(state, visitor.id);
		return { body: chatBody(ctx, visitor, chat, isTrue(query, 'transcript')) };
	}),

	// Partial update of the current/last chat. Closing it fires chat.finished.
	route('PUT', '/visitors/:visitorId/chats', ({ state, params, body, notify, options }) => {
		const chat = lastChat(state, params[0]);
		const changes = chatChanges(body);
		const closing = changes.stage === 'closed' && chat.stage !== 'closed';
		Object.assign(chat, changes);
		if (closing) notify([{ event: 'chat.finished', visitorId: params[0], chatId: chat.id }]);
		return { body: { result: chatView(state, chat, false, options.alternatives) } };
	}),

	// No `links` here (whether the real API adds them is unconfirmed, unless the
	// switch linksOnChatGet adds them (the visitor's other chats, as for the last chat).
	route('GET', '/visitors/:visitorId/chats/:chatId', (ctx) => {
		const { state, params, query, options } = ctx;
		const chat = findChat(state, params[0], params[1]);
		const transcript = isTrue(query, 'transcript');
		if (!options.alternatives.linksOnChatGet) {
			return { body: { result: chatView(state, chat, transcript, options.alternatives) } };
		}
		return { body: chatBody(ctx, findVisitor(state, params[0]), chat, transcript) };
	}),

	route(
		'GET',
		'/visitors/:visitorId/chats/:chatId/events',
		({ state, params, query, options }) => ({
			body: {
				result: visibleEventViews(
					state,
					findChat(state, params[0], params[1]),
					transcriptAsked(options, query),
				),
			},
		}),
	),

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
