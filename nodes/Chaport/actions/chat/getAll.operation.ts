import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapInOrder, requestsInFlightLimit } from '../../../shared/transport/execution';
import { readBoolean, readResultLimit } from '../../../shared/validation';
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
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);

	const last = await fetchLastChat.call(this, visitorId, itemIndex);
	if (!last) return [];
	// Chaport has no chat list: older chats come one request each, so ask only for what Limit
	// keeps, as many at once as the node's Concurrency allows, in the order Chaport listed them.
	const wanted = last.olderChatIds.slice(0, Math.max(0, limit - 1));
	const older = await mapInOrder(
		wanted.length,
		requestsInFlightLimit(this),
		async (i) => await getChat.call(this, visitorId, wanted[i], itemIndex),
	);
	return [last.chat, ...older].slice(0, limit).map((chat) => chatOutput(chat, visitorId, simplify));
}
