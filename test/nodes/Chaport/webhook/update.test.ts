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

const updateParameters = (
	updateFields: Record<string, unknown>,
	subscriptionId = SUBSCRIPTION_ID,
) => webhookParameters('update', { subscriptionId, updateFields });

describe('Chaport › Webhook › Update (HTTP contract)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('sends PUT /events/subscriptions/{id} with only the fields to change', async () => {
		const scope = nock(BASE, {
			reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		})
			.put(`/api/v1/events/subscriptions/${SUBSCRIPTION_ID}`, (body) => {
				expect(body).toEqual({ essential: false });
				return true;
			})
			.query({})
			.reply(200, { result: subscriptionFixture({ essential: false }) });
		const { status, output } = await runNode({
			credentials,
			parameters: updateParameters({ essential: false }),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{ json: subscriptionFixture({ essential: false }), pairedItem: { item: 0 } },
		]);
	});

	it('sends target URL, event and essential together', async () => {
		const fields = {
			targetUrl: 'https://new.example.com/hook',
			event: 'chat.finished',
			essential: true,
		};
		const scope = nock(BASE)
			.put(`/api/v1/events/subscriptions/${SUBSCRIPTION_ID}`, fields)
			.reply(200, { result: subscriptionFixture(fields) });
		await runNode({ credentials, parameters: updateParameters(fields) });
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['nothing to change', {}, undefined, /^'Update Fields' has no field to change \[item 0\]$/],
		[
			'a target URL without http(s)',
			{ targetUrl: '={{ $json.v }}' },
			'mailto:x@example.com',
			/^'Target URL' must be an http/,
		],
		[
			'an event that is no event name',
			{ event: '={{ $json.v }}' },
			'*',
			/^'Event' is not a Chaport event name/,
		],
	])('refuses %s before any request', async (_case, fields, value, message) => {
		const seen = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ v: value }],
			parameters: updateParameters(fields),
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(seen).toEqual([]);
	});

	it('refuses a subscription ID that would change the path, before any request', async () => {
		const seen = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ id: '..' }],
			parameters: updateParameters({ essential: true }, '={{ $json.id }}'),
		});
		expect(error?.message).toMatch(/^'Subscription ID' cannot be "\.\."/);
		expect(seen).toEqual([]);
	});
});

describe('Chaport › Webhook › Update (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('changes only the given fields, as a later Get shows', async () => {
		const sandboxCredentials = chaportCredentials(sandbox.baseUrl, sandbox.token);
		sandbox.state.subscriptions.push(storedSubscription());
		const updated = await runNode({
			credentials: sandboxCredentials,
			parameters: updateParameters({ event: 'chat.newEvent.operatorMessage' }),
		});
		expect(updated.output[0].json).toEqual(
			subscriptionFixture({ event: 'chat.newEvent.operatorMessage' }),
		);
		const fetched = await runNode({
			credentials: sandboxCredentials,
			parameters: webhookParameters('get', { subscriptionId: SUBSCRIPTION_ID }),
		});
		expect(fetched.output[0].json).toEqual(
			subscriptionFixture({ event: 'chat.newEvent.operatorMessage' }),
		);
	});

	it('reports an unknown subscription as a 404 naming it', async () => {
		const { error } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: updateParameters({ essential: false }),
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain(`webhook subscription "${SUBSCRIPTION_ID}"`);
	});
});
