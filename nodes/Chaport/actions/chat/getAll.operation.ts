import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readResultLimit } from '../../../shared/validation';
import { limitField, returnAllField, simplifyField, visitorLocator } from '../common.descriptions';
import { readVisitorId } from '../common.parameters';
import { getChat } from '../../../shared/api';
import { chatOutput, fetchLastChat } from './visitorChats';

const properties: INodeProperties[] = [visitorLocator, returnAllField, limitField, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	const limit = readResultLimit(this, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;

	const last = await fetchLastChat.call(this, visitorId, itemIndex);
	if (!last) return [];
	const chats: IDataObject[] = [last.chat];
	// Chaport has no chat list: older chats come one request each, so stop as soon as enough are in.
	for (const chatId of last.olderChatIds) {
		if (chats.length >= limit) break;
		chats.push(await getChat.call(this, visitorId, chatId, itemIndex));
	}
	return chats.slice(0, limit).map((chat) => chatOutput(chat, visitorId, simplify));
}
