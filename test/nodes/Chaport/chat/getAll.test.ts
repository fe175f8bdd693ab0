import nock from 'nock';

import { startSandbox, type Sandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import { trapRequests } from '../../../helpers/requests';

const BASE = 'https://chaport.test';
const TOKEN = 'chat-get-many-token';
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';
const LAST = `/api/v1/visitors/${VISITOR_ID}/chats`;

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const chat = (id: number) => ({ id, stage: 'closed', events: [] });

describe('Chaport › Chat › Get Many', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);
	const parameters = (extra: Record<string, unknown> = {}) => ({
		resource: 'chat',
		operation: 'getAll',
		visitorId: rl(VISITOR_ID),
		returnAll: true,
		...extra,
	});

	it('returns only the last chat when there are no older chats', async () => {
		const scope = nock(BASE)
			.get(LAST)
			.reply(200, { result: chat(1042) });
		const { status, output } = await runNode({ credentials, parameters: parameters() });
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json.id)).toEqual([1042]);
		expect(output[0].json.visitorId).toBe(VISITOR_ID);
	});

	it('fetches each links.more chat by ID on the credential host, newest first, whatever the link looks like', async () => {
		const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.get(LAST)
			.reply(200, {
				result: chat(1042),
				links: {
					more: [
						`/api/v1/visitors/${VISITOR_ID}/chats/1041`,
						// An absolute link to another host: only its chat ID is used.
						`https://elsewhere.example.com/api/v1/visitors/${VISITOR_ID}/chats/1030/?x=1#top`,
						`/api/v1/visitors/${VISITOR_ID}/chats/1041`,
						`/api/v1/visitors/${VISITOR_ID}/chats/1017`,
					],
				},
			})
			.get(`${LAST}/1041`)
			.reply(200, { result: chat(1041) })
			.get(`${LAST}/1030`)
			.reply(200, { result: chat(1030) })
			.get(`${LAST}/1017`)
			.reply(200, { result: chat(1017) });
		const { output } = await runNode({
			credentials,
			parameters: parameters({ simplify: false }),
		});
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json.id)).toEqual([1042, 1041, 1030, 1017]);
		expect(output.every((item) => item.json.visitorId === VISITOR_ID)).toBe(true);
		expect(output.map((item) => item.pairedItem)).toEqual(output.map(() => ({ item: 0 })));
	});

	it('with a Limit inside the older chats, stops fetching once enough chats are in hand', async () => {
		const trap = { hits: 0 };
		const scope = nock(BASE)
			.get(LAST)
			.reply(200, {
				result: chat(1042),
				links: { more: [1041, 1040, 1039, 1038].map((id) => `${LAST}/${id}`) },
			})
			.get(`${LAST}/1041`)
			.reply(200, { result: chat(1041) })
			.get(`${LAST}/1040`)
			.reply(200, { result: chat(1040) });
		nock(BASE)
			.persist()
			.get(/\/chats\/(1039|1038)$/)
			.reply(() => {
				trap.hits++;
				return [200, { result: chat(0) }];
			});
		const { output } = await runNode({
			credentials,
			parameters: parameters({ returnAll: false, limit: 3 }),
		});
		expect(scope.isDone()).toBe(true);
		expect(trap.hits).toBe(0);
		expect(output.map((item) => item.json.id)).toEqual([1042, 1041, 1040]);
	});

	it('with Limit 1, fetches no older chat at all', async () => {
		const trap = { hits: 0 };
		nock(BASE)
			.get(LAST)
			.reply(200, { result: chat(1042), links: { more: [`${LAST}/1041`] } });
		nock(BASE)
			.persist()
			.get(`${LAST}/1041`)
			.reply(() => {
				trap.hits++;
				return [200, { result: chat(1041) }];
			});
		const { output } = await runNode({
			credentials,
			parameters: parameters({ returnAll: false, limit: 1 }),
		});
		expect(trap.hits).toBe(0);
		expect(output.map((item) => item.json.id)).toEqual([1042]);
	});

	it('with links.more oldest first and a Limit, fetches only the newest older chats', async () => {
		const scope = nock(BASE)
			.get(LAST)
			.reply(200, {
				result: chat(1042),
				links: { more: [1001, 1017, 1030, 1041].map((id) => `${LAST}/${id}`) },
			})
			.get(`${LAST}/1041`)
			.reply(200, { result: chat(1041) })
			.get(`${LAST}/1030`)
			.reply(200, { result: chat(1030) });
		const trap = trapRequests(BASE);
		const { output } = await runNode({
			credentials,
			parameters: parameters({ returnAll: false, limit: 3 }),
		});
		expect(scope.isDone()).toBe(true);
		expect(trap.length).toBe(0);
		expect(output.map((item) => item.json.id)).toEqual([1042, 1041, 1030]);
	});

	it('orders chats with IDs that are not numbers by creation time, after fetching them all', async () => {
		const at = (day: number) => `2024-05-0${day}T10:00:00.000Z`;
		const scope = nock(BASE)
			.get(LAST)
			.reply(200, {
				result: { id: 'c-b', createdAt: at(5), events: [] },
				links: { more: [`${LAST}/c-a`, `${LAST}/c-c`] },
			})
			.get(`${LAST}/c-a`)
			.reply(200, { result: { id: 'c-a', createdAt: at(1), events: [] } })
			.get(`${LAST}/c-c`)
			.reply(200, { result: { id: 'c-c', createdAt: at(3), events: [] } });
		const { output } = await runNode({
			credentials,
			parameters: parameters({ returnAll: false, limit: 2 }),
		});
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json.id)).toEqual(['c-b', 'c-c']);
	});

	it('outputs no items for a visitor who never chatted', async () => {
		const scope = nock(BASE)
			.get(LAST)
			.reply(404, { error: { message: 'Visitor has no chats' } })
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(200, { result: { id: VISITOR_ID } });
		const { status, output } = await runNode({ credentials, parameters: parameters() });
		expect(scope.isDone()).toBe(true);
		expect(status).toBe('success');
		expect(output).toEqual([]);
	});

	it('refuses a links.more entry whose last segment is not a chat ID, without following it', async () => {
		nock(BASE)
			.get(LAST)
			.reply(200, {
				result: chat(1042),
				links: {
					more: [`${LAST}/1041`, `/api/v1/visitors/${VISITOR_ID}/chats/..`],
				},
			});
		const trap = trapRequests(BASE);
		const { status, error } = await runNode({ credentials, parameters: parameters() });
		expect(status).toBe('error');
		expect(error?.message).toMatch(/does not end in a chat ID \[item 0\]/);
		expect(trap.length).toBe(0);
	});

	it('refuses a bad visitor ID before any request', async () => {
		const trap = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ visitorId: '' }],
			parameters: parameters({ visitorId: rl('={{ $json.visitorId }}') }),
		});
		expect(error?.message).toMatch(/'Visitor' is empty \[item 0\]/);
		expect(trap.length).toBe(0);
	});
});

describe('Chaport › Chat › Get Many (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 3, chatsPerVisitor: 4 });
	});
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.reset());

	it('returns every chat of the visitor, newest first', async () => {
		const visitor = sandbox.state.visitors[2];
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: {
				resource: 'chat',
				operation: 'getAll',
				visitorId: rl(visitor.id),
				returnAll: true,
			},
		});
		expect(output.map((item) => item.json.id)).toEqual(
			[...visitor.chats].reverse().map((c) => c.id),
		);
		expect(sandbox.requests.filter((r) => r.method === 'GET')).toHaveLength(4);
	});

	it('with Limit 2, sends only two requests', async () => {
		const visitor = sandbox.state.visitors[0];
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: {
				resource: 'chat',
				operation: 'getAll',
				visitorId: rl(visitor.id),
				returnAll: false,
				limit: 2,
			},
		});
		const newestFirst = [...visitor.chats].reverse();
		expect(output.map((item) => item.json.id)).toEqual([newestFirst[0].id, newestFirst[1].id]);
		expect(sandbox.requests.map((r) => r.path)).toEqual([
			`/api/v1/visitors/${visitor.id}/chats`,
			`/api/v1/visitors/${visitor.id}/chats/${newestFirst[1].id}`,
		]);
	});
});
