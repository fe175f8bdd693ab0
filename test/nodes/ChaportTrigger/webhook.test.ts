// webhook(): what a delivery from Chaport turns into. The sandbox plays Chaport (visitors write,
// operators answer) and POSTs its payloads to a local receiver that hands them to the trigger.
import type { IDataObject } from 'n8n-workflow';

import {
	deliveriesRemembered,
	forgetDeliveriesSeenInProcess,
	triggerPolicy,
} from '../../../nodes/ChaportTrigger/state';
import { startSandbox } from '../../../sandbox';
import type { Sandbox } from '../../../sandbox';
import type { TriggerHarness } from '../../harness';
import { testClock, virtualNow } from '../../harness';
import type { Receiver } from './helpers';
import {
	queryOf,
	SECRET_PARAM,
	sandboxCredentials,
	startReceiver,
	subscriptionsOf,
	triggerParameters,
} from './helpers';

describe('Chaport Trigger › deliveries (sandbox)', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	let workflowCounter = 0;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(async () => {
		sandbox.reset();
		receiver = await startReceiver();
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await receiver.close();
	});

	/** A published trigger (a fresh workflow each time, so no state leaks between tests). */
	async function activeTrigger(
		events: string[],
		options: IDataObject = {},
		extra: { isTest?: boolean; staticData?: IDataObject; workflowId?: string } = {},
	): Promise<TriggerHarness> {
		const trigger = receiver.harness({
			parameters: triggerParameters(events, options),
			credentials: sandboxCredentials(sandbox),
			workflowId: extra.workflowId ?? `wf-deliveries-${++workflowCounter}`,
			isTest: extra.isTest,
			staticData: extra.staticData,
		});
		await trigger.activate();
		return trigger;
	}

	const repeats = () => sandbox.state.options.alternatives.deliveryRepeats;

	const secretOf = (trigger: TriggerHarness, event: string) =>
		queryOf(subscriptionsOf(sandbox, trigger).find((s) => s.event === event)!.targetUrl)[
			SECRET_PARAM
		];

	it('a delivery with the right secret starts a run with the normalised item and the raw body', async () => {
		await activeTrigger(['chat.started', 'chat.newEvent.visitorMessage']);
		const { visitorId, chatId } = await sandbox.control.startChat({
			text: 'Do you ship to Austria?',
		});

		const runs = receiver.runs();
		expect(runs.map((r) => r.item.event)).toEqual(['chat.started', 'chat.newEvent.visitorMessage']);
		const [started, message] = runs;
		expect(started.item).toEqual({
			event: 'chat.started',
			visitorId,
			chatId,
			eventId: null,
			raw: started.body,
		});
		const messageEvent = sandbox.state.findChat(visitorId, chatId)!.events[0];
		expect(message.item).toMatchObject({
			event: 'chat.newEvent.visitorMessage',
			visitorId,
			chatId,
			eventId: messageEvent.id,
		});
		expect(message.item.raw).toEqual(message.body);
		// No enrichment asked: n8n answers (200) itself and nothing else was requested from Chaport.
		expect(started.result).not.toHaveProperty('noWebhookResponse');
		expect(started.status).toBe(200);
		expect(sandbox.requests.filter((r) => r.path.startsWith('/api/v1/visitors'))).toHaveLength(0);
		// Each delivery once, or more often with the sandbox's deliveryRepeats switch.
		expect(sandbox.deliveries.map((d) => d.status)).toEqual(Array(2 * repeats()).fill(200));
	});

	it("takes the event from the subscription the secret belongs to, not from the body's event field", async () => {
		const trigger = await activeTrigger(['chat.started', 'chat.finished']);
		const body = {
			event: 'chat.finished',
			link: '/api/v1/visitors/6630c1d2e3f4a5b6c7d8e9f0/chats/1042',
		};
		const { result } = await trigger.receive({
			body,
			query: { [SECRET_PARAM]: secretOf(trigger, 'chat.started') },
		});
		expect(result.workflowData![0][0].json).toMatchObject({
			event: 'chat.started',
			// Parsed from `link` when there are no extras.
			visitorId: '6630c1d2e3f4a5b6c7d8e9f0',
			chatId: 1042,
		});
	});

	it('adds the visitor, the chat and the transcript (messages only) when asked, after answering Chaport', async () => {
		const operator = sandbox.state.operators[1];
		await activeTrigger(['chat.newEvent.operatorMessage'], {
			includeVisitor: true,
			includeChat: true,
			includeTranscript: true,
		});
		const { visitorId, chatId } = await sandbox.control.startChat({ text: 'Hello?', name: 'Ada' });
		sandbox.state.findChat(visitorId, chatId)!.events.push({
			id: 'page-event-1',
			type: 'page-opened',
			createdAt: new Date().toISOString(),
			params: { url: 'https://shop.example.org/x' },
		});
		await sandbox.control.operatorReply(visitorId, operator.id, 'Hi Ada!');

		const [run] = receiver.runs();
		expect(run.item.visitor).toMatchObject({ id: visitorId, name: 'Ada' });
		expect(run.item.chat).toMatchObject({ id: chatId });
		// The same shape as Message › Get Many's Transcript output (one builder for both).
		const transcript = run.item.transcript as IDataObject;
		expect((transcript.messages as IDataObject[]).map((m) => [m.role, m.name, m.text])).toEqual([
			['visitor', 'Visitor', 'Hello?'],
			['operator', operator.name, 'Hi Ada!'],
		]);
		expect(String(transcript.text).split('\n')).toEqual([
			expect.stringMatching(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] Visitor: Hello\?$/),
			expect.stringMatching(new RegExp(`\\] ${operator.name}: Hi Ada!$`)),
		]);
		expect((transcript.events as IDataObject[]).map((e) => e.type)).toEqual([
			'visitor-message',
			'operator-message',
		]);
		expect(run.item).not.toHaveProperty('enrichmentError');
		// The 200 went out before the enrichment; n8n must not answer a second time.
		expect(run.result).toMatchObject({ noWebhookResponse: true });
		expect(run.status).toBe(200);
	});

	it('refuses a missing or wrong secret with 401 and starts no run', async () => {
		const trigger = await activeTrigger(['chat.started']);
		const body = {
			event: 'chat.started',
			extras: { visitorId: '6630c1d2e3f4a5b6c7d8e9f0', chatId: 7 },
		};

		const missing = await trigger.receive({ body, query: {} });
		expect(missing.response).toMatchObject({ status: 401, ended: true });
		expect(missing.result).toEqual({ noWebhookResponse: true });

		const wrong = await trigger.receive({ body, query: { [SECRET_PARAM]: 'f'.repeat(64) } });
		expect(wrong.response.status).toBe(401);
		expect(wrong.result.workflowData).toBeUndefined();

		const truncated = await trigger.receive({
			body,
			query: { [SECRET_PARAM]: secretOf(trigger, 'chat.started').slice(0, 63) },
		});
		expect(truncated.response.status).toBe(401);

		// End to end: a subscription whose URL lost its secret gets 401 from the trigger.
		const [subscription] = subscriptionsOf(sandbox, trigger);
		subscription.targetUrl = trigger.webhookUrl();
		await sandbox.control.startChat();
		expect(sandbox.deliveries.map((d) => d.status)).toEqual(Array(repeats()).fill(401));
		expect(receiver.runs()).toHaveLength(0);
	});

	it('with Verify Secret off, accepts a delivery without the secret', async () => {
		const single = await activeTrigger(['chat.finished'], { verifySecret: false });
		const body = { extras: { visitorId: '6630c1d2e3f4a5b6c7d8e9f0', chatId: 7 } };
		const { result } = await single.receive({ body, query: {} });
		expect(result.workflowData![0][0].json).toMatchObject({ event: 'chat.finished', chatId: 7 });

		// Several events and no secret: the body's event field is all there is to go on.
		const several = await activeTrigger(['chat.started', 'chat.finished'], { verifySecret: false });
		const named = await several.receive({ body: { ...body, event: 'chat.started' }, query: {} });
		expect(named.result.workflowData![0][0].json).toMatchObject({ event: 'chat.started' });
		const notSelected = await several.receive({
			body: {
				...body,
				extras: { ...body.extras, chatId: 8 },
				event: 'chat.newEvent.visitorMessage',
			},
			query: {},
		});
		expect(notSelected.result).toEqual({});
	});

	it('with Verify Secret off, the event the body names wins over a single selected event', async () => {
		const trigger = await activeTrigger(['chat.finished'], { verifySecret: false });
		const body = { extras: { visitorId: '6630c1d2e3f4a5b6c7d8e9f0', chatId: 17 } };
		const other = await trigger.receive({ body: { ...body, event: 'chat.started' }, query: {} });
		expect(other.result).toEqual({});
		const named = await trigger.receive({ body: { ...body, event: 'chat.finished' }, query: {} });
		expect(named.result.workflowData![0][0].json).toMatchObject({ event: 'chat.finished' });
	});

	it.each([
		[
			'a list',
			[{ extras: { visitorId: '6630c1d2e3f4a5b6c7d8e9f0', chatId: 1 } }],
			/not a JSON object/,
		],
		['a string', 'visitor wrote', /not a JSON object/],
		['a link with broken %-encoding', { link: '/api/v1/visitors/%E0%A4%A/chats/3' }, /%-encoding/],
		[
			'a visitor ID of ".."',
			{ extras: { visitorId: '..', chatId: 3 } },
			/visitor ID cannot be "\.\."/,
		],
		[
			'a chat event ID of "."',
			{ link: '/api/v1/visitors/abc/chats/3/events/.' },
			/chat event ID cannot be "\."/,
		],
	])('answers %s with HTTP 400 and starts no run', async (_label, body, reason) => {
		const trigger = await activeTrigger(['chat.newEvent.visitorMessage']);
		const query = { [SECRET_PARAM]: secretOf(trigger, 'chat.newEvent.visitorMessage') };
		const requestsBefore = sandbox.requests.length;
		const { result, response } = await trigger.receive({ body, query });
		expect(response.status).toBe(400);
		expect(String(response.body)).toMatch(reason);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(sandbox.requests).toHaveLength(requestsBefore);
	});

	it('refuses a malformed delivery without the secret with 401, not 400', async () => {
		const trigger = await activeTrigger(['chat.started']);
		const { response } = await trigger.receive({ body: 'garbage', query: {} });
		expect(response.status).toBe(401);
	});

	it('ignores deliveries of a subscription kept for an event that is no longer selected', async () => {
		const staticData: IDataObject = {};
		const before = await activeTrigger(
			['chat.started', 'chat.finished'],
			{},
			{ staticData, workflowId: 'wf-kept' },
		);
		const finishedSecret = secretOf(before, 'chat.finished');
		const after = receiver.harness({
			parameters: triggerParameters(['chat.started']),
			credentials: sandboxCredentials(sandbox),
			workflowId: 'wf-kept',
			staticData,
		});
		const { result, response } = await after.receive({
			body: { extras: { visitorId: '6630c1d2e3f4a5b6c7d8e9f0', chatId: 9 } },
			query: { [SECRET_PARAM]: finishedSecret },
		});
		expect(response.status).toBeUndefined();
		expect(result).toEqual({});
	});

	it('starts one run for repeated deliveries of the same event, and prunes its memory by age', async () => {
		const trigger = await activeTrigger(['chat.newEvent.visitorMessage']);
		const { visitorId } = await sandbox.control.startChat({ text: 'first' });
		const [delivery] = sandbox.deliveries;
		const query = queryOf(delivery.targetUrl);

		const again = await trigger.receive({ body: delivery.body, query });
		expect(again.result).toEqual({});
		expect(again.response.status).toBeUndefined(); // n8n answers 200 itself
		// Same chat, another message: a different delivery.
		await sandbox.control.visitorMessage(visitorId, 'second');
		expect(receiver.runs().map((r) => r.item.eventId)).toHaveLength(2);

		testClock().advance(triggerPolicy.duplicateWindowMs + 1000);
		const later = await trigger.receive({ body: delivery.body, query });
		expect(later.result.workflowData).toBeDefined();
	});

	it("catches a duplicate that arrives before n8n has saved the first run's static data", async () => {
		const trigger = await activeTrigger(['chat.finished']);
		const query = { [SECRET_PARAM]: secretOf(trigger, 'chat.finished') };
		const body = { extras: { visitorId: '6630c1d2e3f4a5b6c7d8e9f0', chatId: 77 } };
		// n8n hands each concurrent request the static data as last saved: a copy without the first.
		const savedBefore = JSON.stringify(trigger.staticData);
		const concurrent = receiver.harness({
			parameters: triggerParameters(['chat.finished']),
			credentials: sandboxCredentials(sandbox),
			workflowId: trigger.workflow.id,
			staticData: JSON.parse(savedBefore) as IDataObject,
		});
		const first = await trigger.receive({ body, query });
		const second = await concurrent.receive({ body, query });
		expect(first.result.workflowData).toBeDefined();
		expect(second.result).toEqual({});
		expect(second.response.status).toBeUndefined(); // not refused: recognised as a repeat

		// A restarted n8n has only the static data to go by.
		forgetDeliveriesSeenInProcess();
		const afterRestart = receiver.harness({
			parameters: triggerParameters(['chat.finished']),
			credentials: sandboxCredentials(sandbox),
			workflowId: trigger.workflow.id,
			staticData: JSON.parse(savedBefore) as IDataObject,
		});
		const third = await afterRestart.receive({ body, query });
		expect(third.result.workflowData).toBeDefined();
	});

	it('writes nothing per delivery into static data, and its memory stays bounded', async () => {
		const trigger = await activeTrigger(['chat.finished']);
		const query = { [SECRET_PARAM]: secretOf(trigger, 'chat.finished') };
		const before = JSON.stringify(trigger.staticData);
		const savedMax = triggerPolicy.duplicateMaxEntries;
		forgetDeliveriesSeenInProcess();
		triggerPolicy.duplicateMaxEntries = 3;
		try {
			for (const chatId of [1, 2, 3, 4]) {
				const { result } = await trigger.receive({
					body: { extras: { visitorId: '6630c1d2e3f4a5b6c7d8e9f0', chatId } },
					query,
				});
				expect(result.workflowData).toBeDefined();
			}
			expect(deliveriesRemembered()).toBe(3);
			expect(JSON.stringify(trigger.staticData)).toBe(before);
			// The newest are remembered, the oldest was dropped.
			const repeat = async (chatId: number) =>
				await trigger.receive({
					body: { extras: { visitorId: '6630c1d2e3f4a5b6c7d8e9f0', chatId } },
					query,
				});
			expect((await repeat(4)).result).toEqual({});
			expect((await repeat(1)).result.workflowData).toBeDefined();
		} finally {
			triggerPolicy.duplicateMaxEntries = savedMax;
		}
	});

	it('drops the delivery memory earlier versions kept in static data', async () => {
		const staticData: IDataObject = {
			'node:Chaport Trigger': { recentDeliveries: { 'chat.started|a|1||x': 1 } },
		};
		const trigger = await activeTrigger(['chat.started'], {}, { staticData });
		expect(trigger.nodeStaticData()).not.toHaveProperty('recentDeliveries');
	});

	it('without an event ID, tells different messages of one chat apart by their body', async () => {
		const trigger = await activeTrigger(['chat.newEvent.visitorMessage']);
		const query = { [SECRET_PARAM]: secretOf(trigger, 'chat.newEvent.visitorMessage') };
		const delivery = (text: string) => ({
			link: '/api/v1/visitors/6630c1d2e3f4a5b6c7d8e9f0/chats/5',
			extras: { visitorId: '6630c1d2e3f4a5b6c7d8e9f0', chatId: 5 },
			chatEvent: { type: 'visitor-message', params: { text } },
		});
		const first = await trigger.receive({ body: delivery('Hello'), query });
		const second = await trigger.receive({ body: delivery('Are you there?'), query });
		const again = await trigger.receive({ body: delivery('Hello'), query });
		expect(first.result.workflowData).toBeDefined();
		expect(second.result.workflowData).toBeDefined();
		expect(again.result).toEqual({});
	});

	it('the same delivery to two workflows starts a run in each', async () => {
		const one = await activeTrigger(['chat.finished']);
		const two = await activeTrigger(['chat.finished']);
		const body = { extras: { visitorId: '6630c1d2e3f4a5b6c7d8e9f0', chatId: 31 } };
		const a = await one.receive({
			body,
			query: { [SECRET_PARAM]: secretOf(one, 'chat.finished') },
		});
		const b = await two.receive({
			body,
			query: { [SECRET_PARAM]: secretOf(two, 'chat.finished') },
		});
		expect(a.result.workflowData).toBeDefined();
		expect(b.result.workflowData).toBeDefined();
	});

	it("ignores the ignored operator's own messages (reading the event to see who sent it) but not others'", async () => {
		const [, bot, human] = sandbox.state.operators;
		await activeTrigger(['chat.newEvent.operatorMessage', 'chat.newEvent.visitorMessage'], {
			ignoreOperatorId: { __rl: true, mode: 'id', value: bot.id },
		});
		const { visitorId } = await sandbox.control.startChat({ text: 'Hi' });
		const bots = await sandbox.control.operatorReply(visitorId, bot.id, 'Automatic answer');
		await sandbox.control.operatorReply(visitorId, human.id, 'A human here');

		expect(receiver.runs().map((r) => r.item.event)).toEqual([
			'chat.newEvent.visitorMessage',
			'chat.newEvent.operatorMessage',
		]);
		expect(receiver.runs()[1].item.eventId).not.toBe(bots.eventId);
		// The delivery names the event in `extras` or (without extras) only in its link.
		const ignored = receiver.calls.find((c) =>
			String(c.body.link).endsWith(`/events/${encodeURIComponent(bots.eventId)}`),
		)!;
		expect(ignored.result).toEqual({});
		expect(
			sandbox.requests.some(
				(r) => r.method === 'GET' && r.path.endsWith(`/events/${encodeURIComponent(bots.eventId)}`),
			),
		).toBe(true);
	});

	it('uses the sender named in the payload without reading the event', async () => {
		const operatorId = sandbox.state.operators[1].id;
		const trigger = await activeTrigger(['chat.newEvent.operatorMessage'], {
			ignoreOperatorId: operatorId,
		});
		const query = { [SECRET_PARAM]: secretOf(trigger, 'chat.newEvent.operatorMessage') };
		const { result } = await trigger.receive({
			body: {
				extras: { visitorId: '6630c1d2e3f4a5b6c7d8e9f0', chatId: 3, eventId: 'e1', operatorId },
			},
			query,
		});
		expect(result).toEqual({});
		expect(sandbox.requests.filter((r) => r.path.includes('/visitors/'))).toEqual([]);
	});

	it('still emits the event, with the reason, when enrichment fails', async () => {
		await activeTrigger(['chat.finished'], { includeVisitor: true, includeChat: true });
		const { visitorId, chatId } = await sandbox.control.startChat({ text: 'bye' });
		sandbox.faults.add({
			method: 'GET',
			path: `/visitors/${visitorId}`,
			type: 'status',
			status: 403,
		});
		await sandbox.control.finishChat(visitorId);

		const [run] = receiver.runs();
		expect(run.item).toMatchObject({ event: 'chat.finished', visitorId, chatId });
		expect(run.item.chat).toMatchObject({ id: chatId });
		expect(run.item).not.toHaveProperty('visitor');
		expect(run.item.enrichmentError).toMatch(
			/^Could not fetch the visitor: Chaport does not allow this action/,
		);
	});

	it('test and production URLs receive their own deliveries side by side', async () => {
		const staticData: IDataObject = {};
		const production = await activeTrigger(
			['chat.started'],
			{},
			{ staticData, workflowId: 'wf-both' },
		);
		const test = await activeTrigger(
			['chat.started'],
			{},
			{ staticData, workflowId: 'wf-both', isTest: true },
		);
		await sandbox.control.startChat();

		const runs = receiver.runs();
		expect(runs.map((r) => r.path).sort()).toEqual(
			[new URL(production.webhookUrl()).pathname, new URL(test.webhookUrl()).pathname].sort(),
		);
		expect(runs.every((r) => r.item.event === 'chat.started')).toBe(true);
	});
});

describe('Chaport Trigger › transcript of a chat that just started (sandbox with a lagging first message)', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;

	beforeAll(async () => {
		// The sandbox hides the first message on the same virtual clock the trigger waits on.
		sandbox = await startSandbox({ port: 0, firstMessageDelayMs: 400, now: virtualNow });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(async () => {
		sandbox.reset();
		receiver = await startReceiver();
	});
	afterEach(async () => await receiver.close());

	const eventListReads = () =>
		sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/events'));

	it('waits for the first visitor message when it appears during the wait', async () => {
		const trigger = receiver.harness({
			parameters: triggerParameters(['chat.started'], {
				includeTranscript: true,
				transcriptWaitSeconds: 10,
			}),
			credentials: sandboxCredentials(sandbox),
			workflowId: 'wf-lag-1',
		});
		await trigger.activate();
		const startedAt = testClock().now();
		await sandbox.control.startChat({ text: 'Is anyone there?' });

		const [run] = receiver.runs();
		expect(
			((run.item.transcript as IDataObject).messages as IDataObject[]).map((m) => m.text),
		).toEqual(['Is anyone there?']);
		expect(eventListReads().length).toBeGreaterThan(1);
		// Polled every 2 s of (virtual) time until the message showed, well within the 10 s.
		const waited = testClock().now() - startedAt;
		expect(waited).toBeGreaterThanOrEqual(400);
		expect(waited).toBeLessThan(10_000);
		expect(testClock().waits).toEqual([2000]);
		expect(run.item).not.toHaveProperty('enrichmentError');
	});

	it('yields what exists (no failure) when no message appears within the wait', async () => {
		const trigger = receiver.harness({
			parameters: triggerParameters(['chat.started'], {
				includeTranscript: true,
				transcriptWaitSeconds: 0.3,
			}),
			credentials: sandboxCredentials(sandbox),
			workflowId: 'wf-lag-2',
		});
		await trigger.activate();
		const { visitorId, chatId } = await sandbox.control.startChat();

		const [run] = receiver.runs();
		expect(run.item).toMatchObject({
			event: 'chat.started',
			visitorId,
			chatId,
			transcript: { text: '', messages: [], events: [] },
		});
		expect(run.item).not.toHaveProperty('enrichmentError');
		// Read at once, then again when the 0.3 s were up.
		expect(testClock().waits).toEqual([300]);
		expect(eventListReads()).toHaveLength(2);
	});

	it('does not wait at all when the wait is 0', async () => {
		const trigger = receiver.harness({
			parameters: triggerParameters(['chat.started'], {
				includeTranscript: true,
				transcriptWaitSeconds: 0,
			}),
			credentials: sandboxCredentials(sandbox),
			workflowId: 'wf-lag-3',
		});
		await trigger.activate();
		await sandbox.control.startChat({ text: 'not visible yet' });
		expect(receiver.runs()[0].item.transcript).toEqual({ text: '', messages: [], events: [] });
		expect(eventListReads()).toHaveLength(1);
	});
});
