import nock from 'nock';

import type { Sandbox } from '../../../../sandbox';
import { startSandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import {
	BASE,
	credentials,
	storedSubscription,
	subscriptionFixture,
	SUBSCRIPTION_ID,
	TOKEN,
	trapRequests,
	webhookParameters,
} from './helpers';

describe('Chaport › Webhook › Delete (HTTP contract)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('sends DELETE /events/subscriptions/{id} and returns { deleted: true }', async () => {
		const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.delete(`/api/v1/events/subscriptions/${SUBSCRIPTION_ID}`)
			.query({})
			.reply(200, { result: true });
		const { status, output } = await runNode({
			credentials,
			parameters: webhookParameters('delete', { subscriptionId: SUBSCRIPTION_ID }),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
	});

	it('accepts an empty 204 answer', async () => {
		nock(BASE).delete(`/api/v1/events/subscriptions/${SUBSCRIPTION_ID}`).reply(204);
		const { output } = await runNode({
			credentials,
			parameters: webhookParameters('delete', { subscriptionId: SUBSCRIPTION_ID }),
		});
		expect(output.map((item) => item.json)).toEqual([{ deleted: true }]);
	});

	it('reports a subscription that is already gone as a 404 naming it', async () => {
		nock(BASE)
			.delete(`/api/v1/events/subscriptions/${SUBSCRIPTION_ID}`)
			.reply(404, { error: { message: 'Subscription not found' } });
		const { error } = await runNode({
			credentials,
			parameters: webhookParameters('delete', { subscriptionId: SUBSCRIPTION_ID }),
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain(`webhook subscription "${SUBSCRIPTION_ID}"`);
	});

	it('refuses an empty subscription ID before any request', async () => {
		const seen = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ id: '   ' }],
			parameters: webhookParameters('delete', { subscriptionId: '={{ $json.id }}' }),
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe("'Subscription ID' is empty [item 0]");
		expect(seen).toEqual([]);
	});
});

describe('Chaport › Webhook › Delete (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('removes only the given subscription', async () => {
		const keep = subscriptionFixture({ id: 'e'.repeat(24) });
		sandbox.state.subscriptions.push(
			storedSubscription(),
			storedSubscription({ id: 'e'.repeat(24) }),
		);
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: webhookParameters('delete', { subscriptionId: SUBSCRIPTION_ID }),
		});
		expect(output.map((item) => item.json)).toEqual([{ deleted: true }]);
		expect(sandbox.state.subscriptions).toEqual([keep]);
	});
});
