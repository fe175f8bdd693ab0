import nock from 'nock';

import { startSandbox, type Sandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import { trapRequests } from '../../../helpers/requests';

const BASE = 'https://chaport.test';
const TOKEN = 'chat-get-token';
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';
const OPERATOR_ID = '5f2b7c9e1a4d3e0012ab34cd';

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

const CHAT = {
	id: 1041,
	stage: 'closed',
	missed: false,
	rating: 4,
	operators: [OPERATOR_ID],
	team: null,
	startPage: { url: 'https://shop.example.org/shipping', title: 'Shipping' },
	createdAt: '2024-05-01T10:00:00.000Z',
	unknownField: 'kept when raw',
	events: [
		{
			id: 'e1',
			type: 'visitor-message',
			createdAt: '2024-05-01T10:00:01.000Z',
			params: { text: 'Hi' },
		},
		{ id: 'e2', type: 'page-opened', createdAt: '2024-05-01T10:00:02.000Z', params: { url: '/x' } },
		{
			id: 'e3',
			type: 'operator-message',
			createdAt: '2024-05-01T10:00:03.000Z',
			params: { text: 'Hello', operatorId: OPERATOR_ID },
		},
	],
};

describe('Chaport › Chat › Get', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);

	it('sends GET /visitors/{v}/chats/{chatId} and returns the simplified chat with the visitor id', async () => {
		const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.get(`/api/v1/visitors/${VISITOR_ID}/chats/1041`)
			.query({})
			.reply(200, { result: CHAT });
		const { status, output } = await runNode({
			credentials,
			parameters: { resource: 'chat', operation: 'get', visitorId: rl(VISITOR_ID), chatId: '1041' },
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({
			id: 1041,
			visitorId: VISITOR_ID,
			stage: 'closed',
			missed: false,
			rating: 4,
			operators: [{ id: OPERATOR_ID, name: null }],
			team: null,
			startPageUrl: 'https://shop.example.org/shipping',
			createdAt: '2024-05-01T10:00:00.000Z',
			messageCount: 2,
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('returns the raw chat with its events and unknown fields when Simplify is off', async () => {
		nock(BASE).get(`/api/v1/visitors/${VISITOR_ID}/chats/1041`).reply(200, { result: CHAT });
		const { output } = await runNode({
			credentials,
			parameters: {
				resource: 'chat',
				operation: 'get',
				visitorId: rl(VISITOR_ID),
				chatId: '1041',
				simplify: false,
			},
		});
		expect(output[0].json).toEqual({ ...CHAT, visitorId: VISITOR_ID });
	});

	it.each([
		['dot-dot', '..', /'Chat ID' cannot be "\.\."/],
		['absurdly long', '1'.repeat(300), /'Chat ID' is 300 characters long/],
		['nothing', '', /'Chat ID' is empty/],
	])('refuses a chat ID that is %s, before any request', async (_label, chatId, message) => {
		const trap = trapRequests(BASE);
		const { status, error } = await runNode({
			credentials,
			input: [{ chatId }],
			parameters: {
				resource: 'chat',
				operation: 'get',
				visitorId: rl(VISITOR_ID),
				chatId: '={{ $json.chatId }}',
			},
		});
		expect(status).toBe('error');
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(trap.length).toBe(0);
	});

	it.each([
		['a word', 'abc', 'abc'],
		['zero', '0', '0'],
		['a path change', '1/../../operators', '1%2F..%2F..%2Foperators'],
	])(
		'sends a chat ID that is %s percent-encoded as one segment; the 404 points out its form',
		async (_label, chatId, segment) => {
			const scope = nock(BASE)
				.get(`/api/v1/visitors/${VISITOR_ID}/chats/${segment}`)
				.reply(404, { error: { message: 'Chat not found' } });
			const { error } = await runNode({
				credentials,
				input: [{ chatId }],
				parameters: {
					resource: 'chat',
					operation: 'get',
					visitorId: rl(VISITOR_ID),
					chatId: '={{ $json.chatId }}',
				},
			});
			expect(scope.isDone()).toBe(true);
			expect(error?.httpCode).toBe('404');
			expect(error?.description).toContain(
				`"${chatId}" does not look like a Chaport chat ID (usually a whole number)`,
			);
		},
	);

	it('sends a visitor ID that is not 24 hex characters as it is; the 404 says so', async () => {
		const scope = nock(BASE)
			.get('/api/v1/visitors/not-a-visitor/chats/1041')
			.reply(404, { error: { message: 'Visitor not found' } });
		const { status, error } = await runNode({
			credentials,
			input: [{ visitorId: 'not-a-visitor' }],
			parameters: {
				resource: 'chat',
				operation: 'get',
				visitorId: rl('={{ $json.visitorId }}'),
				chatId: '1041',
			},
		});
		expect(status).toBe('error');
		expect(scope.isDone()).toBe(true);
		expect(error?.description).toContain(
			'"not-a-visitor" does not look like a Chaport visitor ID (usually 24 hexadecimal characters)',
		);
		expect(error?.description).not.toContain('chat ID');
	});

	it('maps a 404 to an error naming the chat and the visitor', async () => {
		nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}/chats/99`)
			.reply(404, { error: { code: 'not_found', message: 'Chat 99 not found' } });
		const { error } = await runNode({
			credentials,
			parameters: { resource: 'chat', operation: 'get', visitorId: rl(VISITOR_ID), chatId: '99' },
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain('chat 99 of visitor');
		expect(error?.message).toContain(VISITOR_ID);
		expect(error?.message).toContain('Chat 99 not found');
	});
});

describe('Chaport › Chat › Get (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 3 });
	});
	afterAll(async () => await sandbox.close());

	it('returns an older chat of a visitor exactly as the sandbox holds it', async () => {
		const visitor = sandbox.state.visitors[0];
		const chat = visitor.chats[0];
		const { status, output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: {
				resource: 'chat',
				operation: 'get',
				visitorId: rl(visitor.id),
				chatId: String(chat.id),
				simplify: false,
			},
		});
		expect(status).toBe('success');
		expect(output[0].json).toMatchObject({
			id: chat.id,
			visitorId: visitor.id,
			stage: chat.stage,
			events: chat.events.map((event) => ({ id: event.id, type: event.type })),
		});
	});
});
