import nock from 'nock';

import type { Sandbox } from '../../../../sandbox';
import { startSandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';

const locator = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Chaport › Visitor › Delete', () => {
	afterEach(() => nock.cleanAll());

	it('sends DELETE /visitors/{id} and outputs { deleted: true } even for an empty body', async () => {
		const id = '6630c1d2e3f4a5b6c7d8e9f0';
		const scope = nock('https://chaport.test').delete(`/api/v1/visitors/${id}`).reply(204);
		const { output } = await runNode({
			credentials: chaportCredentials('https://chaport.test/api/v1', 'token'),
			parameters: { resource: 'visitor', operation: 'delete', visitorId: locator(id) },
		});
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual([{ deleted: true }]);
	});

	describe('against the sandbox', () => {
		let sandbox: Sandbox;
		beforeAll(async () => {
			sandbox = await startSandbox({ port: 0 });
		});
		afterAll(async () => await sandbox.close());

		it('removes the visitor, and a second delete is a 404 naming the visitor', async () => {
			const credentials = chaportCredentials(sandbox.baseUrl, sandbox.token);
			const id = sandbox.state.visitors[3].id;
			const first = await runNode({
				credentials,
				parameters: { resource: 'visitor', operation: 'delete', visitorId: locator(id) },
			});
			expect(first.output[0].json).toEqual({ deleted: true });
			expect(sandbox.state.visitors.some((visitor) => visitor.id === id)).toBe(false);

			const second = await runNode({
				credentials,
				parameters: { resource: 'visitor', operation: 'delete', visitorId: locator(id) },
			});
			expect(second.error?.httpCode).toBe('404');
			expect(second.error?.message).toContain(`visitor "${id}"`);
		});

		it('routes a failing item to the error output and carries on with the others', async () => {
			const credentials = chaportCredentials(sandbox.baseUrl, sandbox.token);
			const good = sandbox.state.visitors[5].id;
			const { output, errorOutput, status } = await runNode({
				credentials,
				onError: 'continueErrorOutput',
				input: [{ id: 'nope/..' }, { id: good }],
				parameters: {
					resource: 'visitor',
					operation: 'delete',
					visitorId: locator('={{ $json.id }}'),
				},
			});
			expect(status).toBe('success');
			expect(output).toEqual([{ json: { deleted: true }, pairedItem: { item: 1 } }]);
			expect(errorOutput).toHaveLength(1);
			expect(errorOutput[0].pairedItem).toEqual({ item: 0 });
			expect(String(errorOutput[0].json.error)).toContain('Chaport has no visitor "nope/.."');
		});
	});
});
