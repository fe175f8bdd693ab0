import { type Sandbox, startSandbox } from '../../sandbox';
import type { FaultRule } from '../../sandbox/types';
import { call, get } from './helpers';

describe('sandbox: fault injection', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 5, seed: 3 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());

	it('429 with Retry-After for the next N matching requests, then normal', async () => {
		sandbox.faults.add({ path: '/visitors', type: 'status', status: 429, retryAfter: 1, times: 2 });
		for (let i = 0; i < 2; i++) {
			const res = await get(sandbox, '/visitors');
			expect(res.status).toBe(429);
			expect(res.headers.get('retry-after')).toBe('1');
			expect(res.body.error.code).toBe('rate_limited');
		}
		const ok = await get(sandbox, '/visitors');
		expect(ok.status).toBe(200);
		expect(ok.headers.get('retry-after')).toBeNull();
		expect(ok.body.result).toHaveLength(5);
		expect(sandbox.faults.rules).toHaveLength(0);
		expect(sandbox.requests.map((r) => r.status)).toEqual([429, 429, 200]);
	});

	it('skip lets the first matching requests through, so exactly the n-th one fails', async () => {
		sandbox.faults.add({ path: '/visitors', type: 'status', status: 503, skip: 2, times: 1 });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await get(sandbox, '/visitors')).status);
		expect(statuses).toEqual([200, 200, 503, 200]);
		expect((await get(sandbox, '/me.json')).status).toBe(200);
		expect(sandbox.faults.rules).toHaveLength(0);
		expect(() =>
			sandbox.faults.add({ path: '/visitors', type: 'status', skip: 1.5 } as FaultRule),
		).toThrow(/skip/);
	});

	it('status without a status code answers 500 and keeps going without times', async () => {
		sandbox.faults.add({ path: '/me.json', type: 'status' });
		for (let i = 0; i < 3; i++) {
			const res = await get(sandbox, '/me.json');
			expect(res.status).toBe(500);
			expect(res.body.error).toEqual({ code: 'internal_error', message: expect.any(String) });
		}
		sandbox.faults.clear();
		expect((await get(sandbox, '/me.json')).status).toBe(200);
	});

	it('matches only the given method and exact path; RegExp paths match id routes', async () => {
		sandbox.faults.add({
			method: 'POST',
			path: '/events/subscriptions',
			type: 'status',
			status: 503,
		});
		sandbox.faults.add({ path: /^\/visitors\/[^/]+$/, type: 'status', status: 502 });
		const id = sandbox.state.visitors[0].id;
		expect((await get(sandbox, '/events/subscriptions')).status).toBe(200);
		expect(
			(
				await call(sandbox, 'POST', '/events/subscriptions', {
					event: 'chat.started',
					targetUrl: 'http://x.test/',
				})
			).status,
		).toBe(503);
		expect((await get(sandbox, `/visitors/${id}`)).status).toBe(502);
		expect((await call(sandbox, 'PUT', `/visitors/${id}`, {})).status).toBe(502);
		expect((await get(sandbox, `/visitors/${id}/chats`)).status).toBe(200);
		expect((await get(sandbox, '/visitors')).status).toBe(200);
		expect((await get(sandbox, '/visitors?page=1')).status).toBe(200);
		expect(sandbox.state.subscriptions).toHaveLength(0);
	});

	it('applies before the token check (faults model the network and the gateway)', async () => {
		sandbox.faults.add({ path: '/me.json', type: 'status', status: 503, times: 1 });
		expect((await get(sandbox, '/me.json', { token: null })).status).toBe(503);
		expect((await get(sandbox, '/me.json', { token: null })).status).toBe(401);
	});

	it('fraction is deterministic for a seed (same pattern after reset and in another sandbox)', async () => {
		const rule: FaultRule = { path: '/operators', type: 'status', status: 503, fraction: 0.5 };
		const pattern = async (target: Sandbox): Promise<number[]> => {
			target.faults.add({ ...rule });
			const statuses: number[] = [];
			for (let i = 0; i < 30; i++) statuses.push((await get(target, '/operators')).status);
			return statuses;
		};
		const first = await pattern(sandbox);
		const failures = first.filter((s) => s === 503).length;
		expect(failures).toBeGreaterThan(5);
		expect(failures).toBeLessThan(25);
		sandbox.reset();
		expect(await pattern(sandbox)).toEqual(first);
		const twin = await startSandbox({ port: 0, visitors: 1, seed: 3 });
		try {
			expect(await pattern(twin)).toEqual(first);
		} finally {
			await twin.close();
		}
	});

	it('fraction combined with times stops after N injected faults', async () => {
		sandbox.faults.add({
			path: '/operators',
			type: 'status',
			status: 500,
			fraction: 0.5,
			times: 3,
		});
		const statuses: number[] = [];
		for (let i = 0; i < 30; i++) statuses.push((await get(sandbox, '/operators')).status);
		expect(statuses.filter((s) => s === 500)).toHaveLength(3);
		expect(sandbox.faults.rules).toHaveLength(0);
	});

	it('latency delays then answers normally', async () => {
		sandbox.faults.add({ path: '/operators', type: 'latency', latencyMs: 300, times: 1 });
		const started = Date.now();
		const slow = await get(sandbox, '/operators');
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		expect(slow.status).toBe(200);
		expect(slow.body.result).toHaveLength(4);
		// The rule was for one request only.
		expect(sandbox.faults.rules).toHaveLength(0);
		expect((await get(sandbox, '/operators')).status).toBe(200);
	});

	it('latency combines with a status fault on the same path', async () => {
		sandbox.faults.add({ path: '/operators', type: 'latency', latencyMs: 200, times: 1 });
		sandbox.faults.add({ path: '/operators', type: 'status', status: 504, times: 1 });
		const started = Date.now();
		expect((await get(sandbox, '/operators')).status).toBe(504);
		expect(Date.now() - started).toBeGreaterThanOrEqual(180);
	});

	it('reset destroys the socket without an answer', async () => {
		sandbox.faults.add({ path: '/visitors', type: 'reset', times: 1 });
		await expect(
			fetch(`${sandbox.baseUrl}/visitors`, {
				headers: { Authorization: `Bearer ${sandbox.token}` },
			}),
		).rejects.toThrow();
		expect(sandbox.requests.at(-1)).toMatchObject({ path: '/api/v1/visitors', status: 0 });
		expect((await get(sandbox, '/visitors')).status).toBe(200);
	});

	it('malformed-json answers 200 with a truncated JSON body', async () => {
		sandbox.faults.add({ path: '/visitors', type: 'malformed-json', times: 1 });
		const res = await fetch(`${sandbox.baseUrl}/visitors`, {
			headers: { Authorization: `Bearer ${sandbox.token}` },
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		const text = await res.text();
		expect(text.startsWith('{"result"')).toBe(true);
		expect(() => JSON.parse(text)).toThrow(SyntaxError);
	});

	it('html answers an HTML error page (502 by default, custom status and Retry-After)', async () => {
		sandbox.faults.add({ path: '/operators', type: 'html', times: 1 });
		sandbox.faults.add({ path: '/me.json', type: 'html', status: 503, retryAfter: 2, times: 1 });
		const gateway = await get(sandbox, '/operators');
		expect(gateway.status).toBe(502);
		expect(gateway.headers.get('content-type')).toMatch(/text\/html/);
		expect(gateway.text).toMatch(/<html>.*502 Bad Gateway/s);
		expect(gateway.body).toBeUndefined();
		const unavailable = await get(sandbox, '/me.json');
		expect(unavailable.status).toBe(503);
		expect(unavailable.headers.get('retry-after')).toBe('2');
		expect(unavailable.text).toMatch(/503 Service Unavailable/);
	});

	it("'after' carries the request out, then loses the answer", async () => {
		sandbox.faults.add({
			method: 'POST',
			path: '/events/subscriptions',
			type: 'status',
			status: 502,
			when: 'after',
			times: 1,
		});
		const body = { event: 'chat.started', targetUrl: 'http://x.test/' };
		expect((await call(sandbox, 'POST', '/events/subscriptions', body)).status).toBe(502);
		expect(sandbox.state.subscriptions).toHaveLength(1);
		sandbox.faults.add({
			method: 'DELETE',
			path: /^\/events\/subscriptions\//,
			type: 'reset',
			when: 'after',
		});
		const id = sandbox.state.subscriptions[0].id;
		await expect(
			fetch(`${sandbox.baseUrl}/events/subscriptions/${id}`, {
				method: 'DELETE',
				headers: { Authorization: `Bearer ${sandbox.token}` },
			}),
		).rejects.toThrow();
		expect(sandbox.state.subscriptions).toHaveLength(0);
	});

	it("'before' (the default) fails the request without carrying it out", async () => {
		sandbox.faults.add({
			method: 'POST',
			path: '/events/subscriptions',
			type: 'status',
			status: 502,
		});
		const body = { event: 'chat.started', targetUrl: 'http://x.test/' };
		expect((await call(sandbox, 'POST', '/events/subscriptions', body)).status).toBe(502);
		expect(sandbox.state.subscriptions).toHaveLength(0);
	});

	it('stall never answers; the client gives up', async () => {
		sandbox.faults.add({ path: '/operators', type: 'stall', times: 1 });
		await expect(
			fetch(`${sandbox.baseUrl}/operators`, {
				headers: { Authorization: `Bearer ${sandbox.token}` },
				signal: AbortSignal.timeout(200),
			}),
		).rejects.toThrow();
		expect((await get(sandbox, '/operators')).status).toBe(200);
	});

	it('truncated sends part of a 200 body, then breaks the connection', async () => {
		sandbox.faults.add({ path: '/visitors', type: 'truncated', times: 1 });
		await expect(
			fetch(`${sandbox.baseUrl}/visitors`, {
				headers: { Authorization: `Bearer ${sandbox.token}` },
			}).then(async (res) => await res.text()),
		).rejects.toThrow();
	});

	it.each([
		['empty', ''],
		['no-result', '{}'],
		['null-result', '{"result":null}'],
		['object', '{"result":{}}'],
		['list', '{"result":[]}'],
		['text', 'OK'],
	] as const)('wrong-shape %s answers 200 with %j', async (shape, text) => {
		sandbox.faults.add({ path: '/operators', type: 'wrong-shape', shape, times: 1 });
		const res = await get(sandbox, '/operators');
		expect(res.status).toBe(200);
		expect(res.text).toBe(text);
	});

	it('never applies to the control API', async () => {
		sandbox.faults.add({ path: /.*/, type: 'status', status: 500 });
		expect((await call(sandbox, 'GET', '/_sandbox/state')).status).toBe(200);
		expect((await get(sandbox, '/me.json')).status).toBe(500);
	});

	it('rejects invalid rules', () => {
		expect(() =>
			sandbox.faults.add({ path: '/x', type: 'explode' as FaultRule['type'] }),
		).toThrow();
		expect(() => sandbox.faults.add({ path: '/x', type: 'status', fraction: 2 })).toThrow();
		expect(() => sandbox.faults.add({ path: '/x', type: 'status', times: 0 })).toThrow();
		expect(() =>
			sandbox.faults.add({ path: '/x', type: 'status', when: 'later' as 'after' }),
		).toThrow();
		expect(() =>
			sandbox.faults.add({ path: '/x', type: 'wrong-shape', shape: 'odd' as 'empty' }),
		).toThrow();
		expect(sandbox.faults.rules).toHaveLength(0);
	});
});
