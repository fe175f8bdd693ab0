import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestObject, target } from '../../../shared/api';
import { buildUpdateMessageBody } from '../../../shared/apiContract';
import { requireText } from '../../../shared/validation';
import { chatIdField, visitorLocator } from '../common.descriptions';
import { eventIdField, messageTextField, readMessageAddress } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'Experimental: Chaport does not document how to edit a message. This operation uses a guessed endpoint and may fail or change in a later version.',
		name: 'experimentalNotice',
		type: 'notice',
		default: '',
	},
	visitorLocator,
	chatIdField,
	eventIdField,
	messageTextField("The message's new text; replaces the whole current text"),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { visitorId, chatId, eventId } = readMessageAddress.call(this, itemIndex);
	const text = requireText(this, this.getNodeParameter('text', itemIndex, ''), 'Text', itemIndex);
	const event = await requestObject.call(
		this,
		'PUT',
		target.chatEvent(visitorId, chatId, eventId),
		itemIndex,
		{ body: buildUpdateMessageBody(text) },
	);
	return [{ visitorId, chatId, ...event }];
}
