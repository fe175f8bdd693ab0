import nock from 'nock';

import type { Sandbox } from '../../../../sandbox';
import { startSandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import {
	BASE,
	byId,
	credentials,
	OPERATOR_ID,
	operatorFixture,
	recordRetryWaits,
	TOKEN,
	trapRequests,
	params,
} from './helpers';

const getParameters = (operatorId: unknown, extra: Record<string, unknown> = {}) =>
	params({
		resource: 'operator',
		operation: 'get',
		operatorId: typeof operatorId === 'string' ? byId(operatorId) : operatorId,
		...extra,
	});

describe('Chaport › Operator › Get (HTTP contract)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('sends GET /operators/{id} with the bearer token and returns the simplified operator', async () => {
		const scope = nock(BASE, {
			reqheaders: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' },
		})
			.get(`/api/v1/operators/${OPERATOR_ID}`)
			.query({})
			.reply(200, { result: operatorFixture() });
		const { status, output } = await runNode({
			credentials,
			parameters: getParameters(OPERATOR_ID),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({
			id: OPERATOR_ID,
			name: 'Maria Lopez',
			email: 'maria@example.com',
			role: 'operator',
			jobTitle: 'Customer success',
			language: 'en',
			status: 'offline',
			chosenStatus: 'online',
			lastActivityAt: '2024-05-02T11:47:55.020Z',
			lastLoginAt: '2024-05-02T08:01:12.503Z',
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('returns the raw operator, unknown fields included, when Simplify is off', async () => {
		nock(BASE).get(`/api/v1/operators/${OPERATOR_ID}`).reply(200, { result: operatorFixture() });
		const { output } = await runNode({
			credentials,
			parameters: getParameters(OPERATOR_ID, { simplify: false }),
		});
		expect(output[0].json).toEqual(operatorFixture());
	});

	it('takes the operator picked from the list', async () => {
		const scope = nock(BASE)
			.get(`/api/v1/operators/${OPERATOR_ID}`)
			.reply(200, { result: operatorFixture() });
		const { status } = await runNode({
			credentials,
			parameters: getParameters({ __rl: true, mode: 'list', value: OPERATOR_ID }),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['a parent-folder ID', '..', /cannot be "\.\."/],
		['an absurdly long ID', 'f'.repeat(1000), /is 1000 characters long/],
		['an empty ID', '', /is empty/],
	])('refuses %s before any request', async (_case, badId, message) => {
		const seen = trapRequests(BASE);
		const { status, error } = await runNode({
			credentials,
			input: [{ operatorId: badId }],
			parameters: getParameters(byId('={{ $json.operatorId }}')),
		});
		expect(status).toBe('error');
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(/^'Operator' /);
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(seen).toEqual([]);
	});

	it('sends a non-hex ID percent-encoded, and the 404 says it does not look like an operator ID', async () => {
		const scope = nock(BASE)
			.get('/api/v1/operators/..%2Fvisitors')
			.reply(404, { error: { code: 'not_found', message: 'Operator not found' } });
		const { error } = await runNode({
			credentials,
			input: [{ operatorId: '../visitors' }],
			parameters: getParameters(byId('={{ $json.operatorId }}')),
		});
		expect(scope.isDone()).toBe(true);
		expect(error?.httpCode).toBe('404');
		expect(error?.description).toContain(
			'"../visitors" does not look like a Chaport operator ID (usually 24 hexadecimal characters)',
		);
	});

	it('maps a 404 to a NodeApiError naming the operator ID', async () => {
		nock(BASE)
			.get(`/api/v1/operators/${OPERATOR_ID}`)
			.reply(404, { error: { code: 'not_found', message: 'Operator not found' } });
		const { error } = await runNode({ credentials, parameters: getParameters(OPERATOR_ID) });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toContain('Operator not found');
		expect(error?.message).toContain(`operator "${OPERATOR_ID}"`);
		expect(error?.description).toContain(`operator "${OPERATOR_ID}"`);
		expect(error?.httpCode).toBe('404');
		expect(JSON.stringify(error)).not.toContain(TOKEN);
	});

	it('maps a 401 to an error that says to check the token and the region, without retrying', async () => {
		const recorder = recordRetryWaits();
		try {
			const scope = nock(BASE)
				.get(`/api/v1/operators/${OPERATOR_ID}`)
				.once()
				.reply(401, {
					error: { code: 'unauthorized', message: 'Missing or invalid bearer token' },
				});
			const { error } = await runNode({ credentials, parameters: getParameters(OPERATOR_ID) });
			expect(scope.isDone()).toBe(true);
			expect(error?.name).toBe('NodeApiError');
			expect(error?.httpCode).toBe('401');
			expect(error?.message).toContain('Missing or invalid bearer token');
			expect(error?.description).toMatch(/Access Token/);
			expect(error?.description).toMatch(/Region/);
			expect(recorder.waits).toEqual([]);
			expect(JSON.stringify(error)).not.toContain(TOKEN);
		} finally {
			recorder.restore();
		}
	});

	it('with Continue on Fail, puts an { error } item paired with the failing input on the main output', async () => {
		const otherId = 'aaaaaaaaaaaaaaaaaaaaaaaa';
		nock(BASE).get(`/api/v1/operators/${OPERATOR_ID}`).reply(200, { result: operatorFixture() });
		nock(BASE)
			.get(`/api/v1/operators/${otherId}`)
			.reply(404, { error: { code: 'not_found', message: 'Operator not found' } });
		const { status, output, errorOutput } = await runNode({
			credentials,
			onError: 'continueRegularOutput',
			input: [{ id: OPERATOR_ID }, { id: '..' }, { id: otherId }],
			parameters: getParameters(byId('={{ $json.id }}')),
		});
		expect(status).toBe('success');
		expect(errorOutput).toEqual([]);
		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({ json: { id: OPERATOR_ID }, pairedItem: { item: 0 } });
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(output[1].json.error).toMatch(/'Operator' cannot be "\.\.".*\[item 1\]/);
		expect(output[2].pairedItem).toEqual({ item: 2 });
		expect(output[2].json.error).toContain(`operator "${otherId}"`);
		expect(output[2].json.details).toEqual(expect.stringContaining(otherId));
		expect(JSON.stringify(output)).not.toContain(TOKEN);
	});

	it('with the error output, routes only the failing item there', async () => {
		nock(BASE).get(`/api/v1/operators/${OPERATOR_ID}`).reply(200, { result: operatorFixture() });
		const { output, errorOutput } = await runNode({
			credentials,
			onError: 'continueErrorOutput',
			input: [{ id: OPERATOR_ID }, { id: '' }],
			parameters: getParameters(byId('={{ $json.id }}')),
		});
		expect(output).toHaveLength(1);
		expect(output[0].json.id).toBe(OPERATOR_ID);
		expect(errorOutput).toHaveLength(1);
		expect(errorOutput[0].pairedItem).toEqual({ item: 1 });
		expect(errorOutput[0].json.error).toMatch(/'Operator' is empty/);
	});
});

describe('Chaport › Operator › Get (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('returns the owner as the sandbox stores them', async () => {
		const owner = sandbox.state.owner;
		const { status, output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: getParameters(owner.id, { simplify: false }),
		});
		expect(status).toBe('success');
		expect(output[0].json).toEqual({ ...owner });
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /api/v1/operators/${owner.id}`,
		]);
	});

	it('reports an unknown operator as a 404 that names it', async () => {
		const unknown = 'bbbbbbbbbbbbbbbbbbbbbbbb';
		const { error } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: getParameters(unknown),
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain(unknown);
	});

	it('reports a wrong token as a 401 that points at the token and region, without the token', async () => {
		const wrongToken = 'wrong-sandbox-token';
		const { error } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, wrongToken),
			parameters: getParameters(sandbox.state.owner.id),
		});
		// 401 by default; 403 with the sandbox's authFailureStatus switch (both allowed).
		expect(error?.httpCode).toBe(String(sandbox.state.options.alternatives.authFailureStatus));
		expect(error?.description).toMatch(/Access Token.*Region/);
		expect(JSON.stringify(error)).not.toContain(wrongToken);
	});
});
