import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { startSandbox, type Sandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import { trapRequests } from '../../../helpers/requests';

const BASE = 'https://chaport.test';
const TOKEN = 'message-get-many-token';
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';
const OPERATOR_ID = '5f2b7c9e1a4d3e0012ab34cd';
const UNKNOWN_OPERATOR_ID = '5f2b7c9e1a4d3e0012ab34ff';
const EVENTS_PATH = `/api/v1/visitors/${VISITOR_ID}/chats/1042/events`;

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const EVENTS = [
	{
		id: 'e1',
		type: 'trigger-message',
		createdAt: '2024-05-06T06:54:00.000Z',
		params: { text: 'Need help?' },
	},
	{
		id: 'e2',
		type: 'visitor-message',
		createdAt: '2024-05-06T06:54:02.410Z',
		params: { text: 'Hi, do you ship to Austria?' },
	},
	{
		id: 'e3',
		type: 'page-opened',
		createdAt: '2024-05-06T06:54:10.000Z',
		params: { url: 'https://shop.example.org/shipping' },
	},
	{
		id: 'e4',
		type: 'brand-new-type',
		createdAt: '2024-05-06T06:54:20.000Z',
		params: { anything: true },
	},
	{
		id: 'e5',
		type: 'operator-message',
		createdAt: '2024-05-06T06:54:40.007Z',
		params: { text: 'Yes, 3-5 days.', operatorId: OPERATOR_ID },
	},
	{
		id: 'e6',
		type: 'bot-message',
		createdAt: '2024-05-06T06:55:00.000Z',
		params: { text: 'Rate this chat?' },
	},
	{
		id: 'e7',
		type: 'operator-message',
		createdAt: '2024-05-06T06:56:00.000Z',
		params: { text: 'Anything else?', operatorId: UNKNOWN_OPERATOR_ID },
	},
];

describe('Chaport › Message › Get Many', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);
	const parameters = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'message',
		operation: 'getAll',
		visitorId: rl(VISITOR_ID),
		chatId: '1042',
		returnAll: true,
		...extra,
	});

	it('sends GET …/chats/{chatId}/events and passes every event through, unknown types included', async () => {
		const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.get(EVENTS_PATH)
			.query({})
			.reply(200, { result: EVENTS });
		const { status, output } = await runNode({ credentials, parameters: parameters() });
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual(
			EVENTS.map((event) => ({ visitorId: VISITOR_ID, chatId: 1042, ...event })),
		);
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('keeps only the chosen event types', async () => {
		nock(BASE).get(EVENTS_PATH).reply(200, { result: EVENTS });
		const { output } = await runNode({
			credentials,
			parameters: parameters({ options: { eventTypes: ['visitor-message', 'operator-message'] } }),
		});
		expect(output.map((item) => item.json.id)).toEqual(['e2', 'e5', 'e7']);
	});

	it('stops at the Limit', async () => {
		nock(BASE).get(EVENTS_PATH).reply(200, { result: EVENTS });
		const { output } = await runNode({
			credentials,
			parameters: parameters({ returnAll: false, limit: 2 }),
		});
		expect(output.map((item) => item.json.id)).toEqual(['e1', 'e2']);
	});

	it('outputs one transcript item with operator names looked up once per execution', async () => {
		const operators = nock(BASE)
			.get('/api/v1/operators')
			.once()
			.reply(200, { result: [{ id: OPERATOR_ID, name: 'Dana Owner', email: 'dana@example.org' }] });
		nock(BASE).get(EVENTS_PATH).times(2).reply(200, { result: EVENTS });
		const { status, output } = await runNode({
			credentials,
			input: [{}, {}],
			parameters: parameters({ output: 'transcript' }),
		});
		expect(status).toBe('success');
		expect(operators.isDone()).toBe(true);
		expect(output).toHaveLength(2);
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(output[0].json).toEqual({
			visitorId: VISITOR_ID,
			chatId: 1042,
			transcript: {
				text: [
					'[2024-05-06 06:54:00] Bot: Need help?',
					'[2024-05-06 06:54:02] Visitor: Hi, do you ship to Austria?',
					'[2024-05-06 06:54:40] Dana Owner: Yes, 3-5 days.',
					'[2024-05-06 06:55:00] Bot: Rate this chat?',
					`[2024-05-06 06:56:00] ${UNKNOWN_OPERATOR_ID}: Anything else?`,
				].join('\n'),
				messages: [
					{ role: 'bot', name: 'Bot', time: '2024-05-06T06:54:00.000Z', text: 'Need help?' },
					{
						role: 'visitor',
						name: 'Visitor',
						time: '2024-05-06T06:54:02.410Z',
						text: 'Hi, do you ship to Austria?',
					},
					{
						role: 'operator',
						name: 'Dana Owner',
						operatorId: OPERATOR_ID,
						time: '2024-05-06T06:54:40.007Z',
						text: 'Yes, 3-5 days.',
					},
					{ role: 'bot', name: 'Bot', time: '2024-05-06T06:55:00.000Z', text: 'Rate this chat?' },
					{
						role: 'operator',
						name: UNKNOWN_OPERATOR_ID,
						operatorId: UNKNOWN_OPERATOR_ID,
						time: '2024-05-06T06:56:00.000Z',
						text: 'Anything else?',
					},
				],
				// The raw message events beside the lines, non-message events left out.
				events: [EVENTS[0], EVENTS[1], EVENTS[4], EVENTS[5], EVENTS[6]],
			},
		});
	});

	it('shows operators by ID when their names cannot be loaded', async () => {
		nock(BASE)
			.get('/api/v1/operators')
			.reply(403, { error: { message: 'Forbidden' } });
		nock(BASE).get(EVENTS_PATH).reply(200, { result: EVENTS });
		const { status, output } = await runNode({
			credentials,
			parameters: parameters({
				output: 'transcript',
				options: { eventTypes: ['operator-message'] },
			}),
		});
		expect(status).toBe('success');
		expect((output[0].json.transcript as IDataObject).text).toBe(
			[
				`[2024-05-06 06:54:40] ${OPERATOR_ID}: Yes, 3-5 days.`,
				`[2024-05-06 06:56:00] ${UNKNOWN_OPERATOR_ID}: Anything else?`,
			].join('\n'),
		);
	});

	it('does not load operators for a transcript without operator messages', async () => {
		const trap = { hits: 0 };
		nock(BASE)
			.persist()
			.get('/api/v1/operators')
			.reply(() => {
				trap.hits++;
				return [200, { result: [] }];
			});
		nock(BASE)
			.get(EVENTS_PATH)
			.reply(200, { result: EVENTS.slice(0, 2) });
		const { output } = await runNode({
			credentials,
			parameters: parameters({ output: 'transcript' }),
		});
		expect(trap.hits).toBe(0);
		expect((output[0].json.transcript as IDataObject).messages).toHaveLength(2);
	});

	it.each([
		['a visitor ID that is ..', { visitorId: rl('={{ ".." }}') }, /'Visitor' cannot be "\.\."/],
		[
			'a visitor ID that is an object',
			{ visitorId: rl('={{ { a: 1 } }}') },
			/'Visitor' must be text or a number/,
		],
	])('refuses %s before any request', async (_label, extra, message) => {
		const trap = trapRequests(BASE);
		const { error } = await runNode({ credentials, parameters: parameters(extra) });
		expect(error?.message).toMatch(message);
		expect(trap.length).toBe(0);
	});

	it("takes the visitor's last chat when Chat ID is empty (a visitor alone is enough)", async () => {
		const scope = nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}/chats`)
			.reply(200, { result: { id: 1042, stage: 'engaged' } })
			.get(EVENTS_PATH)
			.reply(200, { result: EVENTS.slice(0, 2) });
		const { status, output } = await runNode({
			credentials,
			parameters: parameters({ chatId: '' }),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => [item.json.chatId, item.json.id])).toEqual([
			[1042, 'e1'],
			[1042, 'e2'],
		]);
	});

	it('says the visitor has never chatted when Chat ID is empty and there is no chat', async () => {
		nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}/chats`)
			.reply(404, { error: { message: 'Visitor has no chats' } })
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(200, { result: { id: VISITOR_ID } });
		const { error } = await runNode({ credentials, parameters: parameters({ chatId: '' }) });
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toMatch(/never chatted/);
	});

	it('maps a 404 to an error naming the chat', async () => {
		nock(BASE)
			.get(EVENTS_PATH)
			.reply(404, { error: { message: 'Chat 1042 not found' } });
		const { error } = await runNode({ credentials, parameters: parameters() });
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain(`chat 1042 of visitor "${VISITOR_ID}"`);
	});
});

describe('Chaport › Message › Get Many (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 3, eventsPerChat: 6 });
	});
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.reset());

	it('returns the events of a chat in order, and a transcript naming the operators', async () => {
		const visitor = sandbox.state.visitors[0];
		const chat = visitor.chats[0];
		const credentials = chaportCredentials(sandbox.baseUrl, sandbox.token);
		const base = {
			resource: 'message',
			operation: 'getAll',
			visitorId: rl(visitor.id),
			chatId: String(chat.id),
			returnAll: true,
		};
		const events = await runNode({ credentials, parameters: base });
		expect(events.output.map((item) => item.json.id)).toEqual(chat.events.map((e) => e.id));

		const { output } = await runNode({
			credentials,
			parameters: { ...base, output: 'transcript' },
		});
		const messages = chat.events.filter((e) => e.type.endsWith('-message'));
		expect(output).toHaveLength(1);
		const transcript = output[0].json.transcript as IDataObject;
		expect(transcript.events).toHaveLength(messages.length);
		const speakers = (transcript.messages as Array<{ name: string }>).map((m) => m.name);
		expect(speakers).toEqual(
			messages.map((e) =>
				e.type === 'visitor-message'
					? 'Visitor'
					: e.type === 'operator-message'
						? sandbox.state.findOperator(String(e.params.operatorId))?.name
						: 'Bot',
			),
		);
		expect(String(transcript.text).split('\n')).toHaveLength(messages.length);
	});
});
