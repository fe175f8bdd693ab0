import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getChatEvent } from '../../../shared/api';
import { chatIdField, visitorLocator } from '../common.descriptions';
import { eventIdField, readMessageAddress } from './fields';

const properties: INodeProperties[] = [visitorLocator, chatIdField, eventIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { visitorId, chatId, eventId } = readMessageAddress.call(this, itemIndex);
	const event = await getChatEvent.call(this, visitorId, chatId, eventId, itemIndex);
	return [{ visitorId, chatId, ...event }];
}
