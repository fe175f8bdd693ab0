import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { RequestIds } from './apiContract';
import { paths } from './apiContract';
import type { ChaportContext, ChaportRequest } from './transport';
import { chaportResult } from './transport';
import { asObject } from './utils';

// Chaport's resources as the operations address them: each one's path, the words a 404 uses for
// it and the IDs it carries are written once here, and so are the requests several places make.

/** Where a request goes, how a 404 names it, and the IDs to point out when Chaport refuses it. */
export interface Target {
	path: string;
	subject: string;
	ids: RequestIds;
}

type ChatId = number | string;

const chatName = (visitorId: string, chatId: ChatId) => `chat ${chatId} of visitor "${visitorId}"`;

export const target = {
	visitor: (visitorId: string): Target => ({
		path: paths.visitor(visitorId),
		subject: `visitor "${visitorId}"`,
		ids: { visitor: visitorId },
	}),
	/** The visitor's current or most recent chat. */
	lastChat: (visitorId: string): Target => ({
		path: paths.lastChat(visitorId),
		subject: `chat of visitor "${visitorId}"`,
		ids: { visitor: visitorId },
	}),
	chat: (visitorId: string, chatId: ChatId): Target => ({
		path: paths.chat(visitorId, chatId),
		subject: chatName(visitorId, chatId),
		ids: { visitor: visitorId, chat: chatId },
	}),
	chatEvents: (visitorId: string, chatId: ChatId): Target => ({
		...target.chat(visitorId, chatId),
		path: paths.chatEvents(visitorId, chatId),
	}),
	chatEvent: (visitorId: string, chatId: ChatId, eventId: string): Target => ({
		path: paths.chatEvent(visitorId, chatId, eventId),
		subject: `message "${eventId}" in ${chatName(visitorId, chatId)}`,
		ids: { visitor: visitorId, chat: chatId },
	}),
	operator: (operatorId: string): Target => ({
		path: paths.operator(operatorId),
		subject: `operator "${operatorId}"`,
		ids: { operator: operatorId },
	}),
	operatorStatus: (operatorId: string): Target => ({
		...target.operator(operatorId),
		path: paths.operatorStatus(operatorId),
	}),
	subscription: (subscriptionId: string): Target => ({
		path: paths.subscription(subscriptionId),
		subject: `webhook subscription "${subscriptionId}"`,
		ids: { subscription: subscriptionId },
	}),
};

/** One request to a target whose answer is an object (`{}` when Chaport sends none). */
export async function requestObject(
	this: ChaportContext,
	method: IHttpRequestMethods,
	to: Target,
	itemIndex?: number,
	more: Partial<ChaportRequest> = {},
): Promise<IDataObject> {
	return asObject(await chaportResult.call(this, { method, ...to, itemIndex, ...more }));
}

const objects = (result: unknown): IDataObject[] =>
	(Array.isArray(result) ? result : []).filter(
		(entry): entry is IDataObject => !!entry && typeof entry === 'object' && !Array.isArray(entry),
	);

/** One request whose answer is a list; entries that are not objects are dropped. */
async function requestList(
	this: ChaportContext,
	request: Omit<ChaportRequest, 'method'>,
): Promise<IDataObject[]> {
	return objects(await chaportResult.call(this, { method: 'GET', ...request }));
}

export async function getVisitor(this: ChaportContext, visitorId: string, itemIndex?: number) {
	return await requestObject.call(this, 'GET', target.visitor(visitorId), itemIndex);
}

export async function getChat(
	this: ChaportContext,
	visitorId: string,
	chatId: ChatId,
	itemIndex?: number,
) {
	return await requestObject.call(this, 'GET', target.chat(visitorId, chatId), itemIndex);
}

/** The chat's events in Chaport's order. */
export async function getChatEvents(
	this: ChaportContext,
	visitorId: string,
	chatId: ChatId,
	itemIndex?: number,
) {
	return await requestList.call(this, { ...target.chatEvents(visitorId, chatId), itemIndex });
}

/** One message or other chat event. */
export async function getChatEvent(
	this: ChaportContext,
	visitorId: string,
	chatId: ChatId,
	eventId: string,
	itemIndex?: number,
) {
	const to = target.chatEvent(visitorId, chatId, eventId);
	return await requestObject.call(this, 'GET', to, itemIndex);
}

/** GET /operators: the whole list (Chaport neither pages nor filters it). */
export async function listOperators(this: ChaportContext, itemIndex?: number) {
	return await requestList.call(this, { path: paths.operators(), itemIndex });
}

/** GET /events/subscriptions: the whole list (Chaport neither pages nor filters it). */
export async function listSubscriptions(this: ChaportContext, itemIndex?: number) {
	const subject = 'list of event subscriptions';
	return await requestList.call(this, { path: paths.subscriptions(), subject, itemIndex });
}
