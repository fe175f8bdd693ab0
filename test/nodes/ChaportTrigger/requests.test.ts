// The exact HTTP exchanges of the trigger's lifecycle, asserted with nock.
import nock from 'nock';

import { chaportCredentials, createTriggerHarness } from '../../harness';
import {
	queryOf,
	SECRET_PARAM,
	spyOnWarnings,
	storedOf,
	triggerParameters,
	withoutQuery,
} from './helpers';

const BASE = 'https://chaport.test';
const TOKEN = 'trigger-token';
const SUBSCRIPTION_ID = '66c1d2e3f4a5b6c7d8e9f012';

describe('Chaport Trigger › lifecycle requests', () => {
	beforeAll(() => {
		nock.disableNetConnect();
	});
	afterEach(() => {
		nock.cleanAll();
		jest.restoreAllMocks();
	});
	afterAll(() => {
		nock.enableNetConnect();
	});

	const harness = (events: string[], staticData = {}) =>
		createTriggerHarness({
			parameters: triggerParameters(events),
			credentials: chaportCredentials(`${BASE}/api/v1`, TOKEN),
			staticData,
		});

	/** A trigger for Chat Started that has created its subscription (SUBSCRIPTION_ID) once. */
	async function createdForChatStarted() {
		const staticData = {};
		const first = harness(['chat.started'], staticData);
		nock(BASE)
			.post('/api/v1/events/subscriptions')
			.reply(200, (_uri, body) => ({ result: { id: SUBSCRIPTION_ID, ...(body as object) } }));
		await first.create();
		return { staticData, first };
	}

	it('POSTs { targetUrl: <webhook URL>?n8nSecret=<64 hex>, event, essential: true } with the bearer token', async () => {
		const trigger = harness(['chat.started']);
		let sent: Record<string, unknown> | undefined;
		const scope = nock(BASE, {
			reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': /application\/json/ },
		})
			.post('/api/v1/events/subscriptions', (body: Record<string, unknown>) => {
				sent = body;
				return true;
			})
			.reply(200, (_uri, body) => ({ result: { id: SUBSCRIPTION_ID, ...(body as object) } }));

		await trigger.create();

		expect(scope.isDone()).toBe(true);
		expect(Object.keys(sent!).sort()).toEqual(['essential', 'event', 'targetUrl']);
		expect(sent!.event).toBe('chat.started');
		expect(sent!.essential).toBe(true);
		const targetUrl = String(sent!.targetUrl);
		expect(withoutQuery(targetUrl)).toBe(trigger.webhookUrl());
		expect(targetUrl.startsWith(`${trigger.webhookUrl()}?${SECRET_PARAM}=`)).toBe(true);
		const secret = queryOf(targetUrl)[SECRET_PARAM];
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(storedOf(trigger)).toEqual([
			{ id: SUBSCRIPTION_ID, event: 'chat.started', targetUrl, secret },
		]);
	});

	it('does not retry a failed create (it could leave a duplicate); after a lost answer, looks for it by its secret first', async () => {
		const trigger = harness(['chat.started']);
		nock(BASE)
			.post('/api/v1/events/subscriptions')
			.reply(500, { error: { message: 'busy' } });
		nock(BASE).get('/api/v1/events/subscriptions').reply(200, { result: [] });
		await expect(trigger.create()).rejects.toMatchObject({
			message: expect.stringContaining(
				'Could not subscribe to the Chaport event "chat.started": Chaport had a server-side failure: busy',
			),
			description: expect.stringContaining('No subscription was created.'),
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a refused create (400) is not looked for', async () => {
		const trigger = harness(['chat.started']);
		nock(BASE)
			.post('/api/v1/events/subscriptions')
			.reply(400, { error: { message: 'bad event' } });
		await expect(trigger.create()).rejects.toMatchObject({
			description: expect.stringContaining('No subscription was created.'),
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('says a create may have gone through when neither its answer nor the list can be read', async () => {
		const trigger = harness(['chat.started']);
		nock(BASE)
			.post('/api/v1/events/subscriptions')
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		nock(BASE).get('/api/v1/events/subscriptions').times(4).reply(503, 'down');
		await expect(trigger.create()).rejects.toMatchObject({
			description: expect.stringContaining('may have been created'),
		});
	});

	it('falls back to listing and matching event + target URL when the create response has no id', async () => {
		const trigger = harness(['chat.finished']);
		let targetUrl = '';
		nock(BASE)
			.post('/api/v1/events/subscriptions', (body: { targetUrl: string }) => {
				targetUrl = body.targetUrl;
				return true;
			})
			.reply(200, { result: true });
		nock(BASE)
			.get('/api/v1/events/subscriptions')
			.reply(200, () => ({
				result: [
					// Same event, same webhook URL, but another secret: not the one just created.
					{
						id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
						event: 'chat.finished',
						targetUrl: `${trigger.webhookUrl()}?${SECRET_PARAM}=other`,
					},
					{ id: 'bbbbbbbbbbbbbbbbbbbbbbbb', event: 'chat.started', targetUrl },
					{ id: SUBSCRIPTION_ID, event: 'chat.finished', targetUrl },
				],
			}));

		await trigger.create();

		expect(nock.pendingMocks()).toEqual([]);
		expect(storedOf(trigger).map((s) => s.id)).toEqual([SUBSCRIPTION_ID]);
	});

	it('fails, naming the event, when the created subscription cannot be found either', async () => {
		const trigger = harness(['chat.finished']);
		nock(BASE).post('/api/v1/events/subscriptions').reply(200, {});
		nock(BASE).get('/api/v1/events/subscriptions').reply(200, { result: [] });
		await expect(trigger.create()).rejects.toThrow(
			/subscription to "chat.finished" but did not return its ID/,
		);
	});

	it('checkExists keeps a stored subscription that Chaport still lists, with one request', async () => {
		const { staticData, first } = await createdForChatStarted();
		const [stored] = storedOf(first);

		nock(BASE)
			.get('/api/v1/events/subscriptions')
			.reply(200, {
				result: [{ id: SUBSCRIPTION_ID, event: 'chat.started', targetUrl: stored.targetUrl }],
			});
		const again = harness(['chat.started'], staticData);
		expect(await again.checkExists()).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
		expect(storedOf(again)).toEqual([stored]);
	});

	it('checkExists drops a stored subscription that now points elsewhere, without deleting it', async () => {
		const { staticData } = await createdForChatStarted();

		nock(BASE)
			.get('/api/v1/events/subscriptions')
			.reply(200, {
				result: [
					{
						id: SUBSCRIPTION_ID,
						event: 'chat.started',
						targetUrl: 'https://elsewhere.example.org/hook',
					},
				],
			});
		const again = harness(['chat.started'], staticData);
		expect(await again.checkExists()).toBe(false);
		expect(storedOf(again)).toEqual([]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('delete logs a removal that failed (never silently) and keeps it to try again', async () => {
		const { first } = await createdForChatStarted();
		const warn = spyOnWarnings();

		nock(BASE)
			.delete(`/api/v1/events/subscriptions/${SUBSCRIPTION_ID}`)
			.times(4)
			.reply(500, { error: { message: 'database down' } });
		expect(await first.delete()).toBe(false);
		expect(warn).toHaveBeenCalledTimes(1);
		expect(warn.mock.calls[0][0]).toContain(
			`could not remove Chaport subscription ${SUBSCRIPTION_ID}`,
		);
		expect(warn.mock.calls[0][0]).toContain('database down');
		expect(storedOf(first).map((s) => s.id)).toEqual([SUBSCRIPTION_ID]);
	});
});
