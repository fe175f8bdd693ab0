// In-memory store of the sandbox plus the conversation rules shared by the REST API and the
// control layer (who gets a new chat, how the stage moves). It never sends webhooks itself.

import { eventIdFor, subscriptionIdFor } from './alternatives';
import { Prng, deriveSeed } from './prng';
import { generateSeed } from './seed';
import type {
	Chat,
	ChatEvent,
	ChatStage,
	Operator,
	OperatorStatus,
	ResolvedOptions,
	Subscription,
	Visitor,
} from './types';

export interface AppendResult {
	visitor: Visitor;
	chat: Chat;
	event: ChatEvent;
	/** true when a new chat had to be started for this event */
	startedChat: boolean;
	/** true when POST /messages hit an already used externalId (no new event) */
	duplicate: boolean;
}

/** Creation time of the visitor's latest chat; -Infinity when the visitor never chatted. */
function lastChatTime(visitor: Visitor): number {
	const last = visitor.chats[visitor.chats.length - 1];
	return last ? Date.parse(last.createdAt) : -Infinity;
}

export class SandboxState {
	operators: Operator[] = [];
	/** each visitor keeps its chats oldest first, newest last */
	visitors: Visitor[] = [];
	subscriptions: Subscription[] = [];
	ownerId = '';

	private nextChatId = 0;
	private runtimeIds = new Prng(0);
	private lastNow = 0;
	/** operatorId -> epoch ms until which the status set via POST /operators/{id}/status holds */
	private readonly statusUntil = new Map<string, number>();
	/**
	 * Indexes over `visitors`, so that a page or a lookup costs what the page costs, not what the
	 * account costs. Both are checked against the array they were built from (tests may replace
	 * or grow it) and rebuilt when it changed in a way the mutators below did not record.
	 */
	private visitorIndex: { of: Visitor[]; length: number; byId: Map<string, Visitor> } | undefined;
	private visitorOrder: { of: Visitor[]; length: number; order: Visitor[] } | undefined;

	constructor(readonly options: ResolvedOptions) {
		this.reseed();
	}

	/** Replaces every collection with fresh seed data (same object, so references stay valid). */
	reseed(): void {
		const seed = generateSeed(this.options);
		this.operators = seed.operators;
		this.visitors = seed.visitors;
		this.subscriptions = [];
		this.ownerId = seed.ownerId;
		this.nextChatId = seed.nextChatId;
		this.runtimeIds = new Prng(deriveSeed(this.options.seed, 1));
		this.statusUntil.clear();
		this.visitorIndex = undefined;
		this.visitorOrder = undefined;
	}

	// ---- clock and ids -------------------------------------------------------------------

	/** Wall clock, strictly increasing so that new objects always sort after older ones. */
	now(): number {
		this.lastNow = Math.max(this.options.now(), this.lastNow + 1);
		return this.lastNow;
	}

	nowIso(): string {
		return new Date(this.now()).toISOString();
	}

	/** 24-hex id from a seeded stream: the same sequence of actions gives the same ids. */
	newId(): string {
		const taken = (id: string): boolean =>
			this.findOperator(id) !== undefined ||
			this.findVisitor(id) !== undefined ||
			this.findSubscription(id) !== undefined;
		let id = this.runtimeIds.hexId();
		while (taken(id)) id = this.runtimeIds.hexId();
		return id;
	}

	/** A subscription id (opaque with the `opaqueIds` switch). */
	newSubscriptionId(): string {
		return subscriptionIdFor(this.options.alternatives, this.newId());
	}

	// ---- lookups -------------------------------------------------------------------------

	get owner(): Operator {
		const owner = this.findOperator(this.ownerId);
		if (!owner) throw new Error('The owner operator is missing from the sandbox state');
		return owner;
	}

	findOperator(id: string): Operator | undefined {
		return this.operators.find((o) => o.id === id);
	}

	findVisitor(id: string): Visitor | undefined {
		let index = this.visitorIndex;
		if (!index || index.of !== this.visitors || index.length !== this.visitors.length) {
			index = {
				of: this.visitors,
				length: this.visitors.length,
				byId: new Map(this.visitors.map((v) => [v.id, v])),
			};
			this.visitorIndex = index;
		}
		return index.byId.get(id);
	}

	findSubscription(id: string): Subscription | undefined {
		return this.subscriptions.find((s) => s.id === id);
	}

	/** The visitor's current/latest chat. */
	lastChat(visitorId: string): Chat | undefined {
		const visitor = this.findVisitor(visitorId);
		return visitor ? visitor.chats[visitor.chats.length - 1] : undefined;
	}

	findChat(visitorId: string, chatId: number): Chat | undefined {
		return this.findVisitor(visitorId)?.chats.find((c) => c.id === chatId);
	}

	/** Events the API may show right now (hides first messages still inside their lag). */
	visibleEvents(chat: Chat, at = this.options.now()): ChatEvent[] {
		return chat.events.filter((e) => e.visibleAt === undefined || e.visibleAt <= at);
	}

	/**
	 * Visitors ordered by their most recent chat, newest first; visitors without chats last (newest
	 * visitor first among them). Sorted once, then kept in order by the mutators below, so serving
	 * a page does not re-sort the account. Do not modify the returned array.
	 */
	sortedVisitors(): Visitor[] {
		const cached = this.visitorOrder;
		if (cached && cached.of === this.visitors && cached.length === this.visitors.length) {
			return cached.order;
		}
		const order = this.visitors
			.map((visitor, index) => ({
				visitor,
				index,
				key: lastChatTime(visitor),
				created: Date.parse(visitor.createdAt),
			}))
			.sort((a, b) => b.key - a.key || b.created - a.created || a.index - b.index)
			.map((e) => e.visitor);
		this.visitorOrder = { of: this.visitors, length: this.visitors.length, order };
		return order;
	}

	/** The kept order, if it is still in step with `visitors`. */
	private currentOrder(): Visitor[] | undefined {
		const cached = this.visitorOrder;
		return cached && cached.of === this.visitors && cached.length === this.visitors.length
			? cached.order
			: undefined;
	}

	/**
	 * Keeps the order after `visitor` started a chat: runtime chats are newer than every other
	 * chat, so the visitor moves to the front; anything else makes the next page re-sort once.
	 */
	private reorderAfterNewChat(visitor: Visitor): void {
		const order = this.currentOrder();
		if (!order) return;
		const head = order[0];
		const at = order.indexOf(visitor);
		if (at < 0 || (head !== visitor && lastChatTime(visitor) <= lastChatTime(head))) {
			this.visitorOrder = undefined;
			return;
		}
		order.splice(at, 1);
		order.unshift(visitor);
	}

	counts(): Record<string, number> {
		const chats = this.visitors.reduce((n, v) => n + v.chats.length, 0);
		const events = this.visitors.reduce(
			(n, v) => n + v.chats.reduce((m, c) => m + c.events.length, 0),
			0,
		);
		return {
			operators: this.operators.length,
			visitors: this.visitors.length,
			chats,
			events,
			subscriptions: this.subscriptions.length,
		};
	}

	// ---- operators -----------------------------------------------------------------------

	/** Effective status: a timed status runs out to offline (semantics unconfirmed). */
	refreshOperator(operator: Operator, at = this.options.now()): Operator {
		const until = this.statusUntil.get(operator.id);
		if (until !== undefined && until <= at) {
			operator.realStatus = 'offline';
			this.statusUntil.delete(operator.id);
		}
		return operator;
	}

	setOperatorStatus(operator: Operator, status: OperatorStatus, until: number): Operator {
		operator.lastStatus = status;
		operator.realStatus = status;
		operator.lastActivityAt = this.nowIso();
		this.statusUntil.set(operator.id, until);
		return this.refreshOperator(operator);
	}

	removeOperator(id: string): void {
		this.operators = this.operators.filter((o) => o.id !== id);
		this.statusUntil.delete(id);
	}

	// ---- visitors and chats --------------------------------------------------------------

	createVisitor(fields: { name?: string; email?: string }): Visitor {
		const at = this.nowIso();
		const id = this.newId();
		const visitor: Visitor = {
			id,
			name: fields.name ?? `Visitor #${parseInt(id.slice(-4), 16) % 10000}`,
			email: fields.email ?? '',
			phone: '',
			notes: '',
			custom: {},
			utm: {},
			sourceHost: 'shop.example.org',
			emailMarketingConsent: false,
			country: 'DE',
			city: 'Berlin',
			browser: 'Chrome 124',
			os: 'Windows 11',
			lastSeenAt: at,
			createdAt: at,
			chats: [],
		};
		const order = this.currentOrder();
		const index = this.visitorIndex;
		const indexed = index?.of === this.visitors && index.length === this.visitors.length;
		this.visitors.push(visitor);
		if (indexed && index) {
			index.byId.set(visitor.id, visitor);
			index.length = this.visitors.length;
		}
		if (order && this.visitorOrder) {
			// no chats yet and the newest visitor: first among the visitors without chats
			let low = 0;
			let high = order.length;
			while (low < high) {
				const mid = (low + high) >> 1;
				if (order[mid].chats.length > 0) low = mid + 1;
				else high = mid;
			}
			const next = order[low];
			if (next === undefined || Date.parse(next.createdAt) < Date.parse(visitor.createdAt)) {
				order.splice(low, 0, visitor);
				this.visitorOrder.length = this.visitors.length;
			} else {
				this.visitorOrder = undefined;
			}
		}
		return visitor;
	}

	removeVisitor(id: string): void {
		const order = this.currentOrder();
		this.visitors = this.visitors.filter((v) => v.id !== id);
		this.visitorIndex = undefined;
		if (order) {
			const at = order.findIndex((v) => v.id === id);
			if (at >= 0) order.splice(at, 1);
			this.visitorOrder =
				order.length === this.visitors.length
					? { of: this.visitors, length: this.visitors.length, order }
					: undefined;
		}
	}

	/** Starts a new chat; a still open previous chat is closed silently (one current chat per visitor). */
	startChat(visitor: Visitor, stage: ChatStage = 'initiated', operators: string[] = []): Chat {
		const previous = visitor.chats[visitor.chats.length - 1];
		if (previous && previous.stage !== 'closed') previous.stage = 'closed';
		const chat: Chat = {
			id: this.nextChatId++,
			stage,
			missed: false,
			rating: null,
			operators: [...operators],
			team: null,
			startPage: { url: `https://${visitor.sourceHost || 'shop.example.org'}/`, title: 'Home' },
			createdAt: this.nowIso(),
			events: [],
		};
		visitor.chats.push(chat);
		this.reorderAfterNewChat(visitor);
		return chat;
	}

	private appendEvent(
		chat: Chat,
		type: string,
		params: Record<string, unknown>,
		extra: { visibleAt?: number; externalId?: string } = {},
	): ChatEvent {
		const id = eventIdFor(this.options.alternatives, this.newId());
		const event: ChatEvent = { id, type, createdAt: this.nowIso(), params };
		if (extra.visibleAt !== undefined) event.visibleAt = extra.visibleAt;
		if (extra.externalId !== undefined) event.externalId = extra.externalId;
		chat.events.push(event);
		return event;
	}

	/**
	 * The visitor writes: into the current chat, or a new one when there is none or it is closed.
	 * The chat's first visitor message is hidden from the API until `lagMs` after the chat
	 * started (the real API lags behind chat.started).
	 */
	addVisitorMessage(visitor: Visitor, text: string, lagMs: number): AppendResult {
		let chat = visitor.chats[visitor.chats.length - 1];
		let startedChat = false;
		if (!chat || chat.stage === 'closed') {
			chat = this.startChat(visitor);
			startedChat = true;
		}
		const first = !chat.events.some((e) => e.type === 'visitor-message');
		const hiddenUntil = Date.parse(chat.createdAt) + lagMs;
		const visibleAt =
			first && lagMs > 0 && hiddenUntil > this.options.now() ? hiddenUntil : undefined;
		const event = this.appendEvent(chat, 'visitor-message', { text }, { visibleAt });
		if (chat.stage === 'responded') chat.stage = 'engaged';
		visitor.lastSeenAt = event.createdAt;
		return { visitor, chat, event, startedChat, duplicate: false };
	}

	/**
	 * An operator (or the API as an operator) writes into the visitor's current chat; a new chat
	 * with stage `responded` is started when the last one is closed or there is none.
	 * `externalId` repeats on the latest chat return the original event.
	 */
	addOperatorMessage(
		visitor: Visitor,
		message: {
			type?: string;
			text: string;
			operatorId?: string;
			chat?: Chat;
			externalId?: string;
		},
	): AppendResult {
		const type = message.type ?? 'operator-message';
		const latest = visitor.chats[visitor.chats.length - 1];
		if (message.externalId !== undefined && latest) {
			const target = message.chat ?? latest;
			const original = target.events.find((e) => e.externalId === message.externalId);
			if (original) {
				return { visitor, chat: target, event: original, startedChat: false, duplicate: true };
			}
		}
		let chat = message.chat ?? latest;
		let startedChat = false;
		if (!chat || (!message.chat && chat.stage === 'closed')) {
			chat = this.startChat(
				visitor,
				type === 'operator-message' ? 'responded' : 'initiated',
				message.operatorId ? [message.operatorId] : [],
			);
			startedChat = true;
		}
		const params: Record<string, unknown> = { text: message.text };
		if (type === 'operator-message' && message.operatorId) params.operatorId = message.operatorId;
		const event = this.appendEvent(chat, type, params, { externalId: message.externalId });
		if (type === 'operator-message' && message.operatorId) {
			if (!chat.operators.includes(message.operatorId)) chat.operators.push(message.operatorId);
			if (chat.stage === 'initiated' || chat.stage === 'offline') chat.stage = 'responded';
			const operator = this.findOperator(message.operatorId);
			if (operator) operator.lastActivityAt = event.createdAt;
		}
		return { visitor, chat, event, startedChat, duplicate: false };
	}
}
