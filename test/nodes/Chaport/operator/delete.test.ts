import nock from 'nock';

import type { Sandbox } from '../../../../sandbox';
import { startSandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import { BASE, byId, credentials, OPERATOR_ID, TOKEN, trapRequests, params } from './helpers';

const deleteParameters = (operatorId: unknown) =>
	params({
		resource: 'operator',
		operation: 'delete',
		operatorId: typeof operatorId === 'string' ? byId(operatorId) : operatorId,
	});

describe('Chaport › Operator › Delete (HTTP contract)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('sends DELETE /operators/{id} and returns { deleted: true }', async () => {
		const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.delete(`/api/v1/operators/${OPERATOR_ID}`)
			.query({})
			.reply(200, { result: true });
		const { status, output } = await runNode({
			credentials,
			parameters: deleteParameters(OPERATOR_ID),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
	});

	it('accepts an empty 204 answer', async () => {
		nock(BASE).delete(`/api/v1/operators/${OPERATOR_ID}`).reply(204);
		const { output } = await runNode({ credentials, parameters: deleteParameters(OPERATOR_ID) });
		expect(output.map((item) => item.json)).toEqual([{ deleted: true }]);
	});

	it('deletes one operator per input item', async () => {
		const second = 'c'.repeat(24);
		const scope = nock(BASE)
			.delete(`/api/v1/operators/${OPERATOR_ID}`)
			.reply(200, { result: true })
			.delete(`/api/v1/operators/${second}`)
			.reply(200, { result: true });
		const { output } = await runNode({
			credentials,
			input: [{ id: OPERATOR_ID }, { id: second }],
			parameters: deleteParameters(byId('={{ $json.id }}')),
		});
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('sends an ID with a query string percent-encoded, so it cannot add a query', async () => {
		const scope = nock(BASE)
			.delete(`/api/v1/operators/${OPERATOR_ID}%3Fforce%3Dtrue`)
			.query({})
			.reply(404, { error: { message: 'Operator not found' } });
		const { error } = await runNode({
			credentials,
			input: [{ id: `${OPERATOR_ID}?force=true` }],
			parameters: deleteParameters(byId('={{ $json.id }}')),
		});
		expect(scope.isDone()).toBe(true);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.description).toContain('does not look like a Chaport operator ID');
	});

	it('refuses an ID that is "..", before any request', async () => {
		const seen = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ id: '..' }],
			parameters: deleteParameters(byId('={{ $json.id }}')),
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(/^'Operator' cannot be "\.\.".*\[item 0\]$/);
		expect(seen).toEqual([]);
	});
});

describe('Chaport › Operator › Delete (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('deletes an operator, after which Get reports a 404 for it', async () => {
		const sandboxCredentials = chaportCredentials(sandbox.baseUrl, sandbox.token);
		const victim = sandbox.state.operators[1];
		const { output } = await runNode({
			credentials: sandboxCredentials,
			parameters: deleteParameters(victim.id),
		});
		expect(output.map((item) => item.json)).toEqual([{ deleted: true }]);
		expect(sandbox.state.findOperator(victim.id)).toBeUndefined();

		const { error } = await runNode({
			credentials: sandboxCredentials,
			parameters: { resource: 'operator', operation: 'get', operatorId: byId(victim.id) },
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain(victim.id);
	});

	it("refuses to delete the account owner with a 403 NodeApiError carrying Chaport's message", async () => {
		const owner = sandbox.state.owner;
		const { status, error } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: deleteParameters(owner.id),
		});
		expect(status).toBe('error');
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toContain('The account owner cannot be deleted');
		expect(error?.description).toMatch(/account owner cannot be deleted/);
		expect(sandbox.state.findOperator(owner.id)).toBeDefined();
		expect(sandbox.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['DELETE 403']);
		expect(JSON.stringify(error)).not.toContain(sandbox.token);
	});
});
