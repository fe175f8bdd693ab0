// Control layer: plays the website visitors and the operators. Every action mutates the store
// and then waits until the matching webhooks have been delivered to all subscriptions.

import { badRequest, notFound } from './errors';
import type { SandboxState } from './store';
import type { Visitor } from './types';
import { eventNameForType, type WebhookDispatcher, type WebhookEvent } from './webhooks';

export interface StartChatOptions {
	visitorId?: string;
	text?: string;
	name?: string;
	email?: string;
}

function requireText(text: unknown, field = 'text'): string {
	if (typeof text !== 'string' || text.trim() === '') {
		throw badRequest(`"${field}" must be a non-empty string`, 'missing_field');
	}
	return text;
}

export class SandboxControl {
	constructor(
		private readonly state: SandboxState,
		private readonly webhooks: WebhookDispatcher,
		private readonly firstMessageDelayMs: number,
	) {}

	private visitor(visitorId: string): Visitor {
		const visitor = this.state.findVisitor(visitorId);
		if (!visitor) throw notFound(`Visitor ${visitorId} not found`);
		return visitor;
	}

	/**
	 * A visitor opens a chat (a new visitor unless `visitorId` is given). Delivers `chat.started`,
	 * then `chat.newEvent.visitorMessage` when `text` is given; that first message stays invisible
	 * to the API for `firstMessageDelayMs`.
	 */
	async startChat(opts: StartChatOptions = {}): Promise<{ visitorId: string; chatId: number }> {
		const text = opts.text === undefined ? undefined : requireText(opts.text);
		let visitor: Visitor;
		if (opts.visitorId !== undefined) {
			visitor = this.visitor(opts.visitorId);
			if (opts.name !== undefined) visitor.name = opts.name;
			if (opts.email !== undefined) visitor.email = opts.email;
		} else {
			visitor = this.state.createVisitor({ name: opts.name, email: opts.email });
		}
		const chat = this.state.startChat(visitor);
		visitor.lastSeenAt = chat.createdAt;
		const events: WebhookEvent[] = [
			{ event: 'chat.started', visitorId: visitor.id, chatId: chat.id },
		];
		if (text !== undefined) {
			const added = this.state.addVisitorMessage(visitor, text, this.firstMessageDelayMs);
			events.push({
				event: eventNameForType(added.event.type),
				visitorId: visitor.id,
				chatId: chat.id,
				eventId: added.event.id,
			});
		}
		await this.webhooks.deliver(events);
		return { visitorId: visitor.id, chatId: chat.id };
	}

	/** The visitor writes; a closed or missing chat is replaced by a new one (chat.started first). */
	async visitorMessage(
		visitorId: string,
		text: string,
	): Promise<{ eventId: string; chatId: number }> {
		requireText(text);
		const visitor = this.visitor(visitorId);
		const added = this.state.addVisitorMessage(visitor, text, this.firstMessageDelayMs);
		const events: WebhookEvent[] = [];
		if (added.startedChat) {
			events.push({ event: 'chat.started', visitorId, chatId: added.chat.id });
		}
		events.push({
			event: eventNameForType(added.event.type),
			visitorId,
			chatId: added.chat.id,
			eventId: added.event.id,
		});
		await this.webhooks.deliver(events);
		return { eventId: added.event.id, chatId: added.chat.id };
	}

	/** An operator answers in the visitor's current chat (stage -> responded / stays engaged). */
	async operatorReply(
		visitorId: string,
		operatorId: string,
		text: string,
	): Promise<{ eventId: string; chatId: number }> {
		requireText(text);
		const visitor = this.visitor(visitorId);
		if (!this.state.findOperator(operatorId)) throw notFound(`Operator ${operatorId} not found`);
		const added = this.state.addOperatorMessage(visitor, { text, operatorId });
		const events: WebhookEvent[] = [];
		if (added.startedChat) {
			events.push({ event: 'chat.started', visitorId, chatId: added.chat.id });
		}
		events.push({
			event: eventNameForType(added.event.type),
			visitorId,
			chatId: added.chat.id,
			eventId: added.event.id,
		});
		await this.webhooks.deliver(events);
		return { eventId: added.event.id, chatId: added.chat.id };
	}

	/** Closes the visitor's current chat and delivers `chat.finished`. */
	async finishChat(visitorId: string): Promise<{ chatId: number }> {
		const visitor = this.visitor(visitorId);
		const chat = visitor.chats[visitor.chats.length - 1];
		if (!chat) throw notFound(`Visitor ${visitorId} has no chat`);
		chat.stage = 'closed';
		await this.webhooks.deliver([{ event: 'chat.finished', visitorId, chatId: chat.id }]);
		return { chatId: chat.id };
	}

	/** Waits for webhooks fired in the background by REST calls (POST /messages, PUT …/chats). */
	async settle(): Promise<void> {
		await this.webhooks.settle();
	}
}
