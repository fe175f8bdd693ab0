import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapInOrder, requestsInFlightLimit } from '../../../shared/transport/execution';
import { readBoolean, readResultLimit } from '../../../shared/validation';
import { limitField, returnAllField, simplifyField, visitorLocator } from '../common.descriptions';
import { readVisitorId } from '../common.parameters';
import { getChat } from '../../../shared/api';
import { chatOutput, fetchLastChat, newestFirstById, sortNewestFirst } from './visitorChats';

const properties: INodeProperties[] = [visitorLocator, returnAllField, limitField, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	const limit = readResultLimit(this, itemIndex);
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);

	const last = await fetchLastChat.call(this, visitorId, itemIndex);
	if (!last) return [];
	// Chaport has no chat list: the last chat links to the older ones (`links.more`), one request
	// each, in an order the API does not promise. Chats are put newest first here. When every ID is
	// a number (chat IDs grow with time), the newest can be picked before fetching, so only as many
	// chats as the Limit asks for are requested; otherwise all are fetched, then ordered. They are
	// requested as many at once as the node's Concurrency allows.
	const lastId = String(last.chat.id ?? '');
	const candidates = newestFirstById([lastId, ...last.olderChatIds]);
	const wanted = (candidates ? candidates.slice(0, limit) : last.olderChatIds).filter(
		(chatId) => chatId !== lastId,
	);
	const older = await mapInOrder(
		wanted.length,
		requestsInFlightLimit(this),
		async (i) => await getChat.call(this, visitorId, wanted[i], itemIndex),
	);
	return sortNewestFirst([last.chat, ...older])
		.slice(0, limit)
		.map((chat) => chatOutput(chat, visitorId, simplify));
}
