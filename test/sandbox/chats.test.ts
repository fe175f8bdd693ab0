import { type Sandbox, startSandbox } from '../../sandbox';
import { ISO_MS, UNKNOWN_ID, call, get } from './helpers';

const MESSAGE_TYPES = ['visitor-message', 'operator-message', 'bot-message'];

describe('sandbox: chats and chat events', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 12, chatsPerVisitor: 3, eventsPerChat: 6 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());

	const visitor = () => sandbox.state.visitors[0];

	it('returns the last chat with embedded events and links.more to older chats, newest first', async () => {
		const v = visitor();
		const res = await get(sandbox, `/visitors/${v.id}/chats`);
		expect(res.status).toBe(200);
		const chat = res.body.result;
		expect(chat.id).toBe(v.chats[2].id);
		expect(Object.keys(chat).sort()).toEqual(
			[
				'id',
				'stage',
				'missed',
				'rating',
				'operators',
				'team',
				'startPage',
				'createdAt',
				'events',
			].sort(),
		);
		expect(chat.events).toHaveLength(6);
		expect(chat.createdAt).toMatch(ISO_MS);
		expect(res.body.links).toEqual({
			more: [
				`/api/v1/visitors/${v.id}/chats/${v.chats[1].id}`,
				`/api/v1/visitors/${v.id}/chats/${v.chats[0].id}`,
			],
		});
		for (const link of res.body.links.more) {
			const older = await call(sandbox, 'GET', link);
			expect(older.status).toBe(200);
			expect(older.body.result.id).toBe(Number(link.split('/').pop()));
			expect(older.body.links).toBeUndefined();
		}
	});

	it('uses account-wide increasing integer chat ids', () => {
		const ids = sandbox.state.visitors.flatMap((v) => v.chats.map((c) => c.id));
		expect(new Set(ids).size).toBe(ids.length);
		for (const v of sandbox.state.visitors) {
			const own = v.chats.map((c) => c.id);
			expect(own).toEqual([...own].sort((a, b) => a - b));
		}
		expect(ids.every((id) => Number.isInteger(id))).toBe(true);
	});

	it('omits links when the visitor has a single chat', async () => {
		const { visitorId, chatId } = await sandbox.control.startChat({ text: 'Hello' });
		const res = await get(sandbox, `/visitors/${visitorId}/chats`);
		expect(res.status).toBe(200);
		expect(res.body.result).toMatchObject({ id: chatId, stage: 'initiated', operators: [] });
		expect(res.body.links).toBeUndefined();
	});

	it('404s the chats of an unknown visitor', async () => {
		expect((await get(sandbox, `/visitors/${UNKNOWN_ID}/chats`)).status).toBe(404);
	});

	it('filters to message events with transcript=true (chat, chat by id, events list)', async () => {
		const v = sandbox.state.visitors.find((x) =>
			x.chats[x.chats.length - 1].events.some((e) => !MESSAGE_TYPES.includes(e.type)),
		);
		expect(v).toBeDefined();
		const chat = v!.chats[v!.chats.length - 1];
		const expected = chat.events.filter((e) => MESSAGE_TYPES.includes(e.type)).map((e) => e.id);
		expect(expected.length).toBeLessThan(chat.events.length);

		const full = await get(sandbox, `/visitors/${v!.id}/chats`);
		expect(full.body.result.events).toHaveLength(chat.events.length);
		const last = await get(sandbox, `/visitors/${v!.id}/chats?transcript=true`);
		expect(last.body.result.events.map((e: { id: string }) => e.id)).toEqual(expected);
		const byId = await get(sandbox, `/visitors/${v!.id}/chats/${chat.id}?transcript=true`);
		expect(byId.body.result.events.map((e: { id: string }) => e.id)).toEqual(expected);
		const events = await get(sandbox, `/visitors/${v!.id}/chats/${chat.id}/events?transcript=true`);
		expect(events.body.result.map((e: { id: string }) => e.id)).toEqual(expected);
		const notTrue = await get(
			sandbox,
			`/visitors/${v!.id}/chats/${chat.id}/events?transcript=false`,
		);
		expect(notTrue.body.result).toHaveLength(chat.events.length);
	});

	it('gets a chat by id and 404s unknown, foreign and non-numeric chat ids', async () => {
		const [a, b] = sandbox.state.visitors;
		const ok = await get(sandbox, `/visitors/${a.id}/chats/${a.chats[0].id}`);
		expect(ok.status).toBe(200);
		expect(ok.body.result.id).toBe(a.chats[0].id);
		expect((await get(sandbox, `/visitors/${a.id}/chats/${b.chats[0].id}`)).status).toBe(404);
		expect((await get(sandbox, `/visitors/${a.id}/chats/999999`)).status).toBe(404);
		expect((await get(sandbox, `/visitors/${a.id}/chats/abc`)).status).toBe(404);
		expect((await get(sandbox, `/visitors/${UNKNOWN_ID}/chats/${a.chats[0].id}`)).status).toBe(404);
	});

	it('lists events in chronological order and gets one event', async () => {
		const v = visitor();
		const chat = v.chats[1];
		const res = await get(sandbox, `/visitors/${v.id}/chats/${chat.id}/events`);
		expect(res.status).toBe(200);
		expect(res.body.links).toBeUndefined();
		const times = res.body.result.map((e: { createdAt: string }) => Date.parse(e.createdAt));
		expect(times).toEqual([...times].sort((x, y) => x - y));
		for (const e of res.body.result) {
			expect(Object.keys(e).sort()).toEqual(['createdAt', 'id', 'params', 'type']);
		}
		const one = await get(
			sandbox,
			`/visitors/${v.id}/chats/${chat.id}/events/${chat.events[2].id}`,
		);
		expect(one.status).toBe(200);
		expect(one.body.result).toEqual(res.body.result[2]);
		expect(
			(await get(sandbox, `/visitors/${v.id}/chats/${chat.id}/events/${UNKNOWN_ID}`)).status,
		).toBe(404);
		expect(
			(await get(sandbox, `/visitors/${v.id}/chats/${v.chats[0].id}/events/${chat.events[2].id}`))
				.status,
		).toBe(404);
		expect((await get(sandbox, `/visitors/${v.id}/chats/999999/events`)).status).toBe(404);
	});

	it('updates the last chat partially (operators, team, stage, missed, rating)', async () => {
		const v = visitor();
		const opId = sandbox.state.operators[1].id;
		const olderBefore = JSON.stringify(v.chats[1]);
		const teamId = 'aaaaaaaaaaaaaaaaaaaaaaaa';
		const res = await call(sandbox, 'PUT', `/visitors/${v.id}/chats`, {
			operators: [opId],
			team: teamId,
			missed: true,
			rating: 4,
		});
		expect(res.status).toBe(200);
		expect(res.body.result).toMatchObject({
			id: v.chats[2].id,
			operators: [opId],
			team: teamId,
			missed: true,
			rating: 4,
		});
		const closed = await call(sandbox, 'PUT', `/visitors/${v.id}/chats`, {
			stage: 'closed',
			operators: [],
		});
		expect(closed.body.result).toMatchObject({
			stage: 'closed',
			operators: [],
			team: teamId,
			rating: 4,
		});
		expect(v.chats[2].stage).toBe('closed');
		expect(JSON.stringify(v.chats[1])).toBe(olderBefore);
		const unset = await call(sandbox, 'PUT', `/visitors/${v.id}/chats`, { team: null });
		expect(unset.body.result.team).toBeNull();
	});

	it.each([
		['bad stage', { stage: 'done' }],
		['rating 0', { rating: 0 }],
		['rating 6', { rating: 6 }],
		['rating 2.5', { rating: 2.5 }],
		['rating as a string', { rating: '5' }],
		['operators not an array', { operators: 'x' }],
		['operators with a bad id', { operators: ['nope'] }],
		['missed not boolean', { missed: 'yes' }],
	])('rejects a chat update with %s (400) and changes nothing', async (_label, body) => {
		const v = visitor();
		const before = JSON.stringify(v.chats[2]);
		const res = await call(sandbox, 'PUT', `/visitors/${v.id}/chats`, { missed: true, ...body });
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_value');
		expect(JSON.stringify(v.chats[2])).toBe(before);
	});

	it('404s a chat update for an unknown visitor', async () => {
		expect(
			(await call(sandbox, 'PUT', `/visitors/${UNKNOWN_ID}/chats`, { stage: 'closed' })).status,
		).toBe(404);
	});

	it('edits the text of a message event (PUT …/events/{eventId})', async () => {
		const v = visitor();
		const chat = v.chats[2];
		const message = chat.events.find((e) => MESSAGE_TYPES.includes(e.type))!;
		const url = `/visitors/${v.id}/chats/${chat.id}/events/${message.id}`;
		const res = await call(sandbox, 'PUT', url, { params: { text: 'corrected text' } });
		expect(res.status).toBe(200);
		expect(res.body.result).toMatchObject({
			id: message.id,
			type: message.type,
			params: { text: 'corrected text' },
		});
		expect((await get(sandbox, url)).body.result.params.text).toBe('corrected text');
		if (message.type === 'operator-message')
			expect(res.body.result.params.operatorId).toEqual(expect.any(String));
	});

	it('rejects bad event edits (400) and unknown events (404)', async () => {
		const v = sandbox.state.visitors.find((x) =>
			x.chats.some((c) => c.events.some((e) => e.type === 'page-opened')),
		)!;
		const chat = v.chats.find((c) => c.events.some((e) => e.type === 'page-opened'))!;
		const page = chat.events.find((e) => e.type === 'page-opened')!;
		const message = chat.events.find((e) => MESSAGE_TYPES.includes(e.type)) ?? page;
		const base = `/visitors/${v.id}/chats/${chat.id}/events`;
		expect(
			(await call(sandbox, 'PUT', `${base}/${page.id}`, { params: { text: 'x' } })).status,
		).toBe(400);
		expect(
			(await call(sandbox, 'PUT', `${base}/${message.id}`, { params: { text: '' } })).status,
		).toBe(400);
		expect((await call(sandbox, 'PUT', `${base}/${message.id}`, { text: 'x' })).status).toBe(400);
		expect(
			(await call(sandbox, 'PUT', `${base}/${UNKNOWN_ID}`, { params: { text: 'x' } })).status,
		).toBe(404);
	});
});

describe('sandbox: visitors without chats and the first-message lag', () => {
	let sandbox: Sandbox;
	let clockMs = Date.now();

	beforeAll(async () => {
		sandbox = await startSandbox({
			port: 0,
			visitors: 3,
			chatsPerVisitor: 0,
			firstMessageDelayMs: 400,
			// The sandbox's own clock, moved on by the tests instead of waiting.
			now: () => clockMs,
		});
	});
	afterAll(async () => {
		await sandbox.close();
	});

	it('404s GET and PUT …/chats when the visitor has never chatted', async () => {
		const id = sandbox.state.visitors[0].id;
		const res = await get(sandbox, `/visitors/${id}/chats`);
		expect(res.status).toBe(404);
		expect(res.body.error.code).toBe('not_found');
		expect((await call(sandbox, 'PUT', `/visitors/${id}/chats`, { stage: 'closed' })).status).toBe(
			404,
		);
	});

	it('hides the first visitor message for firstMessageDelayMs after chat.started', async () => {
		const { visitorId, chatId } = await sandbox.control.startChat({
			text: 'Do you ship to Austria?',
		});
		const eventsUrl = `/visitors/${visitorId}/chats/${chatId}/events`;
		const eventId = sandbox.state.findChat(visitorId, chatId)!.events[0].id;
		expect((await get(sandbox, eventsUrl)).body.result).toEqual([]);
		expect((await get(sandbox, `/visitors/${visitorId}/chats`)).body.result.events).toEqual([]);
		expect((await get(sandbox, `${eventsUrl}/${eventId}`)).status).toBe(404);
		clockMs += 450;
		const later = await get(sandbox, eventsUrl);
		expect(later.body.result).toHaveLength(1);
		expect(later.body.result[0]).toMatchObject({
			id: eventId,
			type: 'visitor-message',
			params: { text: 'Do you ship to Austria?' },
		});
		expect((await get(sandbox, `${eventsUrl}/${eventId}`)).status).toBe(200);
	});

	it('measures the lag from chat.started and does not delay later messages', async () => {
		const { visitorId, chatId } = await sandbox.control.startChat({});
		await sandbox.control.visitorMessage(visitorId, 'first');
		const url = `/visitors/${visitorId}/chats/${chatId}/events`;
		expect((await get(sandbox, url)).body.result).toEqual([]);
		clockMs += 450;
		await sandbox.control.visitorMessage(visitorId, 'second');
		const res = await get(sandbox, url);
		expect(res.body.result.map((e: { params: { text: string } }) => e.params.text)).toEqual([
			'first',
			'second',
		]);
	});
});
