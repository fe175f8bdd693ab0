import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireChatId, requireHexId } from '../../../shared/validation';
import { chatIdField, simplifyField, visitorLocator } from '../common.descriptions';
import { chatOutput, fetchChat } from './visitorChats';

const properties: INodeProperties[] = [visitorLocator, chatIdField, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['get'] } },
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
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const chat = await fetchChat.call(this, visitorId, chatId, itemIndex);
	return [chatOutput(chat, visitorId, simplify)];
}
