import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { CHAPORT_TOOL_NODE_TYPE, chaportCredentials, runNode } from '../../../harness';
import { trapRequests } from '../../../helpers/requests';

// Message › Get Many as an AI agent sees it: the Chaport Tool variant defaults to a compact
// transcript text, bounded to the latest messages, with each message on one bounded line.

const BASE = 'https://chaport.test';
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';
const EVENTS_PATH = `/api/v1/visitors/${VISITOR_ID}/chats/1042/events`;
const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const text = (json: IDataObject) => String((json.transcript as IDataObject).text);

const visitorMessage = (n: number, text = `question ${n}`) => ({
	id: `v${n}`,
	type: 'visitor-message',
	createdAt: `2024-05-06T07:${String(n).padStart(2, '0')}:00.000Z`,
	params: { text },
});
const pageOpened = (n: number) => ({
	id: `p${n}`,
	type: 'page-opened',
	createdAt: `2024-05-06T07:${String(n).padStart(2, '0')}:30.000Z`,
	params: { url: `https://shop.example.org/${n}` },
});

describe('Chaport › Message › Get Many for AI agents', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const credentials = chaportCredentials(`${BASE}/api/v1`, 'agent-token');
	const parameters = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'message',
		operation: 'getAll',
		visitorId: rl(VISITOR_ID),
		chatId: '1042',
		...extra,
	});

	it('as a tool, gives the latest 50 messages as text lines and says how many were left out', async () => {
		const events = Array.from({ length: 55 }, (_, i) => [visitorMessage(i), pageOpened(i)]).flat();
		nock(BASE).get(EVENTS_PATH).reply(200, { result: events });
		const { status, output } = await runNode({
			credentials,
			nodeType: CHAPORT_TOOL_NODE_TYPE,
			parameters: parameters(),
		});
		expect(status).toBe('success');
		expect(output).toHaveLength(1);
		const json = output[0].json;
		expect(Object.keys(json).sort()).toEqual(
			['chatId', 'earlierMessagesLeftOut', 'transcript', 'visitorId'].sort(),
		);
		expect(json).toMatchObject({ visitorId: VISITOR_ID, chatId: 1042, earlierMessagesLeftOut: 5 });
		expect(Object.keys(json.transcript as object)).toEqual(['text']);
		const lines = text(json).split('\n');
		expect(lines).toHaveLength(51);
		expect(lines[0]).toBe('(5 earlier messages left out)');
		expect(lines[1]).toBe('[2024-05-06 07:05:00] Visitor: question 5');
		expect(lines[50]).toBe('[2024-05-06 07:54:00] Visitor: question 54');
	});

	it('as a plain node, still defaults to the events one by one', async () => {
		nock(BASE)
			.get(EVENTS_PATH)
			.reply(200, { result: [visitorMessage(1), pageOpened(1)] });
		const { output } = await runNode({ credentials, parameters: parameters({ returnAll: true }) });
		expect(output.map((item) => item.json.id)).toEqual(['v1', 'p1']);
	});

	it('keeps every message when Most Recent Messages is 0', async () => {
		const events = Array.from({ length: 60 }, (_, i) => visitorMessage(i));
		nock(BASE).get(EVENTS_PATH).reply(200, { result: events });
		const { output } = await runNode({
			credentials,
			nodeType: CHAPORT_TOOL_NODE_TYPE,
			parameters: parameters({ maxMessages: 0 }),
		});
		expect(output[0].json.earlierMessagesLeftOut).toBeUndefined();
		expect(text(output[0].json).split('\n')).toHaveLength(60);
	});

	it('puts each message on one line and cuts a wall of text', async () => {
		const wall = 'x'.repeat(1500);
		nock(BASE)
			.get(EVENTS_PATH)
			.reply(200, {
				result: [visitorMessage(1, 'first line\n\n  second line'), visitorMessage(2, wall)],
			});
		const { output } = await runNode({
			credentials,
			parameters: parameters({ output: 'text' }),
		});
		const [first, second] = text(output[0].json).split('\n');
		expect(first).toBe('[2024-05-06 07:01:00] Visitor: first line / second line');
		expect(second).toBe(
			`[2024-05-06 07:02:00] Visitor: ${'x'.repeat(1000)}… (500 more characters)`,
		);
	});

	it('bounds the Transcript output the same way', async () => {
		const events = [visitorMessage(1), pageOpened(1), visitorMessage(2), visitorMessage(3)];
		nock(BASE).get(EVENTS_PATH).reply(200, { result: events });
		const { output } = await runNode({
			credentials,
			parameters: parameters({ output: 'transcript', maxMessages: 2 }),
		});
		expect(output[0].json.earlierMessagesLeftOut).toBe(1);
		expect(text(output[0].json)).toBe(
			[
				'[2024-05-06 07:02:00] Visitor: question 2',
				'[2024-05-06 07:03:00] Visitor: question 3',
			].join('\n'),
		);
		const transcript = output[0].json.transcript as { messages: unknown[]; events: unknown[] };
		expect(transcript.messages).toHaveLength(2);
		expect(transcript.events.map((e) => (e as { id: string }).id)).toEqual(['v2', 'v3']);
	});

	it.each([[-1], [2.5]])('refuses Most Recent Messages %p before any request', async (max) => {
		const trap = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			parameters: parameters({ output: 'text', maxMessages: max }),
		});
		expect(error?.message).toMatch(/'Most Recent Messages' must be a whole number of at least 0/);
		expect(trap.length).toBe(0);
	});
});
