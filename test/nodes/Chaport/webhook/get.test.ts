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

describe('Chaport › Webhook › Get (HTTP contract)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('sends GET /events/subscriptions/{id} and returns the subscription as Chaport sent it', async () => {
		const withExtra = subscriptionFixture({ futureField: 'kept' });
		const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.get(`/api/v1/events/subscriptions/${SUBSCRIPTION_ID}`)
			.query({})
			.reply(200, { result: withExtra });
		const { status, output } = await runNode({
			credentials,
			parameters: webhookParameters('get', { subscriptionId: SUBSCRIPTION_ID }),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: withExtra, pairedItem: { item: 0 } }]);
	});

	it('accepts a subscription ID that is not 24-hex, since its format is unconfirmed', async () => {
		const scope = nock(BASE)
			.get('/api/v1/events/subscriptions/sub_42-x')
			.reply(200, { result: subscriptionFixture({ id: 'sub_42-x' }) });
		const { status } = await runNode({
			credentials,
			parameters: webhookParameters('get', { subscriptionId: ' sub_42-x ' }),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['a colon', 'sub:1', 'sub%3A1'],
		['a path change', '../../visitors', '..%2F..%2Fvisitors'],
		['a query string', `${SUBSCRIPTION_ID}?x=1`, `${SUBSCRIPTION_ID}%3Fx%3D1`],
	])('sends an ID with %s percent-encoded as one segment', async (_case, id, segment) => {
		const scope = nock(BASE)
			.get(`/api/v1/events/subscriptions/${segment}`)
			.query({})
			.reply(200, { result: subscriptionFixture({ id }) });
		const { status, output } = await runNode({
			credentials,
			input: [{ id }],
			parameters: webhookParameters('get', { subscriptionId: '={{ $json.id }}' }),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output[0].json.id).toBe(id);
	});

	it.each([
		['a parent-folder ID', '..', /cannot be "\.\."/],
		['an empty ID', '', /is empty/],
		['an absurdly long ID', 's'.repeat(257), /is 257 characters long/],
	])('refuses %s before any request', async (_case, badId, message) => {
		const seen = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ id: badId }],
			parameters: webhookParameters('get', { subscriptionId: '={{ $json.id }}' }),
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(/^'Subscription ID' /);
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(seen).toEqual([]);
	});

	it('maps a 404 to an error naming the subscription ID, without the token', async () => {
		nock(BASE)
			.get(`/api/v1/events/subscriptions/${SUBSCRIPTION_ID}`)
			.reply(404, { error: { code: 'not_found', message: 'Subscription not found' } });
		const { error } = await runNode({
			credentials,
			parameters: webhookParameters('get', { subscriptionId: SUBSCRIPTION_ID }),
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toBe(
			`Chaport has no webhook subscription "${SUBSCRIPTION_ID}": Subscription not found`,
		);
		expect(error?.description).toContain(SUBSCRIPTION_ID);
		expect(JSON.stringify(error)).not.toContain(TOKEN);
	});

	it('with Continue on Fail, outputs the subscription and an { error } item, each paired', async () => {
		nock(BASE)
			.get(`/api/v1/events/subscriptions/${SUBSCRIPTION_ID}`)
			.reply(200, { result: subscriptionFixture() })
			.get('/api/v1/events/subscriptions/gone')
			.reply(404, { error: { message: 'Subscription not found' } });
		const { status, output } = await runNode({
			credentials,
			onError: 'continueRegularOutput',
			input: [{ id: 'gone' }, { id: SUBSCRIPTION_ID }],
			parameters: webhookParameters('get', { subscriptionId: '={{ $json.id }}' }),
		});
		expect(status).toBe('success');
		expect(output).toHaveLength(2);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json.error).toBe(
			'Chaport has no webhook subscription "gone": Subscription not found',
		);
		expect(output[1]).toEqual({ json: subscriptionFixture(), pairedItem: { item: 1 } });
	});
});

describe('Chaport › Webhook › Get (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('returns a stored subscription', async () => {
		sandbox.state.subscriptions.push(storedSubscription());
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: webhookParameters('get', { subscriptionId: SUBSCRIPTION_ID }),
		});
		expect(output.map((item) => item.json)).toEqual([subscriptionFixture()]);
	});
});
