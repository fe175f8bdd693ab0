import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { paths } from '../../../shared/apiContract';
import { chaportResult } from '../../../shared/transport';
import { requireChatId, requireHexId, requireOpaqueId } from '../../../shared/validation';
import { asObject } from '../../helpers/simplify';
import { chatIdField, visitorLocator } from '../common.descriptions';
import { eventIdField } from './fields';

const properties: INodeProperties[] = [visitorLocator, chatIdField, eventIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = requireHexId(
		this,
		this.getNodeParameter('visitorId', itemIndex, '', { extractValue: true }),
		'Visitor',
		itemIndex,
	);
	const chatId = requireChatId(
		this,
		this.getNodeParameter('chatId', itemIndex, ''),
		'Chat ID',
		itemIndex,
	);
	const eventId = requireOpaqueId(
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
			itemIndex,
		}),
	);
	return [{ visitorId, chatId, ...event }];
}
