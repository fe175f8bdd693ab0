import { type Sandbox, startSandbox } from '../../sandbox';
import { HEX24, ISO_MS, UNKNOWN_ID, call, get } from './helpers';

describe('sandbox: webhook subscriptions', () => {
	let sandbox: Sandbox;
	const target = 'https://n8n.example.com/webhook/abc/chaport?secret=s3&x=1';

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 2 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());

	it('starts empty', async () => {
		expect((await get(sandbox, '/events/subscriptions')).body).toEqual({ result: [] });
	});

	it('creates, lists, gets, updates and deletes a subscription', async () => {
		const created = await call(sandbox, 'POST', '/events/subscriptions', {
			targetUrl: target,
			event: 'chat.started',
		});
		expect(created.status).toBe(200);
		const sub = created.body.result;
		expect(sub).toEqual({
			id: expect.stringMatching(HEX24),
			targetUrl: target,
			event: 'chat.started',
			essential: true,
			createdAt: expect.stringMatching(ISO_MS),
		});

		expect((await get(sandbox, '/events/subscriptions')).body.result).toEqual([sub]);
		expect((await get(sandbox, `/events/subscriptions/${sub.id}`)).body.result).toEqual(sub);

		const updated = await call(sandbox, 'PUT', `/events/subscriptions/${sub.id}`, {
			event: 'chat.newEvent.visitorMessage',
			essential: false,
		});
		expect(updated.status).toBe(200);
		expect(updated.body.result).toEqual({
			...sub,
			event: 'chat.newEvent.visitorMessage',
			essential: false,
		});

		const del = await call(sandbox, 'DELETE', `/events/subscriptions/${sub.id}`);
		expect(del.status).toBe(200);
		expect(del.body).toEqual({ result: true });
		expect((await get(sandbox, `/events/subscriptions/${sub.id}`)).status).toBe(404);
		expect((await call(sandbox, 'DELETE', `/events/subscriptions/${sub.id}`)).status).toBe(404);
		expect((await get(sandbox, '/events/subscriptions')).body.result).toEqual([]);
	});

	it('keeps essential=false when sent and allows duplicates (not known to be rejected)', async () => {
		const body = { targetUrl: target, event: 'chat.finished', essential: false };
		const a = await call(sandbox, 'POST', '/events/subscriptions', body);
		const b = await call(sandbox, 'POST', '/events/subscriptions', body);
		expect(a.body.result.essential).toBe(false);
		expect(a.body.result.id).not.toBe(b.body.result.id);
		expect((await get(sandbox, '/events/subscriptions')).body.result).toHaveLength(2);
	});

	it.each([
		['missing targetUrl', { event: 'chat.started' }],
		['missing event', { targetUrl: target }],
		['a relative targetUrl', { targetUrl: '/webhook', event: 'chat.started' }],
		['a non-http targetUrl', { targetUrl: 'ftp://example.com/x', event: 'chat.started' }],
		['an unknown event', { targetUrl: target, event: 'visitor.created' }],
		['a non-boolean essential', { targetUrl: target, event: 'chat.started', essential: 'yes' }],
	])('rejects a create with %s (400)', async (_label, body) => {
		const res = await call(sandbox, 'POST', '/events/subscriptions', body);
		expect(res.status).toBe(400);
		expect(res.body.error.code).toMatch(/missing_field|invalid_value/);
		expect(sandbox.state.subscriptions).toHaveLength(0);
	});

	it('rejects bad updates (400) and unknown ids (404)', async () => {
		const sub = (
			await call(sandbox, 'POST', '/events/subscriptions', {
				targetUrl: target,
				event: 'chat.started',
			})
		).body.result;
		expect(
			(await call(sandbox, 'PUT', `/events/subscriptions/${sub.id}`, { event: 'nope' })).status,
		).toBe(400);
		expect(
			(await call(sandbox, 'PUT', `/events/subscriptions/${sub.id}`, { targetUrl: 'x' })).status,
		).toBe(400);
		expect(
			(await call(sandbox, 'PUT', `/events/subscriptions/${UNKNOWN_ID}`, { essential: true }))
				.status,
		).toBe(404);
		expect((await get(sandbox, `/events/subscriptions/${UNKNOWN_ID}`)).status).toBe(404);
		expect(sandbox.state.findSubscription(sub.id)).toEqual(sub);
	});
});
