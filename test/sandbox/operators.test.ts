import { type Sandbox, startSandbox } from '../../sandbox';
import { HEX24, ISO_MS, UNKNOWN_ID, call, get } from './helpers';

const OPERATOR_KEYS = [
	'id',
	'email',
	'name',
	'language',
	'jobTitle',
	'role',
	'lastLoginAt',
	'lastActivityAt',
	'image',
	'lastStatus',
	'realStatus',
].sort();

describe('sandbox: operators', () => {
	let sandbox: Sandbox;
	let ownerId: string;
	let otherId: string;

	let clockMs = Date.now();
	beforeAll(async () => {
		// The sandbox's own clock, moved on by the tests instead of waiting.
		sandbox = await startSandbox({ port: 0, operators: 4, now: () => clockMs });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => {
		sandbox.reset();
		ownerId = sandbox.state.ownerId;
		otherId = sandbox.state.operators[1].id;
	});

	it('lists all operators, owner first, in the shape of 5.1', async () => {
		const res = await get(sandbox, '/operators');
		expect(res.status).toBe(200);
		expect(res.body.result).toHaveLength(4);
		expect(res.body.links).toBeUndefined();
		expect(res.body.result[0]).toMatchObject({
			id: ownerId,
			email: 'owner@example.com',
			role: 'admin',
		});
		for (const op of res.body.result) {
			expect(Object.keys(op).sort()).toEqual(OPERATOR_KEYS);
			expect(op.id).toMatch(HEX24);
			expect(op.lastLoginAt).toMatch(ISO_MS);
			expect(['online', 'offline', 'invisible']).toContain(op.lastStatus);
			expect(['operator', 'admin']).toContain(op.role);
		}
	});

	it('gets one operator and 404s an unknown id', async () => {
		const ok = await get(sandbox, `/operators/${otherId}`);
		expect(ok.status).toBe(200);
		expect(ok.body.result.id).toBe(otherId);
		const missing = await get(sandbox, `/operators/${UNKNOWN_ID}`);
		expect(missing.status).toBe(404);
		expect(missing.body.error).toEqual({ code: 'not_found', message: expect.any(String) });
	});

	it('creates an operator with defaults (role operator, language en, offline)', async () => {
		const res = await call(sandbox, 'POST', '/operators', {
			email: 'new.hire@example.com',
			name: 'New Hire',
		});
		expect(res.status).toBe(200);
		expect(res.body.result).toMatchObject({
			email: 'new.hire@example.com',
			name: 'New Hire',
			role: 'operator',
			language: 'en',
			jobTitle: '',
			lastStatus: 'offline',
			realStatus: 'offline',
		});
		expect(res.body.result.id).toMatch(HEX24);
		const list = await get(sandbox, '/operators');
		expect(list.body.result).toHaveLength(5);
		expect((await get(sandbox, `/operators/${res.body.result.id}`)).status).toBe(200);
	});

	it.each([
		['missing email', { name: 'A' }],
		['missing name', { email: 'a@example.com' }],
		['bad email', { email: 'nope', name: 'A' }],
		['bad role', { email: 'a@example.com', name: 'A', role: 'owner' }],
		['bad language', { email: 'a@example.com', name: 'A', language: 'english' }],
		['duplicate email', { email: 'owner@example.com', name: 'A' }],
	])('rejects a create with %s (400)', async (_label, body) => {
		const res = await call(sandbox, 'POST', '/operators', body);
		expect(res.status).toBe(400);
		expect(res.body.error.message).toEqual(expect.any(String));
		expect(sandbox.state.operators).toHaveLength(4);
	});

	it('updates only the fields sent', async () => {
		const before = sandbox.state.findOperator(otherId);
		const res = await call(sandbox, 'PUT', `/operators/${otherId}`, {
			jobTitle: 'Sales',
			role: 'admin',
		});
		expect(res.status).toBe(200);
		expect(res.body.result).toMatchObject({
			id: otherId,
			jobTitle: 'Sales',
			role: 'admin',
			name: before?.name,
		});
	});

	it('rejects bad updates (400), unknown ids (404) and demoting the owner (403)', async () => {
		expect((await call(sandbox, 'PUT', `/operators/${otherId}`, { role: 'boss' })).status).toBe(
			400,
		);
		expect((await call(sandbox, 'PUT', `/operators/${otherId}`, { name: 42 })).status).toBe(400);
		expect((await call(sandbox, 'PUT', `/operators/${UNKNOWN_ID}`, { name: 'X' })).status).toBe(
			404,
		);
		const demote = await call(sandbox, 'PUT', `/operators/${ownerId}`, { role: 'operator' });
		expect(demote.status).toBe(403);
		expect(demote.body.error.code).toBe('forbidden');
		expect(sandbox.state.owner.role).toBe('admin');
		expect((await call(sandbox, 'PUT', `/operators/${ownerId}`, { name: 'Dana O.' })).status).toBe(
			200,
		);
	});

	it('deletes an operator, 404s it afterwards, and never deletes the owner (403)', async () => {
		const del = await call(sandbox, 'DELETE', `/operators/${otherId}`);
		expect(del.status).toBe(200);
		expect(del.body).toEqual({ result: true });
		expect((await get(sandbox, `/operators/${otherId}`)).status).toBe(404);
		expect((await call(sandbox, 'DELETE', `/operators/${otherId}`)).status).toBe(404);
		const owner = await call(sandbox, 'DELETE', `/operators/${ownerId}`);
		expect(owner.status).toBe(403);
		expect(owner.body.error.code).toBe('forbidden');
		expect(sandbox.state.findOperator(ownerId)).toBeDefined();
	});

	it('sets a status with ttl or validUntil', async () => {
		const ttl = await call(sandbox, 'POST', `/operators/${otherId}/status`, {
			status: 'invisible',
			ttl: 3600,
		});
		expect(ttl.status).toBe(200);
		expect(ttl.body.result).toMatchObject({
			id: otherId,
			lastStatus: 'invisible',
			realStatus: 'invisible',
		});
		const until = new Date(clockMs + 60_000).toISOString();
		const dated = await call(sandbox, 'POST', `/operators/${otherId}/status`, {
			status: 'online',
			validUntil: until,
		});
		expect(dated.status).toBe(200);
		expect(dated.body.result.lastStatus).toBe('online');
		expect((await get(sandbox, `/operators/${otherId}`)).body.result.lastStatus).toBe('online');
	});

	it('lets a timed status run out (realStatus offline, lastStatus kept)', async () => {
		await call(sandbox, 'POST', `/operators/${otherId}/status`, { status: 'online', ttl: 1 });
		clockMs += 1100;
		const res = await get(sandbox, `/operators/${otherId}`);
		expect(res.body.result).toMatchObject({ lastStatus: 'online', realStatus: 'offline' });
	});

	it.each([
		['away', { status: 'away', ttl: 60 }],
		['missing status', { ttl: 60 }],
		['unknown status', { status: 'busy', ttl: 60 }],
		['neither ttl nor validUntil', { status: 'online' }],
		[
			'both ttl and validUntil',
			{ status: 'online', ttl: 60, validUntil: '2999-01-01T00:00:00.000Z' },
		],
		['negative ttl', { status: 'online', ttl: -5 }],
		['string ttl', { status: 'online', ttl: '60' }],
		['bad validUntil', { status: 'online', validUntil: 'tomorrow' }],
	])('rejects a status body with %s (400)', async (_label, body) => {
		const res = await call(sandbox, 'POST', `/operators/${otherId}/status`, body);
		expect(res.status).toBe(400);
		expect(res.body.error.code).toEqual(expect.any(String));
	});

	it('404s the status of an unknown operator', async () => {
		const res = await call(sandbox, 'POST', `/operators/${UNKNOWN_ID}/status`, {
			status: 'online',
			ttl: 60,
		});
		expect(res.status).toBe(404);
	});
});
