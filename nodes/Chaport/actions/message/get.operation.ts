import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { paths } from '../../../shared/apiContract';
import { chaportResult } from '../../../shared/transport';
import { requireId } from '../../../shared/validation';
import { asObject } from '../../../shared/utils';
import { chatIdField, visitorLocator } from '../common.descriptions';
import { readChatId, readVisitorId } from '../common.parameters';
import { eventIdField } from './fields';

const properties: INodeProperties[] = [visitorLocator, chatIdField, eventIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	const chatId = readChatId.call(this, itemIndex);
	const eventId = requireId(
		this,
		this.getNodeParameter('eventId', itemIndex, ''),
		'Message ID',
		itemIndex,
	);
	const event = asObject(
		await chaportResult.call(this, {
			method: 'GET',
			path: paths.chatEvent(visitorId, chatId, eventId),
			subject: `message "${eventId}" in chat ${chatId} of visitor "${visitorId}"`,
			ids: { visitor: visitorId, chat: chatId },
			itemIndex,
		}),
	);
	return [{ visitorId, chatId, ...event }];
}
