import nock from 'nock';

import type { Sandbox } from '../../../../sandbox';
import { startSandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';

const BASE = 'https://chaport.test';
const credentials = chaportCredentials(`${BASE}/api/v1`, 'token');
const visitor = (n: number) => ({ id: n.toString(16).padStart(24, '0'), name: `V${n}` });
const page = (from: number, count: number) =>
	Array.from({ length: count }, (_, i) => visitor(from + i));

describe('Chaport › Visitor › Get Many (nock)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('returns nothing for an account without visitors', async () => {
		nock(BASE).get('/api/v1/visitors').query({ page: '1' }).reply(200, { result: [] });
		const { output, status } = await runNode({
			credentials,
			parameters: { resource: 'visitor', operation: 'getAll', returnAll: true },
		});
		expect(status).toBe('success');
		expect(output).toEqual([]);
	});

	it('stops after one page when there is no links.next', async () => {
		nock(BASE)
			.get('/api/v1/visitors')
			.query({ page: '1' })
			.reply(200, { result: page(1, 3) });
		const { output } = await runNode({
			credentials,
			parameters: { resource: 'visitor', operation: 'getAll', returnAll: true },
		});
		expect(output.map((item) => item.json.name)).toEqual(['V1', 'V2', 'V3']);
	});

	it('follows links.next page by page with Return All, also when next is null on the last page', async () => {
		nock(BASE)
			.get('/api/v1/visitors')
			.query({ page: '1' })
			.reply(200, { result: page(1, 2), links: { next: '/api/v1/visitors?page=2' } })
			.get('/api/v1/visitors')
			.query({ page: '2' })
			.reply(200, { result: page(3, 2), links: { next: '/api/v1/visitors?page=3' } })
			.get('/api/v1/visitors')
			.query({ page: '3' })
			.reply(200, { result: page(5, 1), links: { next: null } });
		const { output } = await runNode({
			credentials,
			parameters: { resource: 'visitor', operation: 'getAll', returnAll: true },
		});
		expect(output.map((item) => item.json.name)).toEqual(['V1', 'V2', 'V3', 'V4', 'V5']);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('stops requesting once Limit is reached inside the first page', async () => {
		nock(BASE)
			.get('/api/v1/visitors')
			.query({ page: '1' })
			.reply(200, { result: page(1, 5), links: { next: '/api/v1/visitors?page=2' } });
		const { output } = await runNode({
			credentials,
			parameters: { resource: 'visitor', operation: 'getAll', returnAll: false, limit: 2 },
		});
		expect(output).toHaveLength(2);
	});

	it('crosses pages to fill a Limit and pairs every item with its input', async () => {
		nock(BASE)
			.get('/api/v1/visitors')
			.query({ page: '1' })
			.reply(200, { result: page(1, 2), links: { next: '/api/v1/visitors?page=2' } })
			.get('/api/v1/visitors')
			.query({ page: '2' })
			.reply(200, { result: page(3, 2), links: { next: '/api/v1/visitors?page=3' } });
		const { output } = await runNode({
			credentials,
			parameters: { resource: 'visitor', operation: 'getAll', returnAll: false, limit: 3 },
		});
		expect(output.map((item) => item.json.name)).toEqual(['V1', 'V2', 'V3']);
		expect(output.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});
});

describe('Chaport › Visitor › Get Many (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 45, pageSize: 20 });
	});
	afterAll(async () => await sandbox.close());

	it('returns every visitor across three pages with Return All', async () => {
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: { resource: 'visitor', operation: 'getAll', returnAll: true, simplify: false },
		});
		expect(output).toHaveLength(45);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(45);
		expect(
			sandbox.requests
				.filter((r) => r.path.startsWith('/api/v1/visitors'))
				.map((r) => r.query.page),
		).toEqual(['1', '2', '3']);
	});

	it('returns at most 10 flat fields per visitor when simplified', async () => {
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: { resource: 'visitor', operation: 'getAll', returnAll: false, limit: 25 },
		});
		expect(output).toHaveLength(25);
		for (const { json } of output) {
			expect(Object.keys(json).length).toBeLessThanOrEqual(10);
			expect(
				Object.values(json).every((value) => value === null || typeof value !== 'object'),
			).toBe(true);
		}
	});
});
