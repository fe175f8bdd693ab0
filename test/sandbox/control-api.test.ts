import { type Sandbox, startSandbox } from '../../sandbox';
import { type Receiver, call, get, startReceiver, subscribe } from './helpers';

describe('sandbox: HTTP control API under /_sandbox', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 3 });
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await sandbox.close();
		await receiver.close();
	});
	beforeEach(() => {
		sandbox.reset();
		receiver.received.length = 0;
	});

	const control = async (method: string, path: string, body?: unknown) =>
		await call(sandbox, method, `/_sandbox${path}`, body, { token: null });

	it('plays a whole conversation without auth and delivers the webhooks', async () => {
		await subscribe(sandbox, 'chat.started', `${receiver.url}/s`);
		await subscribe(sandbox, 'chat.newEvent.visitorMessage', `${receiver.url}/v`);
		await subscribe(sandbox, 'chat.newEvent.operatorMessage', `${receiver.url}/o`);
		await subscribe(sandbox, 'chat.finished', `${receiver.url}/f`);

		const started = await control('POST', '/chats', {
			text: 'Hello',
			name: 'Eve',
			email: 'eve@example.org',
		});
		expect(started.status).toBe(200);
		expect(started.body).toEqual({ visitorId: expect.any(String), chatId: expect.any(Number) });
		const { visitorId, chatId } = started.body;
		expect(sandbox.state.findVisitor(visitorId)).toMatchObject({
			name: 'Eve',
			email: 'eve@example.org',
		});

		const msg = await control('POST', `/visitors/${visitorId}/messages`, { text: 'Anyone?' });
		expect(msg.status).toBe(200);
		expect(msg.body).toEqual({ eventId: expect.any(String), chatId });

		const operatorId = sandbox.state.operators[2].id;
		const reply = await control('POST', `/visitors/${visitorId}/replies`, {
			operatorId,
			text: 'Yes!',
		});
		expect(reply.status).toBe(200);
		expect(reply.body.chatId).toBe(chatId);
		expect(sandbox.state.lastChat(visitorId)!.events.at(-1)!.params).toEqual({
			text: 'Yes!',
			operatorId,
		});

		const fin = await control('POST', `/visitors/${visitorId}/finish`);
		expect(fin.body).toEqual({ chatId });

		expect(receiver.received.map((r) => r.url)).toEqual(['/s', '/v', '/v', '/o', '/f']);
		const deliveries = await control('GET', '/deliveries');
		expect(deliveries.status).toBe(200);
		expect(deliveries.body).toHaveLength(5);
		expect(deliveries.body[0]).toMatchObject({
			event: 'chat.started',
			status: 200,
			body: { extras: { visitorId, chatId } },
		});
	});

	it('reports errors as JSON (404 unknown visitor, 400 missing text, 404 unknown route)', async () => {
		const unknown = await control('POST', '/visitors/ffffffffffffffffffffffff/messages', {
			text: 'x',
		});
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('not_found');
		const visitorId = sandbox.state.visitors[0].id;
		expect((await control('POST', `/visitors/${visitorId}/messages`, {})).status).toBe(400);
		expect(
			(await control('POST', `/visitors/${visitorId}/replies`, { operatorId: 'nope', text: 'x' }))
				.status,
		).toBe(404);
		expect((await control('POST', '/chats', { text: 5 })).status).toBe(400);
		expect((await control('GET', '/nothing')).status).toBe(404);
		const badJson = await call(sandbox, 'POST', '/_sandbox/chats', undefined, {
			raw: '{',
			token: null,
		});
		expect(badJson.status).toBe(400);
	});

	it('lists the request log (API requests only)', async () => {
		await get(sandbox, '/operators');
		await get(sandbox, '/me.json', { token: 'bad' });
		const res = await control('GET', '/requests');
		expect(res.status).toBe(200);
		expect(res.body.map((r: { path: string; status: number }) => [r.path, r.status])).toEqual([
			['/api/v1/operators', 200],
			['/api/v1/me.json', 401],
		]);
	});

	it('summarises the state', async () => {
		const sub = await subscribe(sandbox, 'chat.started', `${receiver.url}/s`);
		const res = await control('GET', '/state');
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			ownerId: sandbox.state.ownerId,
			tokens: [sandbox.token],
			subscriptions: [sub],
			counts: {
				operators: 4,
				visitors: 3,
				chats: 9,
				events: 36,
				subscriptions: 1,
				requests: 1,
				deliveries: 0,
				faults: 0,
			},
		});
		expect(res.body.operators[0]).toEqual({
			id: sandbox.state.ownerId,
			name: 'Dana Owner',
			email: 'owner@example.com',
			role: 'admin',
		});
	});

	it('adds faults with path or pathRegex, lists and clears them', async () => {
		const added = await control('POST', '/faults', {
			path: '/operators',
			type: 'status',
			status: 429,
			retryAfter: 1,
			times: 1,
		});
		expect(added.status).toBe(200);
		expect(added.body.rules).toEqual([
			{ path: '/operators', type: 'status', status: 429, retryAfter: 1, times: 1 },
		]);
		const limited = await get(sandbox, '/operators');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		expect((await get(sandbox, '/operators')).status).toBe(200);

		await control('POST', '/faults', { pathRegex: '^/visitors/[^/]+$', type: 'html', status: 503 });
		const id = sandbox.state.visitors[0].id;
		expect((await get(sandbox, `/visitors/${id}`)).status).toBe(503);
		expect((await get(sandbox, '/visitors')).status).toBe(200);
		const listed = (await control('GET', '/faults')).body.rules;
		expect(listed).toEqual([{ pathRegex: expect.any(String), type: 'html', status: 503 }]);
		expect(new RegExp(listed[0].pathRegex).source).toBe(new RegExp('^/visitors/[^/]+$').source);
		expect(sandbox.faults.rules[0].path).toBeInstanceOf(RegExp);

		const cleared = await control('DELETE', '/faults');
		expect(cleared.body).toEqual({ rules: [] });
		expect((await get(sandbox, `/visitors/${id}`)).status).toBe(200);
	});

	it.each([
		['no path', { type: 'status' }],
		['bad type', { path: '/x', type: 'boom' }],
		['bad regex', { pathRegex: '(', type: 'status' }],
		['bad fraction', { path: '/x', type: 'status', fraction: 'half' }],
		['not an object', [1]],
	])('rejects a fault with %s (400)', async (_label, body) => {
		const res = await control('POST', '/faults', body);
		expect(res.status).toBe(400);
		expect(res.body.error.message).toEqual(expect.any(String));
		expect(sandbox.faults.rules).toHaveLength(0);
	});

	it('resets to the seed: state, subscriptions, logs, faults', async () => {
		const seededIds = sandbox.state.visitors.map((v) => v.id);
		await subscribe(sandbox, 'chat.started', `${receiver.url}/s`);
		await control('POST', '/chats', { text: 'new' });
		await control('POST', '/faults', { path: '/x', type: 'status' });
		expect(sandbox.state.visitors).toHaveLength(4);
		const res = await control('POST', '/reset');
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ ok: true });
		expect(sandbox.state.visitors.map((v) => v.id)).toEqual(seededIds);
		expect(sandbox.state.subscriptions).toEqual([]);
		expect(sandbox.requests).toEqual([]);
		expect(sandbox.deliveries).toEqual([]);
		expect(sandbox.faults.rules).toEqual([]);
	});

	it('settle waits for background webhooks of REST calls', async () => {
		await subscribe(sandbox, 'chat.newEvent.operatorMessage', `${receiver.url}/o`);
		const visitorId = sandbox.state.visitors[0].id;
		await call(sandbox, 'POST', '/messages', {
			visitorId,
			chatEvent: {
				type: 'operator-message',
				params: { text: 'x', operatorId: sandbox.state.ownerId },
			},
		});
		expect((await control('POST', '/settle')).status).toBe(200);
		expect(receiver.received.map((r) => r.url)).toEqual(['/o']);
	});
});
