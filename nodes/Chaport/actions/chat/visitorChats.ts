import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { chatIdFromLink } from '../../../shared/apiContract';
import { getVisitor, target } from '../../../shared/api';
import { chaportRequest } from '../../../shared/transport';
import { apiErrorFromResponse } from '../../../shared/transport/errors';
import { asObject, isNotFound } from '../../../shared/utils';
import { idProblem } from '../../../shared/validation';
import { simplifyChat } from '../../helpers/simplify';

export interface LastChat {
	chat: IDataObject;
	/** Ids of the visitor's older chats, newest first, taken from `links.more`. */
	olderChatIds: string[];
}

/**
 * The visitor's current or most recent chat, or null when the visitor exists but never chatted.
 * Chaport answers "never chatted" with a 404 or `result: null` (both unconfirmed); since a 404
 * may equally mean an unknown visitor, the visitor is looked up to tell the two apart.
 */
export async function fetchLastChat(
	this: IExecuteFunctions,
	visitorId: string,
	itemIndex: number,
): Promise<LastChat | null> {
	let response;
	try {
		response = await chaportRequest.call(this, {
			method: 'GET',
			...target.lastChat(visitorId),
			itemIndex,
		});
	} catch (error) {
		if (isNotFound(error)) {
			// Throws Chaport's 404 for an unknown visitor; returns quietly when the visitor exists.
			await getVisitor.call(this, visitorId, itemIndex);
			return null;
		}
		throw error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
	const chat = asObject(response.result);
	if (Object.keys(chat).length === 0) {
		await getVisitor.call(this, visitorId, itemIndex);
		return null;
	}
	return { chat, olderChatIds: olderChatIds.call(this, response.links.more, chat, itemIndex) };
}

/**
 * Chat ids from `links.more`, never the links themselves: requests stay on the credential's host,
 * and an id must be one safe path segment so that it cannot change the path.
 */
function olderChatIds(
	this: IExecuteFunctions,
	links: string[],
	lastChat: IDataObject,
	itemIndex: number,
): string[] {
	const seen = new Set<string>([String(lastChat.id ?? '')]);
	const ids: string[] = [];
	for (const link of links) {
		const id = chatIdFromLink(link);
		if (!id || idProblem(id)) {
			throw new NodeOperationError(
				this.getNode(),
				`Chaport listed an older chat as "${link}", which does not end in a chat ID [item ${itemIndex}]`,
				{ itemIndex },
			);
		}
		if (seen.has(id)) continue;
		seen.add(id);
		ids.push(id);
	}
	return ids;
}

/**
 * Chat IDs ordered newest first, when every one is a whole number (Chaport's chat IDs are numbers
 * that grow with time); undefined when one is not, since their order is then unknown.
 */
export function newestFirstById(ids: string[]): string[] | undefined {
	if (!ids.every((id) => /^\d+$/.test(id) && Number.isSafeInteger(Number(id)))) return undefined;
	return [...new Set(ids)].sort((a, b) => Number(b) - Number(a));
}

/**
 * Chats newest first: by creation time when every chat has one (the `createdAt` key is
 * unconfirmed), else by numeric ID, else in the order given. Never trusts the order of
 * `links.more`, which is unconfirmed.
 */
export function sortNewestFirst(chats: IDataObject[]): IDataObject[] {
	const times = chats.map((chat) => Date.parse(String(chat.createdAt ?? '')));
	const ids = chats.map((chat) => String(chat.id ?? ''));
	const indexed = chats.map((chat, index) => ({ chat, index }));
	if (times.every((time) => !Number.isNaN(time))) {
		return indexed
			.sort((a, b) => times[b.index] - times[a.index] || a.index - b.index)
			.map(({ chat }) => chat);
	}
	if (ids.every((id) => /^\d+$/.test(id))) {
		return indexed
			.sort((a, b) => Number(ids[b.index]) - Number(ids[a.index]) || a.index - b.index)
			.map(({ chat }) => chat);
	}
	return chats;
}

/** The NodeApiError for Get Last on a visitor who exists but has never chatted. */
export function noChatError(this: IExecuteFunctions, visitorId: string, itemIndex: number) {
	return apiErrorFromResponse(
		this.getNode(),
		{ status: 404, body: { error: { message: 'the visitor has never chatted' } } },
		{ subject: target.lastChat(visitorId).subject, itemIndex, retries: 0 },
	);
}

/** Output of a chat operation: simplified, or Chaport's object with the visitor id added. */
export function chatOutput(chat: IDataObject, visitorId: string, simplify: boolean): IDataObject {
	if (simplify) return simplifyChat(chat, visitorId);
	return chat.visitorId === undefined ? { ...chat, visitorId } : chat;
}
