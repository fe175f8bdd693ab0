import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { paths } from '../../../shared/apiContract';
import { chaportResult } from '../../../shared/transport';
import { asObject } from '../../../shared/utils';

export interface TranscriptMessage extends IDataObject {
	speaker: string;
	time: string | null;
	text: string;
}

/** Operator names per execution: one GET /operators however many items ask for a transcript. */
const operatorNamesByExecution = new WeakMap<IExecuteFunctions, Promise<Map<string, string>>>();

async function loadOperatorNames(this: IExecuteFunctions): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	try {
		const operators = await chaportResult.call(this, { method: 'GET', path: paths.operators() });
		for (const operator of Array.isArray(operators) ? (operators as IDataObject[]) : []) {
			if (operator.id !== undefined && typeof operator.name === 'string' && operator.name) {
				names.set(String(operator.id), operator.name);
			}
		}
	} catch {
		// Names only decorate the transcript: without them each operator is shown by ID.
	}
	return names;
}

function operatorNames(this: IExecuteFunctions): Promise<Map<string, string>> {
	let names = operatorNamesByExecution.get(this);
	if (!names) {
		names = loadOperatorNames.call(this);
		operatorNamesByExecution.set(this, names);
	}
	return names;
}

/** Message events are those whose type ends in "-message" (also unknown ones) and carry text. */
function isMessage(event: IDataObject): boolean {
	return /-message$/.test(String(event.type)) && typeof asObject(event.params).text === 'string';
}

/** "2024-05-06T06:54:02.410Z" -> "2024-05-06 06:54:02"; anything unparseable is shown as is. */
function formatTime(time: unknown): string {
	if (typeof time !== 'string' || !time) return '';
	const date = new Date(time);
	if (Number.isNaN(date.getTime())) return time;
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

function speakerOf(event: IDataObject, names: Map<string, string>): string {
	const params = asObject(event.params);
	if (event.type === 'visitor-message') return 'Visitor';
	if (event.type === 'operator-message') {
		const operatorId = params.operatorId === undefined ? '' : String(params.operatorId);
		return names.get(operatorId) ?? (operatorId || 'Operator');
	}
	// Chatbot, trigger and other automatic messages.
	return 'Bot';
}

/** One item for a whole chat: readable `transcript` lines plus the structured `messages`. */
export async function buildTranscript(
	this: IExecuteFunctions,
	events: IDataObject[],
	context: { visitorId: string; chatId: number },
): Promise<IDataObject> {
	const messageEvents = events.filter(isMessage);
	const names = messageEvents.some((event) => event.type === 'operator-message')
		? await operatorNames.call(this)
		: new Map<string, string>();
	const messages: TranscriptMessage[] = messageEvents.map((event) => ({
		speaker: speakerOf(event, names),
		time: typeof event.createdAt === 'string' ? event.createdAt : null,
		text: String(asObject(event.params).text),
	}));
	const transcript = messages
		.map((message) => {
			const time = formatTime(message.time);
			return `${time ? `[${time}] ` : ''}${message.speaker}: ${message.text}`;
		})
		.join('\n');
	return {
		visitorId: context.visitorId,
		chatId: context.chatId,
		messageCount: messages.length,
		transcript,
		messages,
	};
}
