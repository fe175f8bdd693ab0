// The transport under the faults that lose data quietly if handled loosely: stalls, 2xx answers of
// the wrong shape, truncated bodies, lists that never end or move while they are walked, and a
// DELETE whose first answer was lost.
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { paginationPolicy } from '../../../nodes/shared/transport/pagination';
import type { Sandbox, WrongShape } from '../../../sandbox';
import { startSandbox } from '../../../sandbox';
import { chaportCredentials, runNode } from '../../harness';

const getVisitor = (visitorId: string) =>
	({
		resource: 'visitor',
		operation: 'get',
		visitorId: { __rl: true, mode: 'id', value: visitorId },
		simplify: false,
	}) as INodeParameters;
const allVisitors = { resource: 'visitor', operation: 'getAll', returnAll: true, simplify: false };
const listOperators = { resource: 'operator', operation: 'getAll', returnAll: true };
const deleteVisitor = (visitorId: string) =>
	({
		resource: 'visitor',
		operation: 'delete',
		visitorId: { __rl: true, mode: 'id', value: visitorId },
	}) as INodeParameters;

describe('transport faults against the sandbox', () => {
	let sandbox: Sandbox;
	const run = async (parameters: INodeParameters, timeout?: number) =>
		await runNode({
			credentials: {
				...chaportCredentials(sandbox.baseUrl, sandbox.token),
				timeout: timeout ?? 30,
			},
			parameters,
		});
	const statuses = () => sandbox.requests.map((request) => request.status);

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('gives up on a stalled answer after the timeout and retries a GET', async () => {
		const visitor = sandbox.state.visitors[0];
		sandbox.faults.add({ path: `/visitors/${visitor.id}`, type: 'stall', times: 1 });
		// The timeout is real time (n8n's HTTP client): long enough that the retry, which the
		// sandbox answers at once, cannot time out too on a busy machine.
		const { status, output } = await run(getVisitor(visitor.id), 2);
		expect(status).toBe('success');
		expect(output[0].json.id).toBe(visitor.id);
		expect(statuses()).toEqual([0, 200]);
	});

	it('names the timeout when Chaport stays silent, after the retries', async () => {
		const visitor = sandbox.state.visitors[0];
		sandbox.faults.add({ path: `/visitors/${visitor.id}`, type: 'stall' });
		const { error } = await run(getVisitor(visitor.id), 0.2);
		expect(error?.message).toBe('Chaport did not answer within 0.2 s (ETIMEDOUT)');
		expect(error?.description).toMatch(/^Still failing after 3 retries/);
		expect(statuses()).toEqual([0, 0, 0, 0]);
	});

	it('a send without a key that stalls after it was applied is not repeated and may have been applied', async () => {
		const visitor = sandbox.state.visitors[0];
		const [owner] = sandbox.state.operators;
		sandbox.faults.add({ method: 'POST', path: '/messages', type: 'stall', when: 'after' });
		const { error } = await run(
			{
				resource: 'message',
				operation: 'send',
				visitorId: { __rl: true, mode: 'id', value: visitor.id },
				operatorId: { __rl: true, mode: 'id', value: owner.id },
				text: 'Stalled',
				options: { preventDuplicates: false },
			},
			0.2,
		);
		expect(error?.message).toBe(
			'Chaport did not answer within 0.2 s (ETIMEDOUT), so the request may have been applied',
		);
		expect(statuses()).toEqual([0]);
	});

	it.each<[WrongShape, RegExp]>([
		['empty', /empty body/],
		['no-result', /no 'result'/],
		['null-result', /null where an object belongs/],
		['list', /a list where an object belongs/],
		['text', /not valid JSON/],
	])(
		'a Get answered with a wrong shape (%s) is retried, then fails clearly',
		async (shape, problem) => {
			const visitor = sandbox.state.visitors[0];
			sandbox.faults.add({ path: `/visitors/${visitor.id}`, type: 'wrong-shape', shape });
			const { error, output } = await run(getVisitor(visitor.id));
			expect(output).toEqual([]);
			expect(error?.name).toBe('NodeApiError');
			expect(error?.message).toMatch(/^Chaport's answer could not be read: /);
			expect(error?.message).toMatch(problem);
			expect(statuses()).toEqual([200, 200, 200, 200]);
		},
	);

	it('a list answered with an object, or with nothing, fails instead of returning no items', async () => {
		for (const shape of ['object', 'no-result', 'null-result'] as WrongShape[]) {
			sandbox.reset();
			sandbox.faults.add({ path: '/operators', type: 'wrong-shape', shape });
			const { error, output } = await run(listOperators as INodeParameters);
			expect(output).toEqual([]);
			expect(error?.message).toMatch(/^Chaport's answer could not be read: /);
		}
	});

	it('Return All survives a wrong-shape page by retrying it: exactly the visitors Chaport holds', async () => {
		sandbox.faults.add({ path: '/visitors', type: 'wrong-shape', shape: 'no-result', times: 1 });
		sandbox.faults.add({ path: '/visitors', type: 'truncated', times: 1 });
		const { status, output } = await run(allVisitors as INodeParameters);
		expect(status).toBe('success');
		const ids = output.map((item) => item.json.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.sort()).toEqual(sandbox.state.visitors.map((v) => v.id).sort());
	});

	it('a DELETE whose answer was lost, repeated and then answered 404, has succeeded', async () => {
		const visitor = sandbox.state.visitors[0];
		sandbox.faults.add({
			method: 'DELETE',
			path: `/visitors/${visitor.id}`,
			type: 'status',
			status: 504,
			when: 'after',
			times: 1,
		});
		const { status, output } = await run(deleteVisitor(visitor.id));
		expect(status).toBe('success');
		expect(output[0].json).toEqual({ deleted: true });
		expect(statuses()).toEqual([504, 404]);
	});

	it('a DELETE of an unknown visitor still reports the 404', async () => {
		const { error } = await run(deleteVisitor('aaaaaaaaaaaaaaaaaaaaaaaa'));
		expect(error?.httpCode).toBe('404');
	});
});

describe('pagination against nock', () => {
	const BASE = 'https://chaport.test';
	const credentials = chaportCredentials(`${BASE}/api/v1`, 'pages-token');
	const visitor = (n: number) => ({ id: n.toString(16).padStart(24, '0'), name: `V${n}` });

	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('throws when Chaport keeps announcing a next page past the guard', async () => {
		const saved = paginationPolicy.maxPages;
		paginationPolicy.maxPages = 5;
		try {
			nock(BASE)
				.get('/api/v1/visitors')
				.query(true)
				.times(5)
				.reply(200, (uri) => {
					const page = Number(new URL(uri, BASE).searchParams.get('page'));
					return { result: [visitor(page)], links: { next: `/api/v1/visitors?page=${page + 1}` } };
				});
			const { error, output } = await runNode({
				credentials,
				parameters: allVisitors as INodeParameters,
			});
			expect(output).toEqual([]);
			expect(error?.message).toBe(
				'Chaport kept announcing another page after 5 pages; the list was not returned',
			);
		} finally {
			paginationPolicy.maxPages = saved;
		}
	});

	it('keeps a visitor that moves to the next page while the list is walked once', async () => {
		nock(BASE)
			.get('/api/v1/visitors')
			.query({ page: '1' })
			.reply(200, {
				result: [visitor(1), visitor(2)],
				links: { next: '/api/v1/visitors?page=2' },
			})
			.get('/api/v1/visitors')
			.query({ page: '2' })
			.reply(200, { result: [visitor(2), visitor(3)] });
		const { output } = await runNode({ credentials, parameters: allVisitors as INodeParameters });
		expect(output.map((item) => item.json.name)).toEqual(['V1', 'V2', 'V3']);
	});
});
