import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { startSandbox, type Sandbox } from '../../../../sandbox';
import { chaportCredentials, runNode, testClock } from '../../../harness';
import { trapRequests } from '../../../helpers/requests';

const BASE = 'https://chaport.test';
const TOKEN = 'message-send-token';
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';
const OPERATOR_ID = '5f2b7c9e1a4d3e0012ab34cd';

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const sendParameters = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'send',
	visitorId: rl(VISITOR_ID),
	operatorId: rl(OPERATOR_ID),
	text: 'Your order has shipped!',
	...extra,
});
const createdEvent = (extra: IDataObject = {}) => ({
	id: '66b0a1c2d3e4f5a6b7c8d9f3',
	chatId: 1042,
	type: 'operator-message',
	createdAt: '2024-05-06T07:02:11.730Z',
	params: { text: 'Your order has shipped!', operatorId: OPERATOR_ID },
	...extra,
});

describe('Chaport › Message › Send', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);

	/** Runs a send against nock and returns the body Chaport received. */
	async function sentBody(
		parameters: INodeParameters,
		input?: IDataObject[],
	): Promise<Record<string, unknown>> {
		let body: Record<string, unknown> = {};
		const scope = nock(BASE)
			.post('/api/v1/messages', (sent) => {
				body = sent as Record<string, unknown>;
				return true;
			})
			.reply(200, { result: createdEvent() });
		const { status } = await runNode({ credentials, parameters, input });
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		return body;
	}

	it('sends POST /messages with the documented body and a derived idempotency key', async () => {
		let body: Record<string, unknown> = {};
		const scope = nock(BASE, {
			reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		})
			.post('/api/v1/messages', (sent) => {
				body = sent as Record<string, unknown>;
				return true;
			})
			.query({})
			.reply(200, { result: createdEvent() });
		const { status, output } = await runNode({ credentials, parameters: sendParameters() });
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(body).toEqual({
			visitorId: VISITOR_ID,
			chatEvent: {
				type: 'operator-message',
				params: { text: 'Your order has shipped!', operatorId: OPERATOR_ID },
				externalId: body.externalId,
			},
			externalId: expect.stringMatching(/^n8n-[0-9a-f]{40}$/),
		});
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({ ...createdEvent(), visitorId: VISITOR_ID });
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('derives the key from the message only: other fields and the position of the item do not matter', async () => {
		const input = [{ orderId: 'A-1', customer: { name: 'Tom', tags: ['vip'] } }];
		const first = await sentBody(sendParameters(), input);
		const otherFields = await sentBody(sendParameters(), [{ orderId: 'A-2', note: 'unrelated' }]);
		const otherText = await sentBody(sendParameters({ text: 'Your order is late.' }), input);
		const otherVisitor = await sentBody(
			sendParameters({ visitorId: rl('6630c1d2e3f4a5b6c7d8e9f1') }),
			input,
		);
		expect(otherFields.externalId).toBe(first.externalId);
		expect(otherText.externalId).not.toBe(first.externalId);
		expect(otherVisitor.externalId).not.toBe(first.externalId);
	});

	it('keeps each message its key when items are reordered or a new item comes first', async () => {
		const keysFor = async (texts: string[]) => {
			const bodies: Array<Record<string, unknown>> = [];
			nock(BASE)
				.post('/api/v1/messages', (sent) => {
					bodies.push(sent as Record<string, unknown>);
					return true;
				})
				.times(texts.length)
				.reply(200, { result: createdEvent() });
			await runNode({
				credentials,
				parameters: sendParameters({ text: '={{ $json.text }}' }),
				input: texts.map((text) => ({ text })),
			});
			const params = (body: Record<string, unknown>) =>
				(body.chatEvent as { params: { text: string } }).params.text;
			return Object.fromEntries(bodies.map((body) => [params(body), body.externalId]));
		};
		const first = await keysFor(['a', 'b', 'c']);
		const reordered = await keysFor(['c', 'a', 'b']);
		const newInFront = await keysFor(['new', 'a', 'b', 'c']);
		expect(reordered).toEqual(first);
		expect(newInFront).toMatchObject(first);
		expect(Object.values(newInFront)).toHaveLength(4);
		expect(new Set(Object.values(newInFront)).size).toBe(4);
	});

	it('gives two identical input items different keys, so both are sent', async () => {
		const bodies: Array<Record<string, unknown>> = [];
		nock(BASE)
			.post('/api/v1/messages', (sent) => {
				bodies.push(sent as Record<string, unknown>);
				return true;
			})
			.times(2)
			.reply(200, { result: createdEvent() });
		const { output } = await runNode({
			credentials,
			parameters: sendParameters(),
			input: [{ same: 1 }, { same: 1 }],
		});
		expect(output).toHaveLength(2);
		expect(bodies[0].externalId).not.toBe(bodies[1].externalId);
	});

	it('uses a custom Idempotency Key as given', async () => {
		const body = await sentBody(
			sendParameters({ options: { idempotencyKey: '={{ $json.orderId }}-shipped' } }),
			[{ orderId: 'A-1' }],
		);
		expect(body.externalId).toBe('A-1-shipped');
		expect(body.chatEvent).toMatchObject({ externalId: 'A-1-shipped' });
	});

	it('sends no key when Prevent Duplicates is off, even with a custom key', async () => {
		const body = await sentBody(
			sendParameters({ options: { preventDuplicates: false, idempotencyKey: 'ignored' } }),
		);
		expect(body).not.toHaveProperty('externalId');
		expect(body.chatEvent).not.toHaveProperty('externalId');
	});

	it('passes the Chat ID option as a number', async () => {
		const body = await sentBody(sendParameters({ options: { chatId: '1041' } }));
		expect(body.chatId).toBe(1041);
	});

	it.each([
		['the event without a chat ID', { result: createdEvent({ chatId: undefined }) }],
		['an empty object', {}],
		['no body at all', ''],
	])(
		"outputs the chat from the visitor's last chat when the answer is %s",
		async (_label, answer) => {
			const scope = nock(BASE)
				.post('/api/v1/messages')
				.reply(200, answer)
				.get(`/api/v1/visitors/${VISITOR_ID}/chats`)
				.reply(200, { result: { id: 1050, events: [] } });
			const { status, output } = await runNode({ credentials, parameters: sendParameters() });
			expect(status).toBe('success');
			expect(scope.isDone()).toBe(true);
			expect(output[0].json).toMatchObject({ visitorId: VISITOR_ID, chatId: 1050 });
		},
	);

	it('takes the chat from the answer without another request, also from a chat object', async () => {
		const scope = nock(BASE)
			.post('/api/v1/messages')
			.reply(200, { result: createdEvent({ chatId: undefined, chat: { id: '1043' } }) });
		const trap = trapRequests(BASE);
		const { output } = await runNode({ credentials, parameters: sendParameters() });
		expect(scope.isDone()).toBe(true);
		expect(trap.length).toBe(0);
		expect(output[0].json.chatId).toBe(1043);
	});

	it('uses the Chat ID asked for when the answer names none', async () => {
		nock(BASE).post('/api/v1/messages').reply(200, {});
		const trap = trapRequests(BASE);
		const { output } = await runNode({
			credentials,
			parameters: sendParameters({ options: { chatId: '1041' } }),
		});
		expect(trap.length).toBe(0);
		expect(output[0].json).toEqual({ visitorId: VISITOR_ID, chatId: 1041 });
	});

	it('does not fail a sent message when its chat cannot be read; the item says why', async () => {
		nock(BASE)
			.post('/api/v1/messages')
			.reply(200, {})
			.get(`/api/v1/visitors/${VISITOR_ID}/chats`)
			.reply(403, { error: { message: 'Not allowed' } });
		const { status, output } = await runNode({ credentials, parameters: sendParameters() });
		expect(status).toBe('success');
		expect(output[0].json.chatId).toBeNull();
		expect(output[0].json.chatIdError).toMatch(
			/^The message was sent, but its chat could not be read: .*Not allowed/,
		);
	});

	it('sends a chat ID that is not a whole number as the text it is', async () => {
		const body = await sentBody(sendParameters({ options: { chatId: 'c-7' } }));
		expect(body.chatId).toBe('c-7');
	});

	it.each([
		['empty text', { text: '   ' }, /'Text' is empty \[item 0\]/],
		['a visitor ID that is ..', { visitorId: rl('={{ ".." }}') }, /'Visitor' cannot be "\.\."/],
		[
			'an absurdly long operator ID',
			{ operatorId: rl('={{ "o".repeat(300) }}') },
			/'Sending Operator' is 300 characters long/,
		],
		['a chat ID that is .', { options: { chatId: '.' } }, /'Chat ID' cannot be "\."/],
		[
			'an idempotency key that resolved to nothing',
			{ options: { idempotencyKey: '={{ $json.missing }}' } },
			/'Idempotency Key' is empty/,
		],
		[
			'an idempotency key over 255 characters',
			{ options: { idempotencyKey: 'k'.repeat(256) } },
			/'Idempotency Key' is 256 characters long/,
		],
	])('refuses %s before any request', async (_label, extra, message) => {
		const trap = trapRequests(BASE);
		const { status, error } = await runNode({ credentials, parameters: sendParameters(extra) });
		expect(status).toBe('error');
		expect(error?.message).toMatch(message);
		expect(trap.length).toBe(0);
	});
});

describe('Chaport › Message › Send (sandbox)', () => {
	let sandbox: Sandbox;
	let waits: number[];

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 3 });
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => {
		waits = testClock().waits;
	});
	afterEach(() => {
		sandbox.reset();
	});

	const credentials = () => chaportCredentials(sandbox.baseUrl, sandbox.token);
	const visitor = () => sandbox.state.visitors[0];
	const operator = () => sandbox.state.operators[1];
	const parameters = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'message',
		operation: 'send',
		visitorId: rl(visitor().id),
		operatorId: rl(operator().id),
		text: 'Your parcel left our warehouse.',
		...extra,
	});
	const sentMessages = () =>
		visitor().chats.flatMap((chat) =>
			chat.events.filter((event) => event.params.text === 'Your parcel left our warehouse.'),
		);
	const posts = () => sandbox.requests.filter((r) => r.method === 'POST');

	it('creates ONE message when the same input runs twice', async () => {
		const input = [{ orderId: 'A-77' }];
		const first = await runNode({ credentials: credentials(), parameters: parameters(), input });
		const second = await runNode({ credentials: credentials(), parameters: parameters(), input });
		expect(first.status).toBe('success');
		expect(second.status).toBe('success');
		expect(sentMessages()).toHaveLength(1);
		expect(second.output[0].json.id).toBe(first.output[0].json.id);
		expect(posts()).toHaveLength(2);
	});

	it('creates two messages when the same input runs twice with Prevent Duplicates off', async () => {
		const noDedup = parameters({ options: { preventDuplicates: false } });
		await runNode({ credentials: credentials(), parameters: noDedup });
		await runNode({ credentials: credentials(), parameters: noDedup });
		expect(sentMessages()).toHaveLength(2);
	});

	it('retries a 503 on a send with a key and creates one message', async () => {
		sandbox.faults.add({
			method: 'POST',
			path: '/messages',
			type: 'status',
			status: 503,
			times: 1,
		});
		const { status, output } = await runNode({
			credentials: credentials(),
			parameters: parameters(),
		});
		expect(status).toBe('success');
		expect(posts().map((r) => r.status)).toEqual([503, 200]);
		expect(waits).toHaveLength(1);
		expect(sentMessages()).toHaveLength(1);
		expect(output[0].json).toMatchObject({ id: sentMessages()[0].id, visitorId: visitor().id });
	});

	it('retries a connection reset on a send with a key', async () => {
		sandbox.faults.add({ method: 'POST', path: '/messages', type: 'reset', times: 1 });
		const { status } = await runNode({ credentials: credentials(), parameters: parameters() });
		expect(status).toBe('success');
		expect(posts()).toHaveLength(2);
		expect(sentMessages()).toHaveLength(1);
	});

	it('does NOT retry a connection reset on a send without a key, and says it may have been sent', async () => {
		sandbox.faults.add({ method: 'POST', path: '/messages', type: 'reset', times: 1 });
		const { status, error } = await runNode({
			credentials: credentials(),
			parameters: parameters({ options: { preventDuplicates: false } }),
		});
		expect(status).toBe('error');
		expect(posts()).toHaveLength(1);
		expect(waits).toEqual([]);
		expect(error?.message).toBe(
			'Could not reach Chaport (ECONNRESET), so the request may have been applied',
		);
		expect(error?.description).toMatch(/may have carried it out.*not repeated/);
	});

	it('does NOT retry a 503 on a send without a key', async () => {
		sandbox.faults.add({
			method: 'POST',
			path: '/messages',
			type: 'status',
			status: 503,
			times: 1,
		});
		const { status, error } = await runNode({
			credentials: credentials(),
			parameters: parameters({ options: { preventDuplicates: false } }),
		});
		expect(status).toBe('error');
		expect(error?.httpCode).toBe('503');
		expect(posts()).toHaveLength(1);
		expect(sentMessages()).toHaveLength(0);
	});

	it('sends a message that Get Many then reads back', async () => {
		const sent = await runNode({ credentials: credentials(), parameters: parameters() });
		const { id, chatId } = sent.output[0].json;
		const { output } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'getAll',
				visitorId: rl(visitor().id),
				chatId: String(chatId),
				returnAll: true,
			},
		});
		const readBack = output.find((item) => item.json.id === id);
		expect(readBack?.json).toMatchObject({
			type: 'operator-message',
			params: { text: 'Your parcel left our warehouse.', operatorId: operator().id },
		});
	});

	it('with "Continue (using error output)", routes a bad item to the error output and sends the good ones', async () => {
		const { status, output, errorOutput } = await runNode({
			credentials: credentials(),
			onError: 'continueErrorOutput',
			input: [
				{ text: 'Your parcel left our warehouse.' },
				{ text: '' },
				{ text: 'Your parcel left our warehouse.', n: 2 },
			],
			parameters: parameters({ text: '={{ $json.text }}' }),
		});
		expect(status).toBe('success');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(errorOutput).toHaveLength(1);
		expect(errorOutput[0].json.error).toMatch(/'Text' is empty \[item 1\]/);
		expect(errorOutput[0].pairedItem).toEqual({ item: 1 });
		expect(sentMessages()).toHaveLength(2);
		expect(posts()).toHaveLength(2);
	});

	it('names the visitor or operator when Chaport answers 404', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: parameters({ operatorId: rl('aaaaaaaaaaaaaaaaaaaaaaaa') }),
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain('operator "aaaaaaaaaaaaaaaaaaaaaaaa"');
	});
});
