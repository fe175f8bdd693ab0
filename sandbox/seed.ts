// Deterministic seed data: the same options give the same operators, visitors, chats and ids.
// Timestamps are derived from a fixed epoch, never from the clock.

import type { Alternatives } from './alternatives';
import { eventIdFor } from './alternatives';
import { Prng, deriveSeed } from './prng';
import type {
	Chat,
	ChatEvent,
	ChatStage,
	CustomValue,
	Operator,
	ResolvedOptions,
	Utm,
	Visitor,
} from './types';

/** All seed timestamps lie between SEED_EPOCH and roughly SEED_EPOCH + 200 days. */
export const SEED_EPOCH = Date.UTC(2024, 0, 1, 0, 0, 0, 0);
/** First chat id handed out (chat ids are account-wide increasing integers). */
export const FIRST_CHAT_ID = 1001;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const OPERATOR_NAMES: readonly string[] = [
	'Maria Lopez',
	'Li Wei',
	'Amara Okafor',
	'Jonas Berg',
	'Priya Nair',
	'Kenji Sato',
	'Elena Petrova',
	'Samuel Adeyemi',
	'Chloe Martin',
	'Omar Haddad',
];
const JOB_TITLES: readonly string[] = ['Customer success', 'Sales', 'Support', 'Billing', ''];
const LANGUAGES: readonly string[] = ['en', 'en', 'en', 'de', 'es', 'fr', 'ru'];

const FIRST_NAMES: readonly string[] = [
	'Tom',
	'Anna',
	'Lucas',
	'Sofia',
	'Noah',
	'Mia',
	'Ethan',
	'Zoe',
	'Leo',
	'Ivy',
	'Hugo',
	'Nora',
	'Felix',
	'Lena',
	'Oscar',
	'Ruth',
];
const LAST_NAMES: readonly string[] = [
	'Becker',
	'Novak',
	'Silva',
	'Kim',
	'Rossi',
	'Dubois',
	'Jensen',
	'Walsh',
	'Moreau',
	'Tanaka',
	'Costa',
	'Fischer',
];
const MAIL_DOMAINS: readonly string[] = ['example.org', 'example.net', 'mail.example.com'];
const HOSTS: readonly string[] = ['shop.example.org', 'www.example.org', 'docs.example.org'];
const PLACES: ReadonlyArray<readonly [string, string]> = [
	['DE', 'Berlin'],
	['US', 'Austin'],
	['GB', 'Leeds'],
	['BR', 'Recife'],
	['AU', 'Perth'],
	['PH', 'Cebu'],
	['FR', 'Lyon'],
	['RU', 'Kazan'],
];
const BROWSERS: readonly string[] = ['Chrome 124', 'Firefox 125', 'Safari 17', 'Edge 124'];
const SYSTEMS: readonly string[] = [
	'Windows 11',
	'macOS 14',
	'iOS 17',
	'Android 14',
	'Ubuntu 24.04',
];
const PLANS: readonly string[] = ['free', 'pro', 'enterprise'];
const UTM_SOURCES: readonly string[] = ['google', 'newsletter', 'facebook', 'partner'];
const PAGES: ReadonlyArray<readonly [string, string]> = [
	['/', 'Home'],
	['/pricing', 'Pricing'],
	['/shipping', 'Shipping'],
	['/checkout', 'Checkout'],
	['/contact', 'Contact us'],
];
const VISITOR_TEXTS: readonly string[] = [
	'Hi, do you ship to Austria?',
	'How much is the annual plan?',
	'My order has not arrived yet.',
	'Can I change my delivery address?',
	'Is there a student discount?',
	'Thanks, that helps!',
	'Where can I download my invoice?',
	'The checkout page shows an error.',
];
const OPERATOR_TEXTS: readonly string[] = [
	'Yes, 3-5 days.',
	'Let me check that for you.',
	'I have updated your address.',
	'You can find it under Account > Billing.',
	'Sorry about that, a new parcel is on its way.',
	'Happy to help!',
];
const BOT_TEXTS: readonly string[] = [
	'Hi there! How can we help you today?',
	'An operator will be with you shortly.',
	'Please leave your e-mail so we can get back to you.',
];

export interface SeedData {
	ownerId: string;
	operators: Operator[];
	visitors: Visitor[];
	nextChatId: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

class IdSource {
	private readonly used = new Set<string>();

	constructor(private readonly prng: Prng) {}

	next(): string {
		let id = this.prng.hexId();
		while (this.used.has(id)) id = this.prng.hexId();
		this.used.add(id);
		return id;
	}
}

function seedOperators(prng: Prng, ids: IdSource, count: number): Operator[] {
	const operators: Operator[] = [];
	for (let i = 0; i < count; i++) {
		const loginAt = SEED_EPOCH + 150 * DAY + prng.int(0, 30 * DAY) + prng.int(0, 999);
		const activityAt = loginAt + prng.int(MINUTE, 8 * HOUR);
		const status =
			i === 0 ? 'online' : prng.pick(['online', 'online', 'offline', 'invisible'] as const);
		if (i === 0) {
			operators.push({
				id: ids.next(),
				email: 'owner@example.com',
				name: 'Dana Owner',
				language: 'en',
				jobTitle: 'Founder',
				role: 'admin',
				lastLoginAt: iso(loginAt),
				lastActivityAt: iso(activityAt),
				image: '',
				lastStatus: status,
				realStatus: status,
			});
			continue;
		}
		const base = OPERATOR_NAMES[(i - 1) % OPERATOR_NAMES.length];
		const round = Math.floor((i - 1) / OPERATOR_NAMES.length);
		const name = round === 0 ? base : `${base} ${round + 1}`;
		const local = name.toLowerCase().replace(/[^a-z0-9]+/g, '.');
		operators.push({
			id: ids.next(),
			email: `${local}@example.com`,
			name,
			language: prng.pick(LANGUAGES),
			jobTitle: prng.pick(JOB_TITLES),
			role: i % 3 === 0 ? 'admin' : 'operator',
			lastLoginAt: iso(loginAt),
			lastActivityAt: iso(activityAt),
			image: prng.chance(0.5) ? `https://cdn.example.com/avatars/${local}.png` : '',
			lastStatus: status,
			realStatus: status,
		});
	}
	return operators;
}

function seedEvents(
	prng: Prng,
	ids: IdSource,
	count: number,
	start: number,
	host: string,
	operators: Operator[],
	alternatives: Alternatives,
): { events: ChatEvent[]; end: number } {
	const events: ChatEvent[] = [];
	let at = start;
	const operatorId = prng.pick(operators).id;
	for (let i = 0; i < count; i++) {
		at += prng.int(2 * SECOND, 3 * MINUTE) + prng.int(1, 999);
		let type: string;
		if (i === 0) {
			type = prng.chance(0.7) ? 'visitor-message' : 'bot-message';
		} else {
			const roll = prng.next();
			type =
				roll < 0.35
					? 'visitor-message'
					: roll < 0.7
						? 'operator-message'
						: roll < 0.8
							? 'bot-message'
							: 'page-opened';
		}
		let params: Record<string, unknown>;
		if (type === 'visitor-message') params = { text: prng.pick(VISITOR_TEXTS) };
		else if (type === 'operator-message') params = { text: prng.pick(OPERATOR_TEXTS), operatorId };
		else if (type === 'bot-message') params = { text: prng.pick(BOT_TEXTS) };
		else {
			const [path, title] = prng.pick(PAGES);
			params = { url: `https://${host}${path}`, title }; // page-opened params (unconfirmed), 7.2
		}
		events.push({ id: eventIdFor(alternatives, ids.next()), type, createdAt: iso(at), params });
	}
	return { events, end: at };
}

function stageFor(prng: Prng, events: ChatEvent[], isLast: boolean): ChatStage {
	if (!isLast || prng.chance(0.6)) return 'closed';
	const firstOperator = events.findIndex((e) => e.type === 'operator-message');
	if (firstOperator === -1) return prng.chance(0.5) ? 'initiated' : 'offline';
	const visitorAfter = events.slice(firstOperator + 1).some((e) => e.type === 'visitor-message');
	return visitorAfter ? 'engaged' : 'responded';
}

function seedVisitor(
	prng: Prng,
	ids: IdSource,
	options: ResolvedOptions,
	operators: Operator[],
): Visitor {
	const first = prng.pick(FIRST_NAMES);
	const last = prng.pick(LAST_NAMES);
	const host = prng.pick(HOSTS);
	const [country, city] = prng.pick(PLACES);
	const createdAt = SEED_EPOCH + prng.int(0, 90 * DAY) + prng.int(0, 999);
	const custom: Record<string, CustomValue> = {};
	if (prng.chance(0.6)) {
		custom.plan = prng.pick(PLANS);
		custom.accountId = `A-${prng.int(100, 999)}`;
	}
	if (prng.chance(0.3)) custom.seats = prng.int(1, 50);
	if (prng.chance(0.2)) custom.vip = true;
	const utm: Utm = prng.chance(0.5)
		? {
				source: prng.pick(UTM_SOURCES),
				medium: prng.pick(['cpc', 'email', 'social']),
				campaign: prng.pick(['spring-sale', 'launch', 'retarget']),
				term: prng.chance(0.5) ? 'live chat' : '',
				content: `ad-${prng.int(1, 9)}`,
			}
		: {};
	const visitor: Visitor = {
		id: ids.next(),
		name: `${first} ${last}`,
		email: prng.chance(0.8)
			? `${first.toLowerCase()}.${last.toLowerCase()}${prng.int(1, 99)}@${prng.pick(MAIL_DOMAINS)}`
			: '',
		phone: prng.chance(0.5)
			? `+${prng.int(1, 99)} ${prng.int(10, 99)} ${prng.int(1000000, 9999999)}`
			: '',
		notes: prng.chance(0.25) ? 'Asked about the annual plan' : '',
		custom,
		utm,
		sourceHost: host,
		emailMarketingConsent: prng.chance(0.4),
		country,
		city,
		browser: prng.pick(BROWSERS),
		os: prng.pick(SYSTEMS),
		lastSeenAt: iso(createdAt),
		createdAt: iso(createdAt),
		chats: [],
	};
	let at = createdAt + prng.int(SECOND, HOUR);
	for (let c = 0; c < options.chatsPerVisitor; c++) {
		const isLast = c === options.chatsPerVisitor - 1;
		const { events, end } = seedEvents(
			prng,
			ids,
			options.eventsPerChat,
			at,
			host,
			operators,
			options.alternatives,
		);
		const stage = stageFor(prng, events, isLast);
		const answered = events.some((e) => e.type === 'operator-message');
		const [path, title] = prng.pick(PAGES);
		const chat: Chat = {
			id: 0, // assigned chronologically once every chat exists
			stage,
			missed: !answered && stage !== 'initiated',
			rating: answered && stage === 'closed' && prng.chance(0.4) ? prng.int(1, 5) : null,
			operators: Array.from(
				new Set(
					events
						.filter((e) => e.type === 'operator-message')
						.map((e) => String(e.params.operatorId)),
				),
			),
			team: null,
			startPage: { url: `https://${host}${path}`, title },
			createdAt: iso(at),
			events,
		};
		visitor.chats.push(chat);
		visitor.lastSeenAt = iso(end);
		at = end + prng.int(HOUR, 20 * DAY);
	}
	return visitor;
}

export function generateSeed(options: ResolvedOptions): SeedData {
	const prng = new Prng(deriveSeed(options.seed, 0));
	const ids = new IdSource(prng);
	const operators = seedOperators(prng, ids, options.operators);
	const visitors: Visitor[] = [];
	for (let v = 0; v < options.visitors; v++) {
		visitors.push(seedVisitor(prng, ids, options, operators));
	}
	// Chat ids are account-wide and increase with creation time (ties broken by visitor order).
	const allChats = visitors.flatMap((visitor, vi) =>
		visitor.chats.map((chat, ci) => ({ chat, vi, ci })),
	);
	allChats.sort(
		(a, b) =>
			Date.parse(a.chat.createdAt) - Date.parse(b.chat.createdAt) || a.vi - b.vi || a.ci - b.ci,
	);
	let nextChatId = FIRST_CHAT_ID;
	for (const { chat } of allChats) chat.id = nextChatId++;
	return { ownerId: operators[0].id, operators, visitors, nextChatId };
}
