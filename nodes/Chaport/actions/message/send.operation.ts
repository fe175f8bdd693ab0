import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildSendMessageBody, paths, sentChatId } from '../../../shared/apiContract';
import { chaportResult } from '../../../shared/transport';
import {
	invalidParameter,
	readCollection,
	requireChatId,
	requireText,
	strictBoolean,
} from '../../../shared/validation';
import { asObject } from '../../../shared/utils';
import { collection, operatorLocator } from '../../../shared/descriptions';
import { visitorLocator } from '../common.descriptions';
import { readOperatorId, readVisitorId } from '../common.parameters';
import { deriveIdempotencyKey } from './idempotency';
import { messageTextField } from './fields';

const MAX_KEY_LENGTH = 255;

const properties: INodeProperties[] = [
	{ ...visitorLocator, description: 'The Chaport visitor to send the message to' },
	messageTextField(
		'Plain-text message shown to the visitor in the chat widget. Chaport cannot unsend it.',
	),
	operatorLocator({
		displayName: 'Sending Operator',
		description: 'The Chaport operator the message is sent as; the visitor sees their name',
	}),
	collection('options', [
		{
			displayName: 'Chat ID',
			name: 'chatId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1042',
			description:
				"Number of the visitor's chat to post into instead of the current one. Whether Chaport honours this is unconfirmed.",
		},
		{
			displayName: 'Idempotency Key',
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.orderId }}-shipped',
			description:
				"Replaces the key the node derives from the workflow, node, visitor, operator, text and how many identical sends come before it in the input. Chaport ignores a second message with the same key in the visitor's current chat. Ignored when 'Prevent Duplicates' is off.",
		},
		{
			displayName: 'Prevent Duplicates',
			name: 'preventDuplicates',
			type: 'boolean',
			default: true,
			description:
				'Whether to send an idempotency key, so that running the workflow again on the same input, or retrying after a network failure, does not send the message twice. Turn off to send a message every time, even if it repeats; the node then never retries a failed send.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['send'] } },
	properties,
);

/** What identifies a send: the message as read from one item's parameters (checked). */
function readMessage(this: IExecuteFunctions, itemIndex: number) {
	const visitorId = readVisitorId.call(this, itemIndex);
	const text = requireText(this, this.getNodeParameter('text', itemIndex, ''), 'Text', itemIndex);
	const operatorId = readOperatorId.call(this, itemIndex, 'Sending Operator');
	const options = readCollection(this, 'options', 'Options', itemIndex);
	const chatId =
		options.chatId === undefined || options.chatId === ''
			? undefined
			: requireChatId(this, options.chatId, 'Chat ID', itemIndex);
	return { visitorId, text, operatorId, chatId };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const message = readMessage.call(this, itemIndex);
	const { visitorId, text, operatorId, chatId } = message;
	const options = readCollection(this, 'options', 'Options', itemIndex);

	let externalId: string | undefined;
	const preventDuplicates =
		options.preventDuplicates === undefined ||
		strictBoolean(this, options.preventDuplicates, 'Prevent Duplicates', itemIndex);
	if (preventDuplicates) {
		// Once added, the option is used even when an expression resolved it to nothing (refused
		// below), so a broken expression cannot quietly swap in the derived key.
		externalId = Object.prototype.hasOwnProperty.call(options, 'idempotencyKey')
			? customIdempotencyKey.call(this, options.idempotencyKey, itemIndex)
			: deriveIdempotencyKey.call(this, itemIndex, message, (index) =>
					readMessage.call(this, index),
				);
	}

	const event = asObject(
		await chaportResult.call(this, {
			method: 'POST',
			path: paths.messages(),
			body: buildSendMessageBody({
				visitorId,
				text,
				operatorId,
				externalId,
				chatId,
			}),
			// Repeating the POST is harmless only when Chaport can recognise the repeat by its key.
			retryable: externalId !== undefined,
			subject: `visitor "${visitorId}" or operator "${operatorId}"`,
			ids: {
				visitor: visitorId,
				operator: operatorId,
				...(chatId === undefined ? {} : { chat: chatId }),
			},
			itemIndex,
		}),
	);
	return [
		{ ...event, visitorId, ...(await chatOfSend.call(this, event, visitorId, chatId, itemIndex)) },
	];
}

/**
 * Where the message went, so that Send -> Chat Update / Message Get chains have a chat to use.
 * Chaport's answer to a send is unconfirmed and may name no chat: then the chat asked for, else the
 * visitor's current chat (which a send always goes into) is read. The message is sent by then, so
 * a failure of that read is reported in the item instead of failing it (a retry would resend).
 */
async function chatOfSend(
	this: IExecuteFunctions,
	answer: IDataObject,
	visitorId: string,
	requested: number | string | undefined,
	itemIndex: number,
): Promise<IDataObject> {
	const fromAnswer = sentChatId(answer);
	if (fromAnswer !== undefined) return { chatId: fromAnswer };
	if (requested !== undefined) return { chatId: requested };
	try {
		const last = asObject(
			await chaportResult.call(this, {
				method: 'GET',
				path: paths.lastChat(visitorId),
				subject: `chat of visitor "${visitorId}"`,
				ids: { visitor: visitorId },
				itemIndex,
			}),
		);
		const id = last.id;
		if (typeof id === 'number' || (typeof id === 'string' && id)) return { chatId: id };
		return {
			chatId: null,
			chatIdError: "Chaport's answer named no chat, nor did the visitor's last chat",
		};
	} catch (error) {
		return {
			chatId: null,
			chatIdError: `The message was sent, but its chat could not be read: ${(error as Error).message}`,
		};
	}
}

/** A custom key must not be empty: an expression that resolved to nothing would lose the dedup. */
function customIdempotencyKey(this: IExecuteFunctions, value: unknown, itemIndex: number): string {
	const key = requireText(this, value, 'Idempotency Key', itemIndex).trim();
	// The key travels in the JSON body, so any text is fine; only its length is capped.
	if (key.length > MAX_KEY_LENGTH) {
		throw invalidParameter(
			this,
			'Idempotency Key',
			`is ${key.length} characters long; at most ${MAX_KEY_LENGTH} are allowed`,
			itemIndex,
		);
	}
	return key;
}
