import type { IDataObject } from 'n8n-workflow';

import { isMessageType, OPERATOR_MESSAGE_TYPE, VISITOR_MESSAGE_TYPE } from './apiContract';
import type { ChaportContext } from './transport';
import { listOperators } from './api';
import { asObject } from './utils';

/**
 * The one transcript shape of this package. Message › Get Many (Output: Transcript) and the
 * trigger's Include Transcript both put it under `transcript`, so an expression such as
 * `{{ $json.transcript.text }}` works after either node:
 *
 *   transcript.text      "[2024-05-06 06:54:02] Visitor: Hi" lines, oldest first
 *   transcript.messages  [{ role, name, operatorId?, time, text }]
 *   transcript.events    the chat events those messages come from, as Chaport sent them
 */
export type SpeakerRole = 'visitor' | 'operator' | 'bot';

export interface TranscriptMessage extends IDataObject {
	/** Who wrote it: the visitor, an operator, or Chaport's bot and automatic messages. */
	role: SpeakerRole;
	/** "Visitor", the operator's name (their ID when the name is unknown), or "Bot". */
	name: string;
	/** ISO time as Chaport gave it, or null. */
	time: string | null;
	text: string;
}

export interface Transcript extends IDataObject {
	text: string;
	messages: TranscriptMessage[];
	events: IDataObject[];
}

/** Operator names per execution: one GET /operators however many items ask for a transcript. */
const operatorNamesByContext = new WeakMap<object, Promise<Map<string, string>>>();

async function loadOperatorNames(this: ChaportContext): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	try {
		for (const operator of await listOperators.call(this)) {
			if (operator.id !== undefined && typeof operator.name === 'string' && operator.name) {
				names.set(String(operator.id), operator.name);
			}
		}
	} catch {
		// Names only decorate the transcript: without them each operator is shown by ID.
	}
	return names;
}

function operatorNames(this: ChaportContext): Promise<Map<string, string>> {
	let names = operatorNamesByContext.get(this);
	if (!names) {
		names = loadOperatorNames.call(this);
		operatorNamesByContext.set(this, names);
	}
	return names;
}

/** Message events are those whose type ends in "-message" (also unknown ones) and carry text. */
export function isMessageEvent(event: IDataObject): boolean {
	return isMessageType(event.type) && typeof asObject(event.params).text === 'string';
}

/** "2024-05-06T06:54:02.410Z" -> "2024-05-06 06:54:02"; anything unparseable is shown as is. */
export function formatTime(time: string | null): string {
	if (!time) return '';
	const date = new Date(time);
	if (Number.isNaN(date.getTime())) return time;
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

function messageOf(event: IDataObject, names: Map<string, string>): TranscriptMessage {
	const params = asObject(event.params);
	const time = typeof event.createdAt === 'string' && event.createdAt ? event.createdAt : null;
	const text = String(params.text);
	if (event.type === VISITOR_MESSAGE_TYPE) return { role: 'visitor', name: 'Visitor', time, text };
	if (event.type === OPERATOR_MESSAGE_TYPE) {
		const operatorId = params.operatorId === undefined ? '' : String(params.operatorId);
		const name = names.get(operatorId) ?? (operatorId || 'Operator');
		return { role: 'operator', name, ...(operatorId ? { operatorId } : {}), time, text };
	}
	// Chatbot, trigger and other automatic messages.
	return { role: 'bot', name: 'Bot', time, text };
}

/** Builds the transcript of a chat from its events (any order-preserving list, any types). */
export async function buildTranscript(
	this: ChaportContext,
	chatEvents: IDataObject[],
): Promise<Transcript> {
	const events = chatEvents.filter(isMessageEvent);
	const names = events.some((event) => event.type === OPERATOR_MESSAGE_TYPE)
		? await operatorNames.call(this)
		: new Map<string, string>();
	const messages = events.map((event) => messageOf(event, names));
	const text = messages
		.map((message) => {
			const time = formatTime(message.time);
			return `${time ? `[${time}] ` : ''}${message.name}: ${message.text}`;
		})
		.join('\n');
	return { text, messages, events };
}
