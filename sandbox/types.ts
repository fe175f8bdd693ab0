import type { Alternatives, SandboxMode } from './alternatives';
import { resolveAlternatives, resolveMode } from './alternatives';

// Shapes shared by the Chaport sandbox. API objects follow Chaport's documentation where it is
// known; every field marked "(unconfirmed)" below is a guess (see nodes/shared/apiContract.ts).

export type OperatorRole = 'operator' | 'admin';
export type OperatorStatus = 'online' | 'offline' | 'invisible';
export type ChatStage = 'initiated' | 'offline' | 'responded' | 'engaged' | 'closed';

export const OPERATOR_ROLES: readonly OperatorRole[] = ['operator', 'admin'];
export const OPERATOR_STATUSES: readonly OperatorStatus[] = ['online', 'offline', 'invisible'];
export const CHAT_STAGES: readonly ChatStage[] = [
	'initiated',
	'offline',
	'responded',
	'engaged',
	'closed',
];
/** Event types kept by `transcript=true`. */
export const TRANSCRIPT_TYPES: readonly string[] = [
	'visitor-message',
	'operator-message',
	'bot-message',
];

/** `lastLoginAt`/`lastActivityAt` are null for never-logged-in operators (sandbox choice). */
export interface Operator {
	id: string;
	email: string;
	name: string;
	language: string;
	jobTitle: string;
	role: OperatorRole;
	lastLoginAt: string | null;
	lastActivityAt: string | null;
	image: string;
	lastStatus: OperatorStatus;
	realStatus: OperatorStatus;
}

/** A visitor (utm sub-keys unconfirmed). */
export interface Utm {
	source?: string;
	medium?: string;
	campaign?: string;
	term?: string;
	content?: string;
}

export type CustomValue = string | number | boolean;

/** `visibleAt` and `externalId` are internal and never serialised. */
export interface ChatEvent {
	id: string;
	type: string;
	createdAt: string; // key name (unconfirmed)
	params: Record<string, unknown>;
	/** epoch ms before which the API does not list the event (first-message lag) */
	visibleAt?: number;
	/** idempotency key of POST /messages */
	externalId?: string;
}

/** A chat (all keys but `id` and `events` unconfirmed). */
export interface Chat {
	id: number;
	stage: ChatStage;
	missed: boolean;
	rating: number | null;
	operators: string[];
	team: string | null;
	startPage: { url: string; title: string };
	createdAt: string;
	events: ChatEvent[];
}

/** `chats` (oldest first, newest last) is internal and never serialised. */
export interface Visitor {
	id: string;
	name: string;
	email: string;
	phone: string;
	notes: string;
	custom: Record<string, CustomValue>;
	utm: Utm; // (unconfirmed) 6.1
	sourceHost: string; // (unconfirmed) 6.1
	emailMarketingConsent: boolean; // (unconfirmed) 6.1
	country: string; // (unconfirmed) 6.1
	city: string; // (unconfirmed) 6.1
	browser: string; // (unconfirmed) 6.1
	os: string; // (unconfirmed) 6.1
	lastSeenAt: string; // (unconfirmed) 6.1
	createdAt: string; // (unconfirmed) 6.1
	chats: Chat[];
}

/** A webhook subscription (`createdAt` key and 24-hex id unconfirmed). */
export interface Subscription {
	id: string;
	targetUrl: string;
	event: string;
	essential: boolean;
	createdAt: string;
}

export type FaultType =
	| 'status'
	| 'latency'
	| 'reset'
	| 'malformed-json'
	| 'html'
	| 'stall'
	| 'truncated'
	| 'wrong-shape';

/** Bodies of a 'wrong-shape' fault: a 200 whose payload is not what the endpoint returns. */
export type WrongShape = 'empty' | 'no-result' | 'null-result' | 'object' | 'list' | 'text';

export interface FaultRule {
	method?: string;
	/** matched against the request path without query string and without the /api/v1 prefix */
	path: string | RegExp;
	type: FaultType;
	/** for 'status' (default 500) and 'html' (default 502) */
	status?: number;
	/** seconds: sets the Retry-After header */
	retryAfter?: number;
	latencyMs?: number;
	/** let this many matching requests through first: `skip: n - 1, times: 1` fails the n-th */
	skip?: number;
	/** apply to the next N matching requests */
	times?: number;
	/** or to this fraction of matching requests, decided by a seeded PRNG */
	fraction?: number;
	/**
	 * 'before' (default): the request fails before the sandbox carries it out. 'after': the
	 * sandbox carries it out (a create creates, a delete deletes), then the answer is lost: the
	 * fault is answered instead of the real response.
	 */
	when?: 'before' | 'after';
	/** for 'wrong-shape' (default 'no-result') */
	shape?: WrongShape;
}

export interface RequestLogEntry {
	method: string;
	/** path including the query string */
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	/** parsed JSON, raw string when it is not JSON, undefined without a body */
	body: unknown;
	/** 0 when the socket was reset without an answer */
	status: number;
	at: string;
}

/** A webhook delivery's body (all fields but extras.visitorId, extras.chatId and link unconfirmed). */
export interface WebhookPayload {
	/** absent with the `deliveryEventField: false` switch */
	event?: string;
	link: string;
	/** absent with the `deliveryExtras: false` switch; chatId a string with `deliveryChatIdType` */
	extras?: { visitorId: string; chatId: number | string; eventId?: string };
}

export interface DeliveryRecord {
	subscriptionId: string;
	/** the subscription's event (also when the body has no `event` field) */
	event: string;
	targetUrl: string;
	body: WebhookPayload;
	status: number | null;
	error?: string;
	at: string;
}

export interface SandboxOptions {
	/** 0 = free port (default 0) */
	port?: number;
	/** default 127.0.0.1 */
	host?: string;
	/** default 1 */
	seed?: number;
	/** default 4, the first is the owner */
	operators?: number;
	/** default 45 */
	visitors?: number;
	/** default 3 */
	chatsPerVisitor?: number;
	/** default 4 */
	eventsPerChat?: number;
	/** default ['sandbox-token-0001'] */
	tokens?: string[];
	/** default 20 */
	pageSize?: number;
	/** default 0: how long after chat.started the first visitor message becomes visible in the API */
	firstMessageDelayMs?: number;
	/**
	 * default Date.now: the sandbox's clock (message visibility, operator status expiry, created
	 * times). Tests pass the virtual clock the nodes use, so nothing depends on real time.
	 */
	now?: () => number;
	/**
	 * 'default' (the answers the sandbox was built with) or 'alternative' (another allowed answer to
	 * every open question, see alternatives.ts). Default: env CHAPORT_SANDBOX_MODE, else 'default'.
	 */
	mode?: SandboxMode;
	/** Single switches on top of the mode, e.g. `{ customUpdate: 'replace' }`. */
	alternatives?: Partial<Alternatives>;
}

export type ResolvedOptions = Required<Omit<SandboxOptions, 'alternatives'>> & {
	alternatives: Alternatives;
};

// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- fixed token of the local fake server, not a secret
export const DEFAULT_TOKEN = 'sandbox-token-0001';

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
	const nonNegative = (name: string, value: number | undefined, fallback: number): number => {
		const v = value ?? fallback;
		if (!Number.isInteger(v) || v < 0) {
			throw new RangeError(`Sandbox option ${name} must be a non-negative integer, got ${value}`);
		}
		return v;
	};
	const mode = resolveMode(options.mode);
	const alternatives = resolveAlternatives(mode, options.alternatives);
	const tokens = options.tokens ?? [DEFAULT_TOKEN];
	if (tokens.length === 0) throw new RangeError('Sandbox option tokens must not be empty');
	const resolved: ResolvedOptions = {
		port: nonNegative('port', options.port, 0),
		host: options.host ?? '127.0.0.1',
		seed: nonNegative('seed', options.seed, 1),
		operators: nonNegative('operators', options.operators, 4),
		visitors: nonNegative('visitors', options.visitors, 45),
		chatsPerVisitor: nonNegative('chatsPerVisitor', options.chatsPerVisitor, 3),
		eventsPerChat: nonNegative('eventsPerChat', options.eventsPerChat, 4),
		tokens: [...tokens],
		pageSize: nonNegative('pageSize', options.pageSize, alternatives.pageSize),
		firstMessageDelayMs: nonNegative('firstMessageDelayMs', options.firstMessageDelayMs, 0),
		now: options.now ?? (() => Date.now()),
		mode,
		alternatives,
	};
	if (resolved.operators < 1) throw new RangeError('Sandbox option operators must be at least 1');
	if (resolved.pageSize < 1) throw new RangeError('Sandbox option pageSize must be at least 1');
	return resolved;
}
