import type { IDataObject } from 'n8n-workflow';

/**
 * Every path, key name and payload shape of the Chaport REST API that the nodes rely on.
 *
 * Chaport's public docs could only be partly read. Items marked UNCONFIRMED are reconstructions
 * (docs/api-assumptions.md says what each one assumes, what else the API might do, and which
 * sandbox switch in sandbox/alternatives.ts plays that other answer in `npm test`): if the real
 * API differs, this is the one file to change. Nothing else in nodes/ or credentials/ spells out a
 * path, a region URL or a body key.
 */

export const REGION_BASE_URLS = {
	global: 'https://app.chaport.com/api/v1',
	russia: 'https://app.chaport.ru/api/v1',
} as const;

/**
 * IDs are opaque: every ID goes into a path percent-encoded as one segment, whatever its form.
 * `encodeURIComponent` leaves `.` alone, and URL parsers resolve `.`/`..` (even as `%2e`), so the
 * nodes refuse those before any request (see `idProblem` in validation.ts); an ID that reaches
 * here another way (a webhook delivery's body) is stopped here, or an empty one.
 */
const segment = (id: string | number) => {
	const text = String(id);
	if (text === '' || text === '.' || text === '..') {
		throw new Error(`"${text}" cannot be a Chaport ID`);
	}
	return encodeURIComponent(text);
};

/**
 * ID formats Chaport's documentation states: visitor, operator and team IDs are 24 hexadecimal
 * characters, chat IDs whole numbers; subscription IDs looking like the others is UNCONFIRMED and
 * chat event IDs have no known format. Never enforced: an ID of another form is sent as it is, and
 * only when Chaport refuses the request (400, 404, 422) does the error mention the format.
 */
export const ID_FORMATS = {
	visitor: { name: 'visitor ID', pattern: /^[0-9a-f]{24}$/i, form: '24 hexadecimal characters' },
	operator: { name: 'operator ID', pattern: /^[0-9a-f]{24}$/i, form: '24 hexadecimal characters' },
	team: { name: 'team ID', pattern: /^[0-9a-f]{24}$/i, form: '24 hexadecimal characters' },
	subscription: {
		name: 'subscription ID',
		pattern: /^[0-9a-f]{24}$/i,
		form: '24 hexadecimal characters',
	},
	chat: { name: 'chat ID', pattern: /^[1-9][0-9]*$/, form: 'a whole number' },
} as const;

export type IdKind = keyof typeof ID_FORMATS;

/** The IDs a request names, by kind, so that an error can say which of them look unusual. */
export type RequestIds = Partial<Record<IdKind, string | number | ReadonlyArray<string | number>>>;

/** One sentence per ID that does not have the documented form, e.g. for a 404. */
export function idFormatHints(ids: RequestIds | undefined): string[] {
	const hints: string[] = [];
	for (const [kind, value] of Object.entries(ids ?? {}) as Array<[IdKind, RequestIds[IdKind]]>) {
		const format = ID_FORMATS[kind];
		if (!format || value === undefined) continue;
		for (const id of Array.isArray(value) ? value : [value]) {
			if (!format.pattern.test(String(id))) {
				hints.push(
					`"${String(id)}" does not look like a Chaport ${format.name} (usually ${format.form}).`,
				);
			}
		}
	}
	return hints;
}

export const paths = {
	me: () => '/me.json',
	operators: () => '/operators',
	operator: (operatorId: string) => `/operators/${segment(operatorId)}`, // UNCONFIRMED for PUT/DELETE
	operatorStatus: (operatorId: string) => `/operators/${segment(operatorId)}/status`,
	visitors: () => '/visitors',
	visitor: (visitorId: string) => `/visitors/${segment(visitorId)}`, // UNCONFIRMED for DELETE
	lastChat: (visitorId: string) => `/visitors/${segment(visitorId)}/chats`,
	chat: (visitorId: string, chatId: number | string) =>
		`/visitors/${segment(visitorId)}/chats/${segment(chatId)}`,
	chatEvents: (visitorId: string, chatId: number | string) =>
		`/visitors/${segment(visitorId)}/chats/${segment(chatId)}/events`,
	// GET is documented; PUT (update message) is UNCONFIRMED.
	chatEvent: (visitorId: string, chatId: number | string, eventId: string) =>
		`/visitors/${segment(visitorId)}/chats/${segment(chatId)}/events/${segment(eventId)}`,
	messages: () => '/messages',
	subscriptions: () => '/events/subscriptions',
	subscription: (subscriptionId: string) => `/events/subscriptions/${segment(subscriptionId)}`, // UNCONFIRMED
} as const;

/** Query keys. */
export const query = {
	page: 'page',
} as const;

/** Body keys of POST /operators/{id}/status: `ttl` and `validUntil` are UNCONFIRMED. */
const operatorStatusKeys = {
	status: 'status',
	ttl: 'ttl',
	validUntil: 'validUntil',
} as const;

export const OPERATOR_STATUSES = ['online', 'offline', 'invisible'] as const;
export const OPERATOR_ROLES = ['operator', 'admin'] as const;

/** Chat update keys (PUT /visitors/{id}/chats): all UNCONFIRMED apart from their meaning. */
export const chatUpdateKeys = {
	operators: 'operators',
	team: 'team',
	stage: 'stage',
	missed: 'missed',
	rating: 'rating',
} as const;

/** Stage list may be incomplete (UNCONFIRMED). */
export const CHAT_STAGES = ['initiated', 'offline', 'responded', 'engaged', 'closed'] as const;

/** Body of PUT /visitors/{id}: keys beyond name/email/phone/notes/custom are UNCONFIRMED. */
const visitorWritableKeys = [
	'name',
	'email',
	'phone',
	'notes',
	'custom',
	'utm',
	'sourceHost',
	'emailMarketingConsent',
] as const;

/** Only the keys given are sent, so what is left out keeps its value. */
export function buildVisitorBody(
	input: Partial<Record<(typeof visitorWritableKeys)[number], unknown>>,
): IDataObject {
	const body: IDataObject = {};
	for (const key of visitorWritableKeys) {
		if (input[key] !== undefined) body[key] = input[key] as IDataObject[string];
	}
	return body;
}

export const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/** POST /messages. The body shape is confirmed; `externalId` (idempotency key) and `chatId` are UNCONFIRMED. */
export function buildSendMessageBody(input: {
	visitorId: string;
	text: string;
	operatorId: string;
	externalId?: string;
	chatId?: number | string;
}) {
	const chatEvent: IDataObject = {
		type: 'operator-message',
		params: { text: input.text, operatorId: input.operatorId },
	};
	const body: IDataObject = { visitorId: input.visitorId, chatEvent };
	// Where Chaport reads the idempotency key (top level or inside `chatEvent`) is not known, and
	// a key it does not read would let a retried send arrive twice: send it in both places.
	if (input.externalId) {
		body.externalId = input.externalId;
		chatEvent.externalId = input.externalId;
	}
	if (input.chatId !== undefined) body.chatId = input.chatId;
	return body;
}

/**
 * The chat a sent message went into, from the answer to POST /messages (body UNCONFIRMED): its
 * `chatId`, or a `chat` object's `id`; undefined when the answer names no chat.
 */
export function sentChatId(answer: IDataObject): number | string | undefined {
	const chat = answer.chat as IDataObject | undefined;
	for (const value of [answer.chatId, chat && typeof chat === 'object' ? chat.id : undefined]) {
		if (typeof value === 'number' && Number.isFinite(value)) return value;
		if (typeof value === 'string' && value) return /^\d+$/.test(value) ? Number(value) : value;
	}
	return undefined;
}

/** PUT …/events/{eventId} body (UNCONFIRMED: the endpoint exists, its body is a guess). */
export function buildUpdateMessageBody(text: string) {
	return { params: { text } };
}

/** Chat event types; only visitor-message and operator-message are confirmed. */
export const KNOWN_EVENT_TYPES = [
	'visitor-message',
	'operator-message',
	'bot-message', // UNCONFIRMED name
	'trigger-message', // UNCONFIRMED name
	'operator-invited', // UNCONFIRMED name
	'operators-changed', // UNCONFIRMED name
	'email-requested', // UNCONFIRMED name
	'page-opened', // UNCONFIRMED name
] as const;

/** Webhook event names. Only chat.started is backed by real deliveries. */
export const WEBHOOK_EVENTS = [
	{ name: 'Chat Started', value: 'chat.started', confirmed: true },
	{ name: 'Chat Finished', value: 'chat.finished', confirmed: true },
	{
		name: 'New Visitor Message',
		value: 'chat.newEvent.visitorMessage',
		confirmed: false,
	},
	{
		name: 'New Operator Message',
		value: 'chat.newEvent.operatorMessage',
		confirmed: false,
	},
] as const;

/** Subscription body keys; `essential` semantics are UNCONFIRMED (public bots send true). */
export function buildSubscriptionBody(input: {
	targetUrl?: string;
	event?: string;
	essential?: boolean;
}) {
	const body: IDataObject = {};
	if (input.targetUrl !== undefined) body.targetUrl = input.targetUrl;
	if (input.event !== undefined) body.event = input.event;
	if (input.essential !== undefined) body.essential = input.essential;
	return body;
}

/**
 * Where an error message may sit in an error body (format UNCONFIRMED), looked for in this
 * order: error.message, error (string), message, then the raw text.
 */
export function extractErrorMessage(body: unknown): string | undefined {
	if (body === null || body === undefined) return undefined;
	if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 500) : undefined;
	if (typeof body !== 'object') return String(body);
	const record = body as Record<string, unknown>;
	const error = record.error;
	if (
		error &&
		typeof error === 'object' &&
		typeof (error as Record<string, unknown>).message === 'string'
	) {
		return (error as Record<string, string>).message;
	}
	if (typeof error === 'string') return error;
	if (typeof record.message === 'string') return record.message;
	return undefined;
}

/** What a 2xx answer must carry as its payload. */
export type ResultShape = 'list' | 'object' | 'object-or-null' | 'any';

/**
 * The payload each GET returns (3.1, 3.4): the list endpoints a list, `GET …/chats` the visitor's
 * last chat or null when they never chatted (UNCONFIRMED: 404 is handled too), every other GET
 * one object. `/me.json` is only checked for a 2xx. Writes are not checked: a 2xx means done, and
 * their bodies are UNCONFIRMED.
 */
export function expectedResult(method: string, path: string): ResultShape {
	if (method.toUpperCase() !== 'GET') return 'any';
	const bare = path.split('?')[0].replace(/\/+$/, '');
	if (bare === paths.me()) return 'any';
	if (
		bare === paths.operators() ||
		bare === paths.visitors() ||
		bare === paths.subscriptions() ||
		/^\/visitors\/[^/]+\/chats\/[^/]+\/events$/.test(bare)
	) {
		return 'list';
	}
	if (/^\/visitors\/[^/]+\/chats$/.test(bare)) return 'object-or-null';
	return 'object';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Envelope: payload in `result`. A body without `result` is accepted only when it is itself the
 * payload the endpoint returns (a list, or an object with an `id`); anything else (`{}`, `null`,
 * an object where a list belongs, …) is `{ ok: false }` and never read as "no data".
 */
export function readResult(
	body: unknown,
	shape: ResultShape,
): { ok: true; result: unknown } | { ok: false; problem: string } {
	const hasEnvelope = isPlainObject(body) && 'result' in body;
	const result = hasEnvelope ? (body as { result: unknown }).result : body;
	if (shape === 'any') return { ok: true, result };
	if (body === undefined || body === null || body === '') {
		return { ok: false, problem: 'Chaport answered with an empty body' };
	}
	if (!isPlainObject(body) && !Array.isArray(body)) {
		return { ok: false, problem: 'Chaport answered with something that is not a JSON object' };
	}
	if (
		!hasEnvelope &&
		!(shape === 'list' ? Array.isArray(body) : isPlainObject(body) && 'id' in body)
	) {
		return { ok: false, problem: "Chaport's answer has no 'result'" };
	}
	if (shape === 'list' && !Array.isArray(result)) {
		return {
			ok: false,
			problem: `Chaport answered with ${describeValue(result)} where a list belongs`,
		};
	}
	if (shape === 'object' || shape === 'object-or-null') {
		if (result === null && shape === 'object-or-null') return { ok: true, result };
		if (!isPlainObject(result)) {
			return {
				ok: false,
				problem: `Chaport answered with ${describeValue(result)} where an object belongs`,
			};
		}
	}
	return { ok: true, result };
}

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** `links` beside `result` (placement UNCONFIRMED: also accept it inside `result`). */
export function extractLinks(body: unknown): { next?: string; more: string[] } {
	const fromObject = (value: unknown) =>
		value && typeof value === 'object' && !Array.isArray(value)
			? ((value as Record<string, unknown>).links as Record<string, unknown> | undefined)
			: undefined;
	const links =
		fromObject(body) ??
		fromObject(
			body && typeof body === 'object' ? (body as Record<string, unknown>).result : undefined,
		);
	const next = typeof links?.next === 'string' && links.next.trim() ? links.next : undefined;
	const more = Array.isArray(links?.more)
		? (links.more as unknown[]).filter((link): link is string => typeof link === 'string' && !!link)
		: [];
	return { next, more };
}

/** Chat ids are taken from the last path segment of a `links.more` entry (relative or absolute). */
export function chatIdFromLink(link: string): string | undefined {
	const path = link.split(/[?#]/)[0].replace(/\/+$/, '');
	const last = path.split('/').pop();
	return last ? decodeURIComponent(last) : undefined;
}

/** Webhook payload: ids from `extras` first, else parsed out of `link` (shape partly UNCONFIRMED). */
export function parseWebhookIds(body: unknown): {
	visitorId?: string;
	chatId?: number | string;
	eventId?: string;
	/** Set when `link` cannot be read (broken %-encoding): the delivery is malformed. */
	problem?: string;
} {
	const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
	const extras = (
		record.extras && typeof record.extras === 'object' ? record.extras : {}
	) as Record<string, unknown>;
	const fromLink: { visitorId?: string; chatId?: string; eventId?: string } = {};
	let problem: string | undefined;
	if (typeof record.link === 'string') {
		const match = /\/visitors\/([^/?#]+)(?:\/chats(?:\/([^/?#]+))?(?:\/events\/([^/?#]+))?)?/.exec(
			record.link,
		);
		if (match) {
			try {
				fromLink.visitorId = decodeURIComponent(match[1]);
				if (match[2]) fromLink.chatId = decodeURIComponent(match[2]);
				if (match[3]) fromLink.eventId = decodeURIComponent(match[3]);
			} catch {
				problem = "its 'link' has broken %-encoding";
			}
		}
	}
	const asId = (value: unknown) =>
		typeof value === 'string' || typeof value === 'number' ? value : undefined;
	const chatId = asId(extras.chatId) ?? fromLink.chatId;
	const numericChatId =
		typeof chatId === 'string' && /^\d+$/.test(chatId) ? Number(chatId) : chatId;
	const visitorId = asId(extras.visitorId) ?? fromLink.visitorId;
	const eventId = asId(extras.eventId) ?? fromLink.eventId;
	return {
		visitorId: visitorId === undefined ? undefined : String(visitorId),
		chatId: numericChatId,
		eventId: eventId === undefined ? undefined : String(eventId),
		...(problem ? { problem } : {}),
	};
}

/**
 * Body of POST /operators (create) and PUT /operators/{id} (partial update). Every key is
 * UNCONFIRMED, modelled on the operator object; only the keys given are sent.
 */
const operatorWritableKeys = ['email', 'name', 'role', 'language', 'jobTitle', 'image'] as const;

export function buildOperatorBody(
	input: Partial<Record<(typeof operatorWritableKeys)[number], string>>,
) {
	const body: Record<string, string> = {};
	for (const key of operatorWritableKeys) {
		if (input[key] !== undefined) body[key] = input[key];
	}
	return body;
}

/** POST /operators/{id}/status: exactly one of `ttl` (seconds) / `validUntil` (ISO), keys UNCONFIRMED. */
export function buildOperatorStatusBody(
	input: { status: string } & ({ ttlSeconds: number } | { validUntil: string }),
) {
	const body: Record<string, string | number> = { [operatorStatusKeys.status]: input.status };
	if ('ttlSeconds' in input) body[operatorStatusKeys.ttl] = input.ttlSeconds;
	else body[operatorStatusKeys.validUntil] = input.validUntil;
	return body;
}

/** Webhook event names the trigger treats specially (see WEBHOOK_EVENTS). */
export const WEBHOOK_EVENT_CHAT_STARTED = 'chat.started';
export const WEBHOOK_EVENT_VISITOR_MESSAGE = 'chat.newEvent.visitorMessage';
/** Prefix of per-chat-event webhooks, `chat.newEvent.<camelCaseType>` (pattern UNCONFIRMED). */
export const WEBHOOK_CHAT_EVENT_PREFIX = 'chat.newEvent.';
/** Chat event type of a visitor's message (confirmed). */
export const VISITOR_MESSAGE_TYPE = 'visitor-message';
/** Chat event type of an operator's message (confirmed). */
export const OPERATOR_MESSAGE_TYPE = 'operator-message';
/** Every message type ends in "-message" (bot and trigger ones included; their names UNCONFIRMED). */
export const isMessageType = (type: unknown) => /-message$/.test(String(type));

/** Operator object keys: the effective status and the status the operator chose (UNCONFIRMED). */
export const operatorKeys = { effectiveStatus: 'realStatus', chosenStatus: 'lastStatus' } as const;

/** The fields of a subscription object the trigger reads back; anything else is ignored. */
export function parseSubscription(value: unknown): {
	id?: string;
	targetUrl?: string;
	event?: string;
} {
	const record = (
		value && typeof value === 'object' && !Array.isArray(value) ? value : {}
	) as Record<string, unknown>;
	const text = (field: unknown) => (typeof field === 'string' && field ? field : undefined);
	const id =
		typeof record.id === 'number' && Number.isFinite(record.id)
			? String(record.id)
			: text(record.id);
	return { id, targetUrl: text(record.targetUrl), event: text(record.event) };
}

/** Who wrote a chat event: `params.operatorId` is set on operator messages. */
export function chatEventSender(event: unknown): { type?: string; operatorId?: string } {
	const record = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
	const params = (
		record.params && typeof record.params === 'object' ? record.params : {}
	) as Record<string, unknown>;
	return {
		type: typeof record.type === 'string' ? record.type : undefined,
		operatorId: typeof params.operatorId === 'string' ? params.operatorId : undefined,
	};
}

/**
 * The sending operator when a webhook delivery names it. No such field has been observed: these
 * places (`extras.operatorId`, `chatEvent.params.operatorId`, `params.operatorId`) are UNCONFIRMED,
 * so callers must fetch the chat event when this returns undefined.
 */
export function webhookOperatorId(body: unknown): string | undefined {
	const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
	const extras = (
		record.extras && typeof record.extras === 'object' ? record.extras : {}
	) as Record<string, unknown>;
	if (typeof extras.operatorId === 'string' && extras.operatorId) return extras.operatorId;
	return chatEventSender(record.chatEvent).operatorId ?? chatEventSender(record).operatorId;
}
