import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chatIdField, simplifyField, visitorLocator } from '../common.descriptions';
import { readChatId, readVisitorId } from '../common.parameters';
import { getChat } from '../../../shared/api';
import { chatOutput } from './visitorChats';
import { readBoolean } from '../../../shared/validation';

const properties: INodeProperties[] = [visitorLocator, chatIdField, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	const chatId = readChatId.call(this, itemIndex);
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);
	const chat = await getChat.call(this, visitorId, chatId, itemIndex);
	return [chatOutput(chat, visitorId, simplify)];
}
