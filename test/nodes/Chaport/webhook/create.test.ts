import nock from 'nock';

import { WEBHOOK_EVENTS } from '../../../../nodes/shared/apiContract';
import { description as webhookDescription } from '../../../../nodes/Chaport/actions/webhook/Webhook.resource';
import type { Sandbox } from '../../../../sandbox';
import { startSandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import {
	BASE,
	credentials,
	recordRetryWaits,
	subscriptionFixture,
	TARGET_URL,
	TOKEN,
	trapRequests,
	webhookParameters,
} from './helpers';

const createParameters = (values: Record<string, unknown> = {}) =>
	webhookParameters('create', { event: 'chat.started', targetUrl: TARGET_URL, ...values });

describe('Chaport › Webhook › Create (description)', () => {
	it('offers every event of WEBHOOK_EVENTS and marks the unconfirmed ones', () => {
		const eventParameter = webhookDescription.find(
			(property) =>
				property.name === 'event' && property.displayOptions?.show?.operation?.includes('create'),
		);
		const options = (eventParameter?.options ?? []) as Array<{
			value: string;
			description: string;
		}>;
		expect(options.map((option) => option.value).sort()).toEqual(
			WEBHOOK_EVENTS.map((event) => event.value).sort(),
		);
		for (const event of WEBHOOK_EVENTS) {
			const option = options.find((candidate) => candidate.value === event.value);
			expect(option?.description.includes('(unconfirmed')).toBe(!event.confirmed);
		}
	});
});

describe('Chaport › Webhook › Create (HTTP contract)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('sends POST /events/subscriptions with target URL, event and essential true by default', async () => {
		const scope = nock(BASE, {
			reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		})
			.post('/api/v1/events/subscriptions', {
				targetUrl: TARGET_URL,
				event: 'chat.started',
				essential: true,
			})
			.query({})
			.reply(200, { result: subscriptionFixture() });
		const { status, output } = await runNode({ credentials, parameters: createParameters() });
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: subscriptionFixture(), pairedItem: { item: 0 } }]);
	});

	it('sends essential false and an event name given by an expression', async () => {
		const scope = nock(BASE)
			.post('/api/v1/events/subscriptions', {
				targetUrl: 'http://localhost:5678/webhook/x',
				event: 'chat.newEvent.botMessage',
				essential: false,
			})
			.reply(200, { result: subscriptionFixture({ event: 'chat.newEvent.botMessage' }) });
		const { status } = await runNode({
			credentials,
			input: [{ event: 'chat.newEvent.botMessage' }],
			parameters: createParameters({
				event: '={{ $json.event }}',
				targetUrl: 'http://localhost:5678/webhook/x',
				essential: false,
			}),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
	});

	it('finds the new subscription in the list when Chaport answers without an ID', async () => {
		const older = subscriptionFixture({ id: 'aaaaaaaaaaaaaaaaaaaaaaaa' });
		const other = subscriptionFixture({ id: 'bbbbbbbbbbbbbbbbbbbbbbbb', event: 'chat.finished' });
		const scope = nock(BASE)
			.post('/api/v1/events/subscriptions')
			.reply(200, { result: true })
			.get('/api/v1/events/subscriptions')
			.reply(200, { result: [older, other, subscriptionFixture()] });
		const { output } = await runNode({ credentials, parameters: createParameters() });
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual([subscriptionFixture()]);
	});

	it('outputs what was sent when Chaport neither returns nor lists the subscription', async () => {
		nock(BASE)
			.post('/api/v1/events/subscriptions')
			.reply(204)
			.get('/api/v1/events/subscriptions')
			.reply(200, { result: [] });
		const { output } = await runNode({ credentials, parameters: createParameters() });
		expect(output.map((item) => item.json)).toEqual([
			{ targetUrl: TARGET_URL, event: 'chat.started', essential: true },
		]);
	});

	it('does not repeat the request after a 503, which could subscribe twice', async () => {
		const recorder = recordRetryWaits();
		try {
			const scope = nock(BASE)
				.post('/api/v1/events/subscriptions')
				.times(2)
				.reply(503, { error: { message: 'Service unavailable' } });
			const { error } = await runNode({ credentials, parameters: createParameters() });
			expect(error?.httpCode).toBe('503');
			expect(recorder.waits).toEqual([]);
			expect(scope.pendingMocks()).toHaveLength(1);
		} finally {
			recorder.restore();
		}
	});

	it.each([
		[
			'a target URL without http(s)',
			{ targetUrl: '={{ $json.v }}' },
			'ftp://example.com/hook',
			/^'Target URL' must be an http/,
		],
		['an empty target URL', { targetUrl: '={{ $json.v }}' }, '', /^'Target URL' must be an http/],
		[
			'a target URL with spaces',
			{ targetUrl: '={{ $json.v }}' },
			'https://exa mple.com',
			/^'Target URL' must be an http/,
		],
		['an empty event', { event: '={{ $json.v }}' }, ' ', /^'Event' is empty/],
		[
			'an event that is no event name',
			{ event: '={{ $json.v }}' },
			'chat started!',
			/^'Event' is not a Chaport event name: "chat started!"/,
		],
	])('refuses %s before any request', async (_case, override, value, message) => {
		const seen = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ v: value }],
			parameters: createParameters(override),
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(seen).toEqual([]);
	});
});

describe('Chaport › Webhook › Create (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('creates a subscription that Get Many finds; after Delete, Get reports a 404', async () => {
		const sandboxCredentials = chaportCredentials(sandbox.baseUrl, sandbox.token);
		const target = 'https://hooks.example.org/chaport/finished';

		const created = await runNode({
			credentials: sandboxCredentials,
			parameters: createParameters({ event: 'chat.finished', targetUrl: target, essential: false }),
		});
		expect(created.error).toBeUndefined();
		const subscription = created.output[0].json;
		expect(subscription).toMatchObject({
			event: 'chat.finished',
			targetUrl: target,
			essential: false,
		});
		expect(sandbox.state.subscriptions.map((s) => s.id)).toEqual([subscription.id]);

		const listed = await runNode({
			credentials: sandboxCredentials,
			parameters: webhookParameters('getAll', {
				returnAll: true,
				filters: { targetUrlContains: 'HOOKS.example.org' },
			}),
		});
		expect(listed.output.map((item) => item.json)).toEqual([subscription]);

		const deleted = await runNode({
			credentials: sandboxCredentials,
			parameters: webhookParameters('delete', { subscriptionId: subscription.id }),
		});
		expect(deleted.output.map((item) => item.json)).toEqual([{ deleted: true }]);
		expect(sandbox.state.subscriptions).toEqual([]);

		const fetched = await runNode({
			credentials: sandboxCredentials,
			parameters: webhookParameters('get', { subscriptionId: subscription.id }),
		});
		expect(fetched.error?.name).toBe('NodeApiError');
		expect(fetched.error?.httpCode).toBe('404');
		expect(fetched.error?.message).toContain(`webhook subscription "${String(subscription.id)}"`);
		expect(
			sandbox.requests.map((r) => `${r.method} ${r.path.replace(String(subscription.id), ':id')}`),
		).toEqual([
			'POST /api/v1/events/subscriptions',
			// an answer without the subscription (switch subscriptionCreateResponse) is followed by a list
			...(sandbox.state.options.alternatives.subscriptionCreateResponse === 'empty'
				? ['GET /api/v1/events/subscriptions']
				: []),
			'GET /api/v1/events/subscriptions',
			'DELETE /api/v1/events/subscriptions/:id',
			'GET /api/v1/events/subscriptions/:id',
		]);
	});

	it("passes on Chaport's 400 for an event it does not know", async () => {
		const { error } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			input: [{ event: 'visitor.created' }],
			parameters: createParameters({ event: '={{ $json.event }}' }),
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe(String(sandbox.state.options.alternatives.validationStatus));
		expect(error?.message).toContain('"event" must be');
		expect(sandbox.state.subscriptions).toEqual([]);
	});
});
