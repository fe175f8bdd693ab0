import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { startSandbox, type Sandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import { trapRequests } from '../../../helpers/requests';

const BASE = 'https://chaport.test';
const TOKEN = 'message-get-token';
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';
const EVENT_ID = '66b0a1c2d3e4f5a6b7c8d9e0';

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Chaport › Message › Get', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);
	const parameters = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'message',
		operation: 'get',
		visitorId: rl(VISITOR_ID),
		chatId: '1042',
		eventId: EVENT_ID,
		...extra,
	});

	it('sends GET …/events/{eventId} and returns the event with its visitor and chat', async () => {
		const event = { id: EVENT_ID, type: 'visitor-message', params: { text: 'Hi' }, extra: 1 };
		const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.get(`/api/v1/visitors/${VISITOR_ID}/chats/1042/events/${EVENT_ID}`)
			.query({})
			.reply(200, { result: event });
		const { status, output } = await runNode({ credentials, parameters: parameters() });
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual([
			{ visitorId: VISITOR_ID, chatId: 1042, ...event },
		]);
	});

	it.each([
		['a message ID that is ..', { eventId: '..' }, /'Message ID' cannot be "\.\."/],
		['an empty message ID', { eventId: ' ' }, /'Message ID' is empty/],
		['a chat ID that is .', { chatId: '.' }, /'Chat ID' cannot be "\."/],
		[
			'an absurdly long visitor ID',
			{ visitorId: rl('a'.repeat(257)) },
			/'Visitor' is 257 characters long/,
		],
	])('refuses %s before any request', async (_label, extra, message) => {
		const trap = trapRequests(BASE);
		const { error } = await runNode({ credentials, parameters: parameters(extra) });
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(trap.length).toBe(0);
	});

	it.each([
		['a colon', 'chat:1042:7', 'chat%3A1042%3A7'],
		['slashes and dots', '../../1041', '..%2F..%2F1041'],
		['a space, a question mark and a hash', 'a b?c#d', 'a%20b%3Fc%23d'],
		['non-ASCII letters', 'événement', '%C3%A9v%C3%A9nement'],
	])(
		'sends a message ID with %s percent-encoded as one segment',
		async (_label, eventId, segment) => {
			const event = { id: eventId, type: 'visitor-message', params: { text: 'Hi' } };
			const scope = nock(BASE)
				.get(`/api/v1/visitors/${VISITOR_ID}/chats/1042/events/${segment}`)
				.reply(200, { result: event });
			const { status, output } = await runNode({
				credentials,
				parameters: parameters({ eventId }),
			});
			expect(status).toBe('success');
			expect(scope.isDone()).toBe(true);
			expect(output[0].json).toEqual({ visitorId: VISITOR_ID, chatId: 1042, ...event });
		},
	);

	it('maps a 404 to an error naming the message', async () => {
		nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}/chats/1042/events/${EVENT_ID}`)
			.reply(404, { error: { message: 'Event not found' } });
		const { error } = await runNode({ credentials, parameters: parameters() });
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain(`message "${EVENT_ID}" in chat 1042`);
	});
});

describe('Chaport › Message › Get (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 2 });
	});
	afterAll(async () => await sandbox.close());

	it('returns the event as the sandbox holds it', async () => {
		const visitor = sandbox.state.visitors[1];
		const chat = visitor.chats[1];
		const event = chat.events[1];
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: {
				resource: 'message',
				operation: 'get',
				visitorId: rl(visitor.id),
				chatId: String(chat.id),
				eventId: event.id,
			},
		});
		expect(output[0].json).toEqual({
			visitorId: visitor.id,
			chatId: chat.id,
			id: event.id,
			type: event.type,
			createdAt: event.createdAt,
			params: event.params,
		});
	});
});
