import type { IDataObject } from 'n8n-workflow';

import { paths } from './apiContract';
import type { ChaportContext } from './transport';
import { chaportResult } from './transport';
import { asObject } from './utils';

// One function per Chaport request that more than one place makes, so that its path, its 404
// wording and the way its answer is read are written once.

const objects = (result: unknown): IDataObject[] =>
	(Array.isArray(result) ? result : []).filter(
		(entry): entry is IDataObject => !!entry && typeof entry === 'object' && !Array.isArray(entry),
	);

export const visitorSubject = (visitorId: string) => `visitor "${visitorId}"`;
export const lastChatSubject = (visitorId: string) => `chat of visitor "${visitorId}"`;
export const chatSubject = (visitorId: string, chatId: number | string) =>
	`chat ${chatId} of visitor "${visitorId}"`;
export const chatEventSubject = (visitorId: string, chatId: number | string, eventId: string) =>
	`message "${eventId}" in ${chatSubject(visitorId, chatId)}`;

/** GET /visitors/{id}; a 404 names the visitor. */
export async function getVisitor(
	this: ChaportContext,
	visitorId: string,
	itemIndex?: number,
): Promise<IDataObject> {
	return asObject(
		await chaportResult.call(this, {
			method: 'GET',
			path: paths.visitor(visitorId),
			subject: visitorSubject(visitorId),
			ids: { visitor: visitorId },
			itemIndex,
		}),
	);
}

/** GET /visitors/{id}/chats/{chatId}. */
export async function getChat(
	this: ChaportContext,
	visitorId: string,
	chatId: number | string,
	itemIndex?: number,
): Promise<IDataObject> {
	return asObject(
		await chaportResult.call(this, {
			method: 'GET',
			path: paths.chat(visitorId, chatId),
			subject: chatSubject(visitorId, chatId),
			ids: { visitor: visitorId, chat: chatId },
			itemIndex,
		}),
	);
}

/** GET /visitors/{id}/chats/{chatId}/events: the chat's events in Chaport's order. */
export async function getChatEvents(
	this: ChaportContext,
	visitorId: string,
	chatId: number | string,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return objects(
		await chaportResult.call(this, {
			method: 'GET',
			path: paths.chatEvents(visitorId, chatId),
			subject: chatSubject(visitorId, chatId),
			ids: { visitor: visitorId, chat: chatId },
			itemIndex,
		}),
	);
}

/** GET /visitors/{id}/chats/{chatId}/events/{eventId}: one message or other chat event. */
export async function getChatEvent(
	this: ChaportContext,
	visitorId: string,
	chatId: number | string,
	eventId: string,
	itemIndex?: number,
): Promise<IDataObject> {
	return asObject(
		await chaportResult.call(this, {
			method: 'GET',
			path: paths.chatEvent(visitorId, chatId, eventId),
			subject: chatEventSubject(visitorId, chatId, eventId),
			ids: { visitor: visitorId, chat: chatId },
			itemIndex,
		}),
	);
}

/** GET /operators: the whole list (Chaport neither pages nor filters it). */
export async function listOperators(
	this: ChaportContext,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return objects(
		await chaportResult.call(this, { method: 'GET', path: paths.operators(), itemIndex }),
	);
}

/** GET /events/subscriptions: the whole list (Chaport neither pages nor filters it). */
export async function listSubscriptions(
	this: ChaportContext,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return objects(
		await chaportResult.call(this, {
			method: 'GET',
			path: paths.subscriptions(),
			subject: 'list of event subscriptions',
			itemIndex,
		}),
	);
}
