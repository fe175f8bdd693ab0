import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { KNOWN_EVENT_TYPES } from '../../../shared/apiContract';
import { getChatEvents } from '../../../shared/api';
import { readResultLimit } from '../../../shared/validation';
import { chatIdField, limitField, returnAllField, visitorLocator } from '../common.descriptions';
import { readChatId, readVisitorId } from '../common.parameters';
import { buildTranscript } from '../../../shared/transcript';

const humanize = (type: string) =>
	type
		.split('-')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');

const properties: INodeProperties[] = [
	visitorLocator,
	chatIdField,
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Events',
				value: 'events',
				description:
					"One item per chat event, as Chaport returns it, plus 'visitorId' and 'chatId'",
			},
			{
				name: 'Transcript',
				value: 'transcript',
				description:
					"One item for the whole chat with 'transcript': 'text' (a line per message, \"[time] Name: text\"), 'messages' (role, name, time, text) and the raw 'events'. The trigger's Include Transcript gives the same shape.",
			},
		],
		default: 'events',
		description: 'Whether to output the chat events one by one or the chat as a single transcript',
	},
	{ ...returnAllField, displayOptions: { show: { output: ['events'] } } },
	{ ...limitField, displayOptions: { show: { output: ['events'], returnAll: [false] } } },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Event Types',
				name: 'eventTypes',
				type: 'multiOptions',
				options: [...KNOWN_EVENT_TYPES]
					.sort()
					.map((type) => ({ name: humanize(type), value: type })),
				default: [],
				description:
					'Only keep events of these types. Without this option every event is kept, including types the node does not know.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getAll'] } },
	properties,
);

function typeList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string')
		return value
			.split(',')
			.map((type) => type.trim())
			.filter(Boolean);
	return [];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	const chatId = readChatId.call(this, itemIndex);
	const output = this.getNodeParameter('output', itemIndex, 'events') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const eventTypes = typeList(options.eventTypes);

	let events = await getChatEvents.call(this, visitorId, chatId, itemIndex);
	if (eventTypes.length) events = events.filter((event) => eventTypes.includes(String(event.type)));

	if (output === 'transcript')
		return [{ visitorId, chatId, transcript: await buildTranscript.call(this, events) }];

	const limit = readResultLimit(this, itemIndex);
	if (limit !== Infinity) events = events.slice(0, limit);
	return events.map((event) => ({ visitorId, chatId, ...event }));
}
