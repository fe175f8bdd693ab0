/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { type Sandbox, startSandbox } from '../../sandbox';
import { SandboxState } from '../../sandbox/store';
import { resolveOptions, type DeliveryRecord } from '../../sandbox/types';
import { WebhookDispatcher, eventNameForType } from '../../sandbox/webhooks';
import { ISO_MS, type Receiver, call, startReceiver, subscribe } from './helpers';

describe('sandbox: webhook delivery', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 4 });
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await sandbox.close();
		await receiver.close();
	});
	beforeEach(() => {
		sandbox.reset();
		receiver.received.length = 0;
		receiver.status = 200;
	});

	const subscribeAll = async () => ({
		started: await subscribe(
			sandbox,
			'chat.started',
			`${receiver.url}/hooks/started?secret=abc&x=1`,
		),
		visitor: await subscribe(
			sandbox,
			'chat.newEvent.visitorMessage',
			`${receiver.url}/hooks/visitor`,
		),
		operator: await subscribe(
			sandbox,
			'chat.newEvent.operatorMessage',
			`${receiver.url}/hooks/operator`,
		),
		finished: await subscribe(sandbox, 'chat.finished', `${receiver.url}/hooks/finished?k=v`),
	});

	it('maps event types to chat.newEvent.<camelCase> names', () => {
		expect(eventNameForType('visitor-message')).toBe('chat.newEvent.visitorMessage');
		expect(eventNameForType('operator-message')).toBe('chat.newEvent.operatorMessage');
		expect(eventNameForType('bot-message')).toBe('chat.newEvent.botMessage');
	});

	it('startChat with text delivers chat.started then chat.newEvent.visitorMessage before resolving', async () => {
		const subs = await subscribeAll();
		const { visitorId, chatId } = await sandbox.control.startChat({
			text: 'Hi there',
			name: 'Ann',
			email: 'ann@example.org',
		});
		expect(receiver.received).toHaveLength(2);
		const [started, message] = receiver.received;
		expect(started.method).toBe('POST');
		expect(started.url).toBe('/hooks/started?secret=abc&x=1');
		expect(started.headers['content-type']).toMatch(/application\/json/);
		expect(started.body).toEqual({
			event: 'chat.started',
			link: `/api/v1/visitors/${visitorId}/chats/${chatId}`,
			extras: { visitorId, chatId },
		});
		const eventId = sandbox.state.findChat(visitorId, chatId)!.events[0].id;
		expect(message.url).toBe('/hooks/visitor');
		expect(message.body).toEqual({
			event: 'chat.newEvent.visitorMessage',
			link: `/api/v1/visitors/${visitorId}/chats/${chatId}/events/${eventId}`,
			extras: { visitorId, chatId, eventId },
		});
		expect(sandbox.deliveries).toEqual([
			{
				subscriptionId: subs.started.id,
				event: 'chat.started',
				targetUrl: subs.started.targetUrl,
				body: started.body,
				status: 200,
				at: expect.stringMatching(ISO_MS),
			},
			{
				subscriptionId: subs.visitor.id,
				event: 'chat.newEvent.visitorMessage',
				targetUrl: subs.visitor.targetUrl,
				body: message.body,
				status: 200,
				at: expect.stringMatching(ISO_MS),
			},
		]);
		const visitor = sandbox.state.findVisitor(visitorId)!;
		expect(visitor).toMatchObject({ name: 'Ann', email: 'ann@example.org' });
		expect(sandbox.state.lastChat(visitorId)!.stage).toBe('initiated');
	});

	it('startChat without text delivers only chat.started; an existing visitor gets a new chat', async () => {
		await subscribeAll();
		const visitorId = sandbox.state.visitors[0].id;
		const chatsBefore = sandbox.state.visitors[0].chats.length;
		const { chatId } = await sandbox.control.startChat({ visitorId });
		expect(receiver.received.map((r) => r.body.event)).toEqual(['chat.started']);
		expect(sandbox.state.visitors[0].chats).toHaveLength(chatsBefore + 1);
		expect(sandbox.state.lastChat(visitorId)!.id).toBe(chatId);
	});

	it('visitorMessage, operatorReply and finishChat deliver their events', async () => {
		const subs = await subscribeAll();
		const { visitorId, chatId } = await sandbox.control.startChat({});
		receiver.received.length = 0;
		sandbox.deliveries.length = 0;

		const vm = await sandbox.control.visitorMessage(visitorId, 'Where is my parcel?');
		expect(vm.chatId).toBe(chatId);
		expect(receiver.received.map((r) => r.body)).toEqual([
			{
				event: 'chat.newEvent.visitorMessage',
				link: `/api/v1/visitors/${visitorId}/chats/${chatId}/events/${vm.eventId}`,
				extras: { visitorId, chatId, eventId: vm.eventId },
			},
		]);

		const operatorId = sandbox.state.operators[1].id;
		const reply = await sandbox.control.operatorReply(visitorId, operatorId, 'On its way');
		expect(receiver.received[1].body).toEqual({
			event: 'chat.newEvent.operatorMessage',
			link: `/api/v1/visitors/${visitorId}/chats/${chatId}/events/${reply.eventId}`,
			extras: { visitorId, chatId, eventId: reply.eventId },
		});
		const chat = sandbox.state.lastChat(visitorId)!;
		expect(chat.stage).toBe('responded');
		expect(chat.operators).toEqual([operatorId]);
		expect(chat.events.at(-1)).toMatchObject({
			type: 'operator-message',
			params: { text: 'On its way', operatorId },
		});

		await sandbox.control.visitorMessage(visitorId, 'Thanks!');
		expect(chat.stage).toBe('engaged');

		const done = await sandbox.control.finishChat(visitorId);
		expect(done.chatId).toBe(chatId);
		expect(chat.stage).toBe('closed');
		expect(receiver.received.at(-1)!.url).toBe('/hooks/finished?k=v');
		expect(receiver.received.at(-1)!.body).toEqual({
			event: 'chat.finished',
			link: `/api/v1/visitors/${visitorId}/chats/${chatId}`,
			extras: { visitorId, chatId },
		});
		expect(sandbox.deliveries.map((d) => [d.event, d.subscriptionId])).toEqual([
			['chat.newEvent.visitorMessage', subs.visitor.id],
			['chat.newEvent.operatorMessage', subs.operator.id],
			['chat.newEvent.visitorMessage', subs.visitor.id],
			['chat.finished', subs.finished.id],
		]);
	});

	it('a visitor message after the chat was closed starts a new chat (chat.started first)', async () => {
		await subscribeAll();
		const { visitorId, chatId } = await sandbox.control.startChat({ text: 'one' });
		await sandbox.control.finishChat(visitorId);
		receiver.received.length = 0;
		const again = await sandbox.control.visitorMessage(visitorId, 'two');
		expect(again.chatId).toBeGreaterThan(chatId);
		expect(receiver.received.map((r) => [r.body.event, r.body.extras.chatId])).toEqual([
			['chat.started', again.chatId],
			['chat.newEvent.visitorMessage', again.chatId],
		]);
	});

	it('delivers to every matching subscription and to no other', async () => {
		const a = await subscribe(sandbox, 'chat.started', `${receiver.url}/a`);
		const b = await subscribe(sandbox, 'chat.started', `${receiver.url}/b`);
		await subscribe(sandbox, 'chat.finished', `${receiver.url}/c`);
		await sandbox.control.startChat({ text: 'hello' });
		expect(receiver.received.map((r) => r.url).sort()).toEqual(['/a', '/b']);
		expect(sandbox.deliveries.map((d) => d.subscriptionId).sort()).toEqual([a.id, b.id].sort());
	});

	it('records the receiver status and connection errors', async () => {
		receiver.status = 500;
		await subscribe(sandbox, 'chat.started', `${receiver.url}/fails`);
		const closed = http.createServer();
		await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
		const deadPort = (closed.address() as AddressInfo).port;
		await new Promise<void>((r) => closed.close(() => r()));
		await subscribe(sandbox, 'chat.started', `http://127.0.0.1:${deadPort}/gone`);
		await sandbox.control.startChat({});
		const byUrl = Object.fromEntries(sandbox.deliveries.map((d) => [d.targetUrl, d]));
		expect(byUrl[`${receiver.url}/fails`]).toMatchObject({ status: 500 });
		expect(byUrl[`${receiver.url}/fails`].error).toBeUndefined();
		expect(byUrl[`http://127.0.0.1:${deadPort}/gone`]).toMatchObject({
			status: null,
			error: expect.any(String),
		});
	});

	it('rejects control actions on unknown visitors/operators and empty text', async () => {
		const visitorId = sandbox.state.visitors[0].id;
		await expect(
			sandbox.control.visitorMessage('ffffffffffffffffffffffff', 'x'),
		).rejects.toMatchObject({ status: 404 });
		await expect(
			sandbox.control.operatorReply(visitorId, 'ffffffffffffffffffffffff', 'x'),
		).rejects.toMatchObject({
			status: 404,
		});
		await expect(sandbox.control.visitorMessage(visitorId, '')).rejects.toMatchObject({
			status: 400,
		});
		await expect(sandbox.control.finishChat('ffffffffffffffffffffffff')).rejects.toMatchObject({
			status: 404,
		});
		await expect(
			sandbox.control.startChat({ visitorId: 'ffffffffffffffffffffffff' }),
		).rejects.toMatchObject({ status: 404 });
	});

	it('REST mutations fire webhooks in the background (POST /messages, closing via PUT …/chats)', async () => {
		await subscribeAll();
		const { visitorId, chatId } = await sandbox.control.startChat({ text: 'hi' });
		receiver.received.length = 0;
		const operatorId = sandbox.state.ownerId;
		const body = {
			visitorId,
			externalId: 'ext-1',
			chatEvent: { type: 'operator-message', params: { text: 'Hello from the API', operatorId } },
		};
		const sent = await call(sandbox, 'POST', '/messages', body);
		await call(sandbox, 'POST', '/messages', body); // duplicate: no second webhook
		await call(sandbox, 'PUT', `/visitors/${visitorId}/chats`, { stage: 'closed' });
		await call(sandbox, 'PUT', `/visitors/${visitorId}/chats`, { stage: 'closed' }); // already closed
		await sandbox.control.settle();
		expect(receiver.received.map((r) => r.body)).toEqual([
			{
				event: 'chat.newEvent.operatorMessage',
				link: `/api/v1/visitors/${visitorId}/chats/${chatId}/events/${sent.body.result.id}`,
				extras: { visitorId, chatId, eventId: sent.body.result.id },
			},
			{
				event: 'chat.finished',
				link: `/api/v1/visitors/${visitorId}/chats/${chatId}`,
				extras: { visitorId, chatId },
			},
		]);

		receiver.received.length = 0;
		const reopened = await call(sandbox, 'POST', '/messages', { ...body, externalId: 'ext-2' });
		await sandbox.control.settle();
		expect(reopened.body.result.chatId).toBeGreaterThan(chatId);
		expect(receiver.received.map((r) => r.body.event)).toEqual([
			'chat.started',
			'chat.newEvent.operatorMessage',
		]);
	});

	it('reset clears deliveries', async () => {
		await subscribeAll();
		await sandbox.control.startChat({});
		expect(sandbox.deliveries.length).toBeGreaterThan(0);
		sandbox.reset();
		expect(sandbox.deliveries).toHaveLength(0);
		expect(sandbox.state.subscriptions).toHaveLength(0);
	});
});

describe('sandbox: webhook delivery timeout', () => {
	it('gives up after the timeout and records the error', async () => {
		const silent = http.createServer(() => {
			/* never answers */
		});
		await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/slow`;
		const state = new SandboxState(resolveOptions({ visitors: 0 }));
		state.subscriptions.push({
			id: 'a'.repeat(24),
			targetUrl: url,
			event: 'chat.started',
			essential: true,
			createdAt: '',
		});
		const deliveries: DeliveryRecord[] = [];
		const dispatcher = new WebhookDispatcher(state, deliveries, 200);
		// Returns (instead of hanging until the test's own timeout) with the delivery timed out.
		await dispatcher.deliver([{ event: 'chat.started', visitorId: 'b'.repeat(24), chatId: 1 }]);
		expect(deliveries).toEqual([
			expect.objectContaining({
				targetUrl: url,
				status: null,
				error: expect.stringMatching(/timed out/i),
			}),
		]);
		await new Promise<void>((r) => {
			silent.close(() => r());
			silent.closeAllConnections();
		});
	});
});
