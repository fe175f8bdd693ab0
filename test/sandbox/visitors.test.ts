import { type Sandbox, startSandbox } from '../../sandbox';
import { HEX24, ISO_MS, UNKNOWN_ID, call, get } from './helpers';

async function collectAll(sandbox: Sandbox): Promise<{ ids: string[]; pages: number }> {
	const ids: string[] = [];
	let next: string | undefined = '/api/v1/visitors';
	let pages = 0;
	while (next) {
		const res = await call(sandbox, 'GET', next);
		expect(res.status).toBe(200);
		pages++;
		ids.push(...res.body.result.map((v: { id: string }) => v.id));
		next = res.body.links?.next;
		if (pages > 50) throw new Error('pagination does not end');
	}
	return { ids, pages };
}

describe('sandbox: visitor pagination edges', () => {
	const sandboxes: Sandbox[] = [];
	const start = async (visitors: number, pageSize?: number): Promise<Sandbox> => {
		const sandbox = await startSandbox({ port: 0, visitors, pageSize });
		sandboxes.push(sandbox);
		return sandbox;
	};
	afterAll(async () => {
		await Promise.all(sandboxes.map(async (s) => await s.close()));
	});

	it('0 visitors: empty result, no links', async () => {
		const sandbox = await start(0);
		const res = await get(sandbox, '/visitors');
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ result: [] });
	});

	it('exactly one page (20): no links.next', async () => {
		const sandbox = await start(20);
		const res = await get(sandbox, '/visitors');
		expect(res.body.result).toHaveLength(20);
		expect(res.body.links).toBeUndefined();
		expect((await get(sandbox, '/visitors?page=2')).body).toEqual({ result: [] });
	});

	it('21 visitors: two pages, the second with one visitor', async () => {
		const sandbox = await start(21);
		const first = await get(sandbox, '/visitors?page=1');
		expect(first.body.result).toHaveLength(20);
		expect(first.body.links).toEqual({ next: '/api/v1/visitors?page=2' });
		const second = await get(sandbox, '/visitors?page=2');
		expect(second.body.result).toHaveLength(1);
		expect(second.body.links).toBeUndefined();
	});

	it('several pages: following links.next returns every visitor once, newest chat first', async () => {
		const sandbox = await start(45);
		const { ids, pages } = await collectAll(sandbox);
		expect(pages).toBe(3);
		expect(ids).toHaveLength(45);
		expect(new Set(ids).size).toBe(45);
		const lastChatTimes = ids.map((id) => Date.parse(sandbox.state.lastChat(id)?.createdAt ?? ''));
		const sorted = [...lastChatTimes].sort((a, b) => b - a);
		expect(lastChatTimes).toEqual(sorted);
	});

	it('page past the end: empty result without links; a custom pageSize is honoured', async () => {
		const sandbox = await start(7, 3);
		expect((await get(sandbox, '/visitors')).body.links).toEqual({
			next: '/api/v1/visitors?page=2',
		});
		expect((await get(sandbox, '/visitors?page=3')).body.result).toHaveLength(1);
		expect((await get(sandbox, '/visitors?page=3')).body.links).toBeUndefined();
		expect((await get(sandbox, '/visitors?page=99')).body).toEqual({ result: [] });
	});

	it.each(['0', '-1', 'abc', '1.5'])('rejects page=%s with 400', async (page) => {
		const sandbox = sandboxes[0] ?? (await start(0));
		const res = await get(sandbox, `/visitors?page=${page}`);
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_value');
	});

	it('keeps the order of a full sort while visitors are created, chat again and are deleted', async () => {
		const sandbox = await start(30, 4);
		// a first walk builds the kept order; the changes below must update it, not stale it
		expect((await collectAll(sandbox)).ids).toHaveLength(30);
		const fullSort = (): string[] =>
			sandbox.state.visitors
				.map((v, index) => ({
					id: v.id,
					index,
					key: Date.parse(v.chats.at(-1)?.createdAt ?? '') || -Infinity,
					created: Date.parse(v.createdAt),
				}))
				.sort((a, b) => b.key - a.key || b.created - a.created || a.index - b.index)
				.map((e) => e.id);
		const { visitors } = sandbox.state;
		await sandbox.control.startChat({ visitorId: visitors[17].id, text: 'back' });
		const quiet = sandbox.state.createVisitor({ name: 'No chat yet' });
		await sandbox.control.startChat({ name: 'New one', text: 'hello' });
		expect((await call(sandbox, 'DELETE', `/visitors/${visitors[3].id}`)).status).toBe(200);
		sandbox.state.createVisitor({ name: 'Also quiet' });
		await sandbox.control.startChat({ visitorId: visitors[17].id, text: 'again' });
		const { ids } = await collectAll(sandbox);
		expect(ids).toHaveLength(32);
		expect(ids).toEqual(fullSort());
		expect(ids.indexOf(quiet.id)).toBe(31);
		expect((await get(sandbox, `/visitors/${quiet.id}`)).body.result.name).toBe('No chat yet');
	});

	it('a visitor who starts a new chat moves to the top of page 1', async () => {
		const sandbox = await start(25);
		const last = (await get(sandbox, '/visitors?page=2')).body.result.at(-1).id;
		await sandbox.control.startChat({ visitorId: last, text: 'back again' });
		expect((await get(sandbox, '/visitors')).body.result[0].id).toBe(last);
	});
});

describe('sandbox: visitor get / update / delete', () => {
	let sandbox: Sandbox;
	let visitorId: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 5 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => {
		sandbox.reset();
		visitorId = sandbox.state.visitors[0].id;
	});

	it('gets a visitor with the fields of 6.1 and no internal chats', async () => {
		const res = await get(sandbox, `/visitors/${visitorId}`);
		expect(res.status).toBe(200);
		const v = res.body.result;
		expect(v.id).toBe(visitorId);
		expect(v.id).toMatch(HEX24);
		for (const key of [
			'name',
			'email',
			'phone',
			'notes',
			'sourceHost',
			'country',
			'city',
			'browser',
			'os',
		]) {
			expect(typeof v[key]).toBe('string');
		}
		expect(typeof v.custom).toBe('object');
		expect(typeof v.utm).toBe('object');
		expect(typeof v.emailMarketingConsent).toBe('boolean');
		expect(v.lastSeenAt).toMatch(ISO_MS);
		expect(v.createdAt).toMatch(ISO_MS);
		expect(v.chats).toBeUndefined();
	});

	it('404s an unknown visitor', async () => {
		const res = await get(sandbox, `/visitors/${UNKNOWN_ID}`);
		expect(res.status).toBe(404);
		expect(res.body.error.code).toBe('not_found');
	});

	it('updates partially and merges custom key by key (null removes a key)', async () => {
		const visitor = sandbox.state.visitors[0];
		visitor.custom = { plan: 'pro', accountId: 'A-481' };
		const before = { ...visitor };
		const res = await call(sandbox, 'PUT', `/visitors/${visitorId}`, {
			name: 'Tom Becker',
			notes: 'Upgraded in May',
			custom: { plan: 'enterprise', seats: 12, accountId: null },
			utm: { source: 'google' },
			emailMarketingConsent: true,
		});
		expect(res.status).toBe(200);
		expect(res.body.result).toMatchObject({
			name: 'Tom Becker',
			notes: 'Upgraded in May',
			email: before.email,
			phone: before.phone,
			custom: { plan: 'enterprise', seats: 12 },
			emailMarketingConsent: true,
		});
		expect(res.body.result.custom.accountId).toBeUndefined();
		expect(res.body.result.utm.source).toBe('google');
		expect((await get(sandbox, `/visitors/${visitorId}`)).body.result.custom).toEqual({
			plan: 'enterprise',
			seats: 12,
		});
	});

	it.each([
		['non-string name', { name: 1 }],
		['custom not an object', { custom: 'x' }],
		['custom with a nested object', { custom: { a: { b: 1 } } }],
		['unknown utm key', { utm: { foo: 'x' } }],
		['non-boolean consent', { emailMarketingConsent: 'yes' }],
	])('rejects an update with %s (400) and changes nothing', async (_label, body) => {
		const before = JSON.stringify(sandbox.state.visitors[0]);
		const res = await call(sandbox, 'PUT', `/visitors/${visitorId}`, { notes: 'changed', ...body });
		expect(res.status).toBe(400);
		expect(JSON.stringify(sandbox.state.visitors[0])).toBe(before);
	});

	it('404s an update of an unknown visitor', async () => {
		expect((await call(sandbox, 'PUT', `/visitors/${UNKNOWN_ID}`, { name: 'x' })).status).toBe(404);
	});

	it('deletes a visitor with its chats', async () => {
		const del = await call(sandbox, 'DELETE', `/visitors/${visitorId}`);
		expect(del.status).toBe(200);
		expect(del.body).toEqual({ result: true });
		expect((await get(sandbox, `/visitors/${visitorId}`)).status).toBe(404);
		expect((await get(sandbox, `/visitors/${visitorId}/chats`)).status).toBe(404);
		expect((await get(sandbox, '/visitors')).body.result).toHaveLength(4);
		expect((await call(sandbox, 'DELETE', `/visitors/${visitorId}`)).status).toBe(404);
	});
});
