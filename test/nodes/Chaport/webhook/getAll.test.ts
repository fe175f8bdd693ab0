import nock from 'nock';

import type { Sandbox, Subscription } from '../../../../sandbox';
import { startSandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import {
	BASE,
	credentials,
	subscriptionFixture,
	TOKEN,
	trapRequests,
	webhookParameters,
} from './helpers';

const subscriptions = [
	subscriptionFixture({
		id: 'a'.repeat(24),
		event: 'chat.started',
		targetUrl: 'https://n8n.example.com/webhook/1',
	}),
	subscriptionFixture({
		id: 'b'.repeat(24),
		event: 'chat.finished',
		targetUrl: 'https://n8n.example.com/webhook/2',
	}),
	subscriptionFixture({
		id: 'c'.repeat(24),
		event: 'chat.started',
		targetUrl: 'https://other.example.net/hook',
	}),
	subscriptionFixture({
		id: 'd'.repeat(24),
		event: 'chat.newEvent.visitorMessage',
		targetUrl: 'https://N8N.example.com/webhook/3',
	}),
];
const idsOf = (items: Array<{ json: Record<string, unknown> }>) =>
	items.map((item) => item.json.id);

describe('Chaport › Webhook › Get Many (HTTP contract)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const listOnce = (result: unknown[]) =>
		nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.get('/api/v1/events/subscriptions')
			.query({})
			.once()
			.reply(200, { result });

	it("never shows the Chaport Trigger's secret in a targetUrl", async () => {
		const secret = 'f'.repeat(64);
		listOnce([
			subscriptionFixture({
				id: 'e'.repeat(24),
				event: 'chat.started',
				targetUrl: `https://n8n.example.com/webhook/x/webhook?n8nSecret=${secret}&keep=1`,
			}),
		]);
		const { output } = await runNode({
			credentials,
			parameters: webhookParameters('getAll', { returnAll: true }),
		});
		expect(output[0].json.targetUrl).toBe(
			'https://n8n.example.com/webhook/x/webhook?n8nSecret=REDACTED&keep=1',
		);
		expect(JSON.stringify(output)).not.toContain(secret);
	});
	it('sends one GET /events/subscriptions and returns all with Return All', async () => {
		const scope = listOnce(subscriptions);
		const { output } = await runNode({
			credentials,
			parameters: webhookParameters('getAll', { returnAll: true }),
		});
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual(subscriptions);
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('returns no items when there is no subscription', async () => {
		listOnce([]);
		const { status, output } = await runNode({
			credentials,
			parameters: webhookParameters('getAll', { returnAll: true }),
		});
		expect(status).toBe('success');
		expect(output).toEqual([]);
	});

	it('cuts the list to the Limit when it is below the count', async () => {
		listOnce(subscriptions);
		const { output } = await runNode({
			credentials,
			parameters: webhookParameters('getAll', { limit: 3 }),
		});
		expect(idsOf(output)).toEqual(idsOf(subscriptions.map((json) => ({ json }))).slice(0, 3));
	});

	it('filters by event', async () => {
		listOnce(subscriptions);
		const { output } = await runNode({
			credentials,
			parameters: webhookParameters('getAll', {
				returnAll: true,
				filters: { event: 'chat.started' },
			}),
		});
		expect(idsOf(output)).toEqual(['a'.repeat(24), 'c'.repeat(24)]);
	});

	it('filters by a case-insensitive part of the target URL, combined with the event and then the Limit', async () => {
		listOnce(subscriptions);
		const byUrl = await runNode({
			credentials,
			parameters: webhookParameters('getAll', {
				returnAll: true,
				filters: { targetUrlContains: 'n8n.EXAMPLE.com/webhook' },
			}),
		});
		expect(idsOf(byUrl.output)).toEqual(['a'.repeat(24), 'b'.repeat(24), 'd'.repeat(24)]);

		listOnce(subscriptions);
		const combined = await runNode({
			credentials,
			parameters: webhookParameters('getAll', {
				limit: 1,
				filters: { targetUrlContains: 'n8n.example.com', event: 'chat.newEvent.visitorMessage' },
			}),
		});
		expect(idsOf(combined.output)).toEqual(['d'.repeat(24)]);
	});

	it.each([
		[
			'an event filter that is no event name',
			{ filters: { event: '={{ $json.v }}' } },
			'all events',
			/^'Event' is not a Chaport event name/,
		],
		[
			'a Limit below 1',
			{ limit: '={{ $json.v }}' },
			-1,
			/^'Limit' must be a whole number of at least 1/,
		],
	])('refuses %s before any request', async (_case, override, value, message) => {
		const seen = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ v: value }],
			parameters: webhookParameters('getAll', override),
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(seen).toEqual([]);
	});
});

describe('Chaport › Webhook › Get Many (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('returns no items for a fresh account and the stored ones up to the Limit', async () => {
		const sandboxCredentials = chaportCredentials(sandbox.baseUrl, sandbox.token);
		const empty = await runNode({
			credentials: sandboxCredentials,
			parameters: webhookParameters('getAll', { returnAll: true }),
		});
		expect(empty.status).toBe('success');
		expect(empty.output).toEqual([]);

		sandbox.state.subscriptions.push(...subscriptions.map((s) => s as unknown as Subscription));
		const limited = await runNode({
			credentials: sandboxCredentials,
			parameters: webhookParameters('getAll', { limit: 2 }),
		});
		expect(limited.output.map((item) => item.json)).toEqual(subscriptions.slice(0, 2));
	});
});
