/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Where what is known of the Chaport API leaves a choice open (the UNCONFIRMED items of
// nodes/shared/apiContract.ts), the sandbox takes one answer by default and can be switched to
// another, one switch at a time or all at once ("alternative" mode). The node must work under every answer; docs/api-assumptions.md lists each
// switch with what the node assumes.

export interface Alternatives {
	/** Error body: `{error:{code,message}}` (default), `{error:"…"}`, `{message:"…"}` or plain text. */
	errorBody: 'object' | 'string' | 'message' | 'text';
	/** Status for a missing or unknown token. */
	authFailureStatus: 401 | 403;
	/** Status for a malformed request (missing field, bad value). */
	validationStatus: 400 | 422;
	/** Body of GET /me.json: the owner operator, or an empty object. */
	meBody: 'operator' | 'empty';
	/** Visitors page size when the `pageSize` option is not given. */
	pageSize: number;
	/** `links.next` on the last visitors page: absent, null or "". */
	lastPageNext: 'absent' | 'null' | 'empty';
	/** Whether `links.next` / `links.more` are absolute URLs instead of paths. */
	absoluteLinks: boolean;
	/** Whether `links` sits inside `result` (for single-object results) instead of beside it. */
	linksInsideResult: boolean;
	/** Order of `links.more` (the visitor's older chats). */
	olderChatsOrder: 'newestFirst' | 'oldestFirst' | 'shuffled';
	/** Whether GET …/chats/{chatId} carries `links.more` too. */
	linksOnChatGet: boolean;
	/** GET …/chats for a visitor who never chatted: 404, or 200 with `result: null`. */
	noChat: '404' | 'null';
	/** Whether chats carry `createdAt`. */
	chatCreatedAt: boolean;
	/** PUT /visitors/{id} with `custom` / `utm`: merge key by key, or replace the whole object. */
	customUpdate: 'merge' | 'replace';
	/** DELETE answers: 200 `{result:true}`, or 204 without a body. */
	deleteResponse: 'resultTrue' | 'empty';
	/** `transcript=true`: honoured (message events only), or ignored (every event). */
	transcriptParam: 'honoured' | 'ignored';
	/** POST /messages answer: the event with `chatId`, the event alone, or an empty object. */
	sendResponse: 'eventWithChatId' | 'eventOnly' | 'empty';
	/** POST /operators/{id}/status answer: the operator, or an empty object. */
	statusResponse: 'operator' | 'empty';
	/** POST /events/subscriptions answer: the subscription, or an empty object (no id). */
	subscriptionCreateResponse: 'subscription' | 'empty';
	/** Webhook deliveries carry `extras` with the ids (else only `link` names them). */
	deliveryExtras: boolean;
	/** Webhook deliveries carry an `event` field. */
	deliveryEventField: boolean;
	/** What `link` in a delivery points at: the chat (or event), or only the visitor's chats. */
	deliveryLink: 'chat' | 'visitor';
	/** `extras.chatId` as a number or as a string. */
	deliveryChatIdType: 'number' | 'string';
	/** How many times each delivery is POSTed (Chaport's retry behaviour is unknown). */
	deliveryRepeats: number;
	/** Subscription and chat event ids: 24 hex characters, or another opaque form. */
	opaqueIds: 'hex' | 'other';
	/** Where POST /messages reads the idempotency key `externalId`: top level or inside `chatEvent` (the other place is ignored). */
	sendKeyPosition: 'topLevel' | 'chatEvent';
}

export type AlternativeName = keyof Alternatives;

export const DEFAULT_ALTERNATIVES: Readonly<Alternatives> = Object.freeze({
	errorBody: 'object',
	authFailureStatus: 401,
	validationStatus: 400,
	meBody: 'operator',
	pageSize: 20,
	lastPageNext: 'absent',
	absoluteLinks: false,
	linksInsideResult: false,
	olderChatsOrder: 'newestFirst',
	linksOnChatGet: false,
	noChat: '404',
	chatCreatedAt: true,
	customUpdate: 'merge',
	deleteResponse: 'resultTrue',
	transcriptParam: 'honoured',
	sendResponse: 'eventWithChatId',
	statusResponse: 'operator',
	subscriptionCreateResponse: 'subscription',
	deliveryExtras: true,
	deliveryEventField: true,
	deliveryLink: 'chat',
	deliveryChatIdType: 'number',
	deliveryRepeats: 1,
	opaqueIds: 'hex',
	sendKeyPosition: 'topLevel',
});

/**
 * "alternative" mode: every switch takes another allowed answer. Where a switch has several,
 * the others are reachable one by one through `alternatives` (and are tested that way).
 * `deliveryLink: 'visitor'` is left to its own tests: together with `deliveryExtras: false` a
 * delivery would name no chat at all, which is a separate case from the others.
 */
export const ALTERNATIVE_ALTERNATIVES: Readonly<Alternatives> = Object.freeze({
	errorBody: 'message',
	authFailureStatus: 403,
	validationStatus: 422,
	meBody: 'empty',
	pageSize: 7,
	lastPageNext: 'null',
	absoluteLinks: true,
	linksInsideResult: true,
	olderChatsOrder: 'oldestFirst',
	linksOnChatGet: true,
	noChat: 'null',
	chatCreatedAt: false,
	customUpdate: 'replace',
	deleteResponse: 'empty',
	transcriptParam: 'ignored',
	sendResponse: 'eventOnly',
	statusResponse: 'empty',
	subscriptionCreateResponse: 'empty',
	deliveryExtras: false,
	deliveryEventField: false,
	deliveryLink: 'chat',
	deliveryChatIdType: 'string',
	deliveryRepeats: 2,
	opaqueIds: 'other',
	sendKeyPosition: 'chatEvent',
});

export type SandboxMode = 'default' | 'alternative';

export const SANDBOX_MODES: readonly SandboxMode[] = ['default', 'alternative'];

/** Environment variable that picks the mode when the options do not (used by `npm test`). */
export const MODE_ENV = 'CHAPORT_SANDBOX_MODE';

export function resolveMode(mode: string | undefined): SandboxMode {
	const chosen = mode ?? process.env[MODE_ENV] ?? 'default';
	if (!(SANDBOX_MODES as readonly string[]).includes(chosen)) {
		throw new RangeError(`Sandbox mode must be one of ${SANDBOX_MODES.join(', ')}, got ${chosen}`);
	}
	return chosen as SandboxMode;
}

/** The switches of a mode, with single switches overridden. */
export function resolveAlternatives(
	mode: SandboxMode,
	overrides: Partial<Alternatives> = {},
): Alternatives {
	const base = mode === 'alternative' ? ALTERNATIVE_ALTERNATIVES : DEFAULT_ALTERNATIVES;
	for (const key of Object.keys(overrides)) {
		if (!(key in DEFAULT_ALTERNATIVES)) throw new RangeError(`Unknown sandbox switch ${key}`);
	}
	return { ...base, ...overrides };
}

/** `name=value` (CLI flag `--switch`): parses the value as the default's type. */
export function parseSwitch(text: string): Partial<Alternatives> {
	const [name, ...rest] = text.split('=');
	const value = rest.join('=');
	if (!(name in DEFAULT_ALTERNATIVES)) throw new RangeError(`Unknown sandbox switch ${name}`);
	const fallback = DEFAULT_ALTERNATIVES[name as AlternativeName];
	const parsed =
		typeof fallback === 'number'
			? Number(value)
			: typeof fallback === 'boolean'
				? value === 'true'
				: value;
	return { [name]: parsed } as Partial<Alternatives>;
}

/**
 * Switch `opaqueIds: 'other'`: chat event ids with a colon and a slash, subscription ids made of
 * digits. Made from the 24-hex id the sandbox would have used, so seeds stay reproducible.
 */
export function eventIdFor(alternatives: Alternatives, hex: string): string {
	return alternatives.opaqueIds === 'other' ? `ev:${hex.slice(0, 10)}/${hex.slice(10)}` : hex;
}

export function subscriptionIdFor(alternatives: Alternatives, hex: string): string {
	return alternatives.opaqueIds === 'other' ? String(parseInt(hex.slice(-10), 16)) : hex;
}
