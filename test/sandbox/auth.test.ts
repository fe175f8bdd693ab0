import { type Sandbox, startSandbox } from '../../sandbox';
import { HEX24, call, get } from './helpers';

describe('sandbox: auth, envelope, request log', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, tokens: ['tok-a-1234', 'tok-b-5678'] });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());

	it('exposes url, baseUrl and the first token', () => {
		expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sandbox.baseUrl).toBe(`${sandbox.url}/api/v1`);
		expect(sandbox.token).toBe('tok-a-1234');
	});

	it('GET /me.json returns the owner operator in the envelope', async () => {
		const res = await get(sandbox, '/me.json');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		expect(res.body.result).toMatchObject({
			email: 'owner@example.com',
			name: 'Dana Owner',
			role: 'admin',
		});
		expect(res.body.result.id).toMatch(HEX24);
		expect(res.body.result.id).toBe(sandbox.state.ownerId);
	});

	it('accepts every configured token', async () => {
		expect((await get(sandbox, '/me.json', { token: 'tok-b-5678' })).status).toBe(200);
	});

	it.each([
		['no header', null, undefined],
		['unknown token', 'nope', undefined],
		['wrong scheme', null, { Authorization: 'Basic dG9rLWEtMTIzNA==' }],
		['empty bearer', null, { Authorization: 'Bearer ' }],
	])('answers 401 with an error body for %s', async (_label, token, headers) => {
		const res = await get(sandbox, '/operators', { token, headers });
		expect(res.status).toBe(401);
		expect(res.body.error.code).toBe('unauthorized');
		expect(typeof res.body.error.message).toBe('string');
	});

	it('checks the token on every endpoint, including writes', async () => {
		const before = sandbox.state.counts().events;
		const visitor = sandbox.state.visitors[0];
		const res = await call(
			sandbox,
			'POST',
			'/messages',
			{
				visitorId: visitor.id,
				chatEvent: {
					type: 'operator-message',
					params: { text: 'hi', operatorId: sandbox.state.ownerId },
				},
			},
			{ token: 'nope' },
		);
		expect(res.status).toBe(401);
		expect(sandbox.state.counts().events).toBe(before);
		const del = await call(sandbox, 'DELETE', `/visitors/${visitor.id}`, undefined, {
			token: null,
		});
		expect(del.status).toBe(401);
		expect(sandbox.state.findVisitor(visitor.id)).toBeDefined();
	});

	it('answers 404 for unknown endpoints and 405 for a wrong method', async () => {
		const unknown = await get(sandbox, '/tickets');
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('not_found');
		const outside = await call(sandbox, 'GET', '/api/v2/operators');
		expect(outside.status).toBe(404);
		const wrongMethod = await call(sandbox, 'PATCH', '/operators');
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.body.error.code).toBe('method_not_allowed');
	});

	it('answers 400 invalid_json for a malformed body', async () => {
		const res = await call(sandbox, 'POST', '/events/subscriptions', undefined, {
			raw: '{"event": ',
		});
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_json');
		expect(sandbox.state.subscriptions).toHaveLength(0);
	});

	it('answers 400 when the body is JSON but not an object', async () => {
		const res = await call(sandbox, 'PUT', `/visitors/${sandbox.state.visitors[0].id}`, [1, 2]);
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('bad_request');
	});

	it('logs every API request with method, path, query, headers, body and status', async () => {
		await get(sandbox, '/visitors?page=2&foo=bar');
		await call(sandbox, 'POST', '/events/subscriptions', { event: 'chat.started' });
		await get(sandbox, '/me.json', { token: null });
		await call(sandbox, 'POST', '/events/subscriptions', undefined, { raw: 'not json' });
		await get(sandbox, '/_sandbox/state');
		expect(sandbox.requests).toHaveLength(4);
		const [list, create, anonymous, raw] = sandbox.requests;
		expect(list).toMatchObject({
			method: 'GET',
			path: '/api/v1/visitors?page=2&foo=bar',
			query: { page: '2', foo: 'bar' },
			status: 200,
		});
		expect(list.body).toBeUndefined();
		expect(list.headers.authorization).toBe('Bearer tok-a-1234');
		expect(list.at).toMatch(/Z$/);
		expect(create).toMatchObject({ method: 'POST', body: { event: 'chat.started' }, status: 400 });
		expect(anonymous.status).toBe(401);
		expect(raw).toMatchObject({ body: 'not json', status: 400 });
	});

	it('reset clears the request log', async () => {
		await get(sandbox, '/me.json');
		expect(sandbox.requests.length).toBe(1);
		sandbox.reset();
		expect(sandbox.requests.length).toBe(0);
	});
});
