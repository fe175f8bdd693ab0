import nock from 'nock';

import type { Sandbox } from '../../../../sandbox';
import { startSandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import { BASE, credentials, operatorFixture, TOKEN, trapRequests, params } from './helpers';

const ids = ['a', 'b', 'c', 'd'].map((letter) => letter.repeat(24));
const operators = [
	operatorFixture({ id: ids[0], role: 'admin', realStatus: 'online' }),
	operatorFixture({ id: ids[1], role: 'operator', realStatus: 'online' }),
	operatorFixture({ id: ids[2], role: 'operator', realStatus: 'offline' }),
	operatorFixture({ id: ids[3], role: 'admin', realStatus: 'invisible' }),
];

const getAllParameters = (extra: Record<string, unknown> = {}) =>
	params({
		resource: 'operator',
		operation: 'getAll',
		...extra,
	});

describe('Chaport › Operator › Get Many (HTTP contract)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const listOnce = (result: unknown[]) =>
		nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.get('/api/v1/operators')
			.query({})
			.once()
			.reply(200, { result });

	it('sends one GET /operators without query and returns every operator with Return All', async () => {
		const scope = listOnce(operators);
		const { status, output } = await runNode({
			credentials,
			parameters: getAllParameters({ returnAll: true }),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json.id)).toEqual(ids);
		expect(
			output.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
		expect(output[0].json).not.toHaveProperty('futureField');
		expect(output[0].json).toHaveProperty('status', 'online');
	});

	it('cuts the list to the Limit when it is below the count', async () => {
		listOnce(operators);
		const { output } = await runNode({ credentials, parameters: getAllParameters({ limit: 2 }) });
		expect(output.map((item) => item.json.id)).toEqual(ids.slice(0, 2));
	});

	it('applies the default Limit of 50', async () => {
		const many = Array.from({ length: 60 }, (_, i) =>
			operatorFixture({ id: i.toString(16).padStart(24, '0') }),
		);
		listOnce(many);
		const { output } = await runNode({ credentials, parameters: getAllParameters() });
		expect(output).toHaveLength(50);
	});

	it('returns no items for an account without operators', async () => {
		listOnce([]);
		const { status, output } = await runNode({
			credentials,
			parameters: getAllParameters({ returnAll: true }),
		});
		expect(status).toBe('success');
		expect(output).toEqual([]);
	});

	it('filters by role and by effective status before applying the Limit', async () => {
		listOnce(operators);
		const byRole = await runNode({
			credentials,
			parameters: getAllParameters({ limit: 1, filters: { role: 'admin' } }),
		});
		expect(byRole.output.map((item) => item.json.id)).toEqual([ids[0]]);

		listOnce(operators);
		const byStatus = await runNode({
			credentials,
			parameters: getAllParameters({
				returnAll: true,
				filters: { status: 'online', role: 'operator' },
			}),
		});
		expect(byStatus.output.map((item) => item.json.id)).toEqual([ids[1]]);
	});

	it('returns raw operators when Simplify is off', async () => {
		listOnce(operators);
		const { output } = await runNode({
			credentials,
			parameters: getAllParameters({ returnAll: true, simplify: false }),
		});
		expect(output.map((item) => item.json)).toEqual(operators);
	});

	it.each([
		[
			'an unknown status filter',
			{ filters: { status: '={{ $json.v }}' } },
			'away',
			/^'Status' must be one of online, offline, invisible, got "away"/,
		],
		[
			'an unknown role filter',
			{ filters: { role: '={{ $json.v }}' } },
			'owner',
			/^'Role' must be one of/,
		],
		[
			'a Limit of 0',
			{ limit: '={{ $json.v }}' },
			0,
			/^'Limit' must be a whole number of at least 1/,
		],
	])('refuses %s before any request', async (_case, override, value, message) => {
		const seen = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ v: value }],
			parameters: getAllParameters(override),
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(seen).toEqual([]);
	});
});

describe('Chaport › Operator › Get Many (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, operators: 7 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('returns every operator of the account with Return All', async () => {
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: getAllParameters({ returnAll: true }),
		});
		expect(output.map((item) => item.json.id)).toEqual(sandbox.state.operators.map((o) => o.id));
	});

	it('returns only the first operators when the Limit is below the count', async () => {
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: getAllParameters({ limit: 3 }),
		});
		expect(output.map((item) => item.json.id)).toEqual(
			sandbox.state.operators.slice(0, 3).map((o) => o.id),
		);
		expect(sandbox.requests).toHaveLength(1);
	});

	it('filters by role as the sandbox stores it', async () => {
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: getAllParameters({ returnAll: true, filters: { role: 'admin' } }),
		});
		const admins = sandbox.state.operators.filter((o) => o.role === 'admin').map((o) => o.id);
		expect(admins.length).toBeGreaterThan(1);
		expect(admins.length).toBeLessThan(sandbox.state.operators.length);
		expect(output.map((item) => item.json.id)).toEqual(admins);
	});
});
