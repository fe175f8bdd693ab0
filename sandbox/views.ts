// Serialisers: turn stored objects into the JSON shapes of the Chaport API, dropping internal fields.

import type { Alternatives } from './alternatives';
import type { SandboxState } from './store';
import { TRANSCRIPT_TYPES } from './types';
import type { Chat, ChatEvent, Operator, Subscription, Visitor } from './types';

export const API_PREFIX = '/api/v1';

export function operatorView(operator: Operator): Operator {
	return { ...operator };
}

/** Visitor object of the Chaport API (without the internal chat list). */
export function visitorView(visitor: Visitor): Omit<Visitor, 'chats'> {
	const view: Omit<Visitor, 'chats'> & { chats?: unknown } = { ...visitor };
	delete view.chats;
	return { ...view, custom: { ...visitor.custom }, utm: { ...visitor.utm } };
}

/** Chat event of the Chaport API. */
export function eventView(event: ChatEvent): Omit<ChatEvent, 'visibleAt' | 'externalId'> {
	return {
		id: event.id,
		type: event.type,
		createdAt: event.createdAt,
		params: { ...event.params },
	};
}

export function visibleEventViews(
	state: SandboxState,
	chat: Chat,
	transcript: boolean,
): Array<ReturnType<typeof eventView>> {
	return state
		.visibleEvents(chat)
		.filter((e) => !transcript || TRANSCRIPT_TYPES.includes(e.type))
		.map(eventView);
}

/** Chat of the Chaport API with its visible events embedded. */
export function chatView(
	state: SandboxState,
	chat: Chat,
	transcript: boolean,
	alternatives?: Alternatives,
): Omit<Chat, 'events' | 'createdAt'> & {
	createdAt?: string;
	events: Array<ReturnType<typeof eventView>>;
} {
	const view = {
		id: chat.id,
		stage: chat.stage,
		missed: chat.missed,
		rating: chat.rating,
		operators: [...chat.operators],
		team: chat.team,
		startPage: { ...chat.startPage },
		createdAt: chat.createdAt as string | undefined,
		events: visibleEventViews(state, chat, transcript),
	};
	// Switch chatCreatedAt: chats without a creation time (the key is unconfirmed).
	if (alternatives && !alternatives.chatCreatedAt) delete view.createdAt;
	return view;
}

export function subscriptionView(subscription: Subscription): Subscription {
	return { ...subscription };
}

export const chatLink = (visitorId: string, chatId: number): string =>
	`${API_PREFIX}/visitors/${encodeURIComponent(visitorId)}/chats/${chatId}`;

export const eventLink = (visitorId: string, chatId: number, eventId: string): string =>
	`${chatLink(visitorId, chatId)}/events/${encodeURIComponent(eventId)}`;
