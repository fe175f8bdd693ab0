import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { KNOWN_EVENT_TYPES } from '../../../shared/apiContract';
import { getChatEvents } from '../../../shared/api';
import {
	readCollection,
	readResultLimit,
	readWholeNumber,
	requireChatId,
	requireOneOf,
	strictText,
} from '../../../shared/validation';
import { fetchLastChat, noChatError } from '../chat/visitorChats';
import { chatIdField, limitField, returnAllField, visitorLocator } from '../common.descriptions';
import { readChatId, readVisitorId } from '../common.parameters';
import type { TranscriptMessage } from '../../../shared/transcript';
import { buildTranscript, formatTime, isMessageEvent } from '../../../shared/transcript';
import { collection } from '../../../shared/descriptions';

const OUTPUT_MODES = ['events', 'transcript', 'text'] as const;

const humanize = (type: string) =>
	type
		.split('-')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');

/** Longest message text, in characters, that the compact transcript shows in full. */
const MAX_LINE_TEXT = 1000;

/** How many of the most recent messages the tool variant shows by default. */
const TOOL_MAX_MESSAGES = 50;

const outputField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{
			name: 'Events',
			value: 'events',
			description: "One item per chat event, as Chaport returns it, plus 'visitorId' and 'chatId'",
		},
		{
			name: 'Transcript',
			value: 'transcript',
			description:
				"One item for the whole chat with 'transcript': 'text' (a line per message, \"[time] Name: text\"), 'messages' (role, name, time, text) and the raw 'events'. The trigger's Include Transcript gives the same shape.",
		},
		{
			name: 'Transcript Text',
			value: 'text',
			description:
				'One compact item for the whole chat with only \'transcript.text\': a line per message ("[time] Name: text"), a long message cut after 1,000 characters. Made for AI agents.',
		},
	],
	default: 'events',
	description: 'Whether to output the chat events one by one or the chat as a single transcript',
};

const maxMessagesField: INodeProperties = {
	displayName: 'Most Recent Messages',
	name: 'maxMessages',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 0 },
	default: 0,
	description:
		"Keep only this many of the latest messages (0 keeps all), so a long chat stays short enough for an AI model. 'earlierMessagesLeftOut' then says how many were left out, and so does the first line of Transcript Text.",
};

const properties: INodeProperties[] = [
	visitorLocator,
	{
		...chatIdField,
		required: false,
		description:
			"The chat's number. Leave empty for the visitor's last (current or most recent) chat, e.g. right after Visitor › Get Many.",
	},
	// The tool variant (Chaport Tool, used by AI agents) defaults to the compact transcript text, so
	// a model is not handed raw events; everything else defaults to the events as Chaport sends them.
	{ ...outputField, default: 'events', displayOptions: { show: { '@tool': [false] } } },
	{ ...outputField, default: 'text', displayOptions: { show: { '@tool': [true] } } },
	{
		...maxMessagesField,
		default: 0,
		displayOptions: { show: { '@tool': [false], output: ['transcript', 'text'] } },
	},
	{
		...maxMessagesField,
		default: TOOL_MAX_MESSAGES,
		displayOptions: { show: { '@tool': [true], output: ['transcript', 'text'] } },
	},
	{ ...returnAllField, displayOptions: { show: { output: ['events'] } } },
	{ ...limitField, displayOptions: { show: { output: ['events'], returnAll: [false] } } },
	collection('options', [
		{
			displayName: 'Event Types',
			name: 'eventTypes',
			type: 'multiOptions',
			options: [...KNOWN_EVENT_TYPES].sort().map((type) => ({ name: humanize(type), value: type })),
			default: [],
			description:
				'Only keep events of these types. Without this option every event is kept, including types the node does not know.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getAll'] } },
	properties,
);

/** The Event Types filter: known types only, so a typo cannot silently filter everything out. */
function typeList(this: IExecuteFunctions, value: unknown, itemIndex: number): string[] {
	if (value === undefined || value === '') return [];
	const types = Array.isArray(value)
		? value.map((type) => strictText(this, type, 'Event Types', itemIndex).trim())
		: strictText(this, value, 'Event Types', itemIndex)
				.split(',')
				.map((type) => type.trim())
				.filter(Boolean);
	for (const type of types) {
		requireOneOf(this, type, KNOWN_EVENT_TYPES, 'Event Types', itemIndex);
	}
	return types;
}

/** The events from the max-th latest message on (all of them for 0), and how many messages fell off. */
function latestMessages(events: IDataObject[], max: number) {
	const messages = events.filter(isMessageEvent);
	const leftOut = max > 0 ? Math.max(0, messages.length - max) : 0;
	return { kept: leftOut ? events.slice(events.indexOf(messages[leftOut])) : events, leftOut };
}

/** A message as one bounded line: a pasted wall of text must not flood an AI model's context. */
function compactLine(message: TranscriptMessage): string {
	const time = message.time ? `[${formatTime(message.time)}] ` : '';
	const text =
		message.text.length > MAX_LINE_TEXT
			? `${message.text.slice(0, MAX_LINE_TEXT)}… (${message.text.length - MAX_LINE_TEXT} more characters)`
			: message.text;
	return `${time}${message.name}: ${text.replace(/\s*\n\s*/g, ' / ')}`;
}

/** The Chat ID given, or else the id of the visitor's last chat (one more request). */
async function chatIdOrLast(
	this: IExecuteFunctions,
	visitorId: string,
	itemIndex: number,
): Promise<number | string> {
	const given = this.getNodeParameter('chatId', itemIndex, '');
	if (given !== '' && given !== null && given !== undefined)
		return readChatId.call(this, itemIndex);
	const last = await fetchLastChat.call(this, visitorId, itemIndex);
	if (!last) throw noChatError.call(this, visitorId, itemIndex);
	return requireChatId(this, last.chat.id, "The last chat's ID", itemIndex);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	const output = requireOneOf(
		this,
		this.getNodeParameter('output', itemIndex, 'events'),
		OUTPUT_MODES,
		'Output',
		itemIndex,
	);
	const options = readCollection(this, 'options', 'Options', itemIndex);
	const eventTypes = typeList.call(this, options.eventTypes, itemIndex);
	const asTranscript = output === 'transcript' || output === 'text';
	const maxMessages = asTranscript
		? readWholeNumber(this, 'maxMessages', 'Most Recent Messages', 0, itemIndex, 0)
		: 0;
	const limit = asTranscript ? Infinity : readResultLimit(this, itemIndex);
	const chatId = await chatIdOrLast.call(this, visitorId, itemIndex);

	let events = await getChatEvents.call(this, visitorId, chatId, itemIndex);
	if (eventTypes.length) events = events.filter((event) => eventTypes.includes(String(event.type)));

	if (asTranscript) {
		const { kept, leftOut } = latestMessages(events, maxMessages);
		const transcript = await buildTranscript.call(this, kept);
		const note = leftOut ? { earlierMessagesLeftOut: leftOut } : {};
		if (output === 'transcript') return [{ visitorId, chatId, ...note, transcript }];
		const lines = transcript.messages.map(compactLine);
		if (leftOut) lines.unshift(`(${leftOut} earlier messages left out)`);
		return [{ visitorId, chatId, ...note, transcript: { text: lines.join('\n') } }];
	}

	if (limit !== Infinity) events = events.slice(0, limit);
	return events.map((event) => ({ visitorId, chatId, ...event }));
}
