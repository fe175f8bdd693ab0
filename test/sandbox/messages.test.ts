import { type Sandbox, startSandbox } from '../../sandbox';
import { HEX24, ISO_MS, UNKNOWN_ID, call, get } from './helpers';

describe('sandbox: POST /messages', () => {
	let sandbox: Sandbox;
	let operatorId: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 6 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => {
		sandbox.reset();
		operatorId = sandbox.state.operators[1].id;
	});

	const send = async (body: Record<string, unknown>) =>
		await call(sandbox, 'POST', '/messages', body);
	const message = (
		visitorId: string,
		text = 'Your order has shipped!',
		extra: Record<string, unknown> = {},
	) => ({
		visitorId,
		chatEvent: { type: 'operator-message', params: { text, operatorId } },
		...extra,
	});

	it('appends an operator-message to the current open chat', async () => {
		const { visitorId, chatId } = await sandbox.control.startChat({ text: 'Hi' });
		const res = await send(message(visitorId));
		expect(res.status).toBe(200);
		expect(res.body.result).toEqual({
			id: expect.stringMatching(HEX24),
			chatId,
			type: 'operator-message',
			createdAt: expect.stringMatching(ISO_MS),
			params: { text: 'Your order has shipped!', operatorId },
		});
		const chat = (await get(sandbox, `/visitors/${visitorId}/chats`)).body.result;
		expect(chat.id).toBe(chatId);
		expect(chat.stage).toBe('responded');
		expect(chat.operators).toEqual([operatorId]);
		expect(chat.events.at(-1).id).toBe(res.body.result.id);
	});

	it('starts a new chat with stage responded when the last chat is closed', async () => {
		const v = sandbox.state.visitors[0];
		v.chats[v.chats.length - 1].stage = 'closed';
		const previousIds = v.chats.map((c) => c.id);
		const maxId = Math.max(...sandbox.state.visitors.flatMap((x) => x.chats.map((c) => c.id)));
		const res = await send(message(v.id, 'Following up'));
		expect(res.status).toBe(200);
		expect(res.body.result.chatId).toBe(maxId + 1);
		const last = await get(sandbox, `/visitors/${v.id}/chats`);
		expect(last.body.result).toMatchObject({
			id: maxId + 1,
			stage: 'responded',
			operators: [operatorId],
		});
		expect(last.body.result.events).toHaveLength(1);
		expect(last.body.links.more).toEqual(
			[...previousIds].reverse().map((id) => `/api/v1/visitors/${v.id}/chats/${id}`),
		);
	});

	it('starts a first chat for a visitor who never chatted', async () => {
		const v = sandbox.state.createVisitor({ name: 'Fresh' });
		const res = await send(message(v.id));
		expect(res.status).toBe(200);
		expect(v.chats).toHaveLength(1);
		expect((await get(sandbox, `/visitors/${v.id}/chats`)).body.result.stage).toBe('responded');
	});

	it('is idempotent on a top-level externalId', async () => {
		const { visitorId } = await sandbox.control.startChat({ text: 'Hi' });
		const first = await send(message(visitorId, 'once', { externalId: 'order-42' }));
		const again = await send(message(visitorId, 'once', { externalId: 'order-42' }));
		expect(again.status).toBe(200);
		expect(again.body.result).toEqual(first.body.result);
		const other = await send(message(visitorId, 'twice', { externalId: 'order-43' }));
		expect(other.body.result.id).not.toBe(first.body.result.id);
		const noKey1 = await send(message(visitorId, 'same text'));
		const noKey2 = await send(message(visitorId, 'same text'));
		expect(noKey1.body.result.id).not.toBe(noKey2.body.result.id);
		const events = sandbox.state.lastChat(visitorId)!.events;
		expect(events.filter((e) => e.params.text === 'once')).toHaveLength(1);
		expect(events).toHaveLength(1 + 4);
	});

	it('accepts bot-message without an operatorId', async () => {
		const { visitorId } = await sandbox.control.startChat({ text: 'Hi' });
		const res = await send({
			visitorId,
			chatEvent: { type: 'bot-message', params: { text: 'Beep' } },
		});
		expect(res.status).toBe(200);
		expect(res.body.result).toMatchObject({ type: 'bot-message', params: { text: 'Beep' } });
		expect(sandbox.state.lastChat(visitorId)!.stage).toBe('initiated');
	});

	it('targets a given chatId', async () => {
		const v = sandbox.state.visitors[1];
		const older = v.chats[0];
		const res = await send(message(v.id, 'late answer', { chatId: older.id }));
		expect(res.status).toBe(200);
		expect(res.body.result.chatId).toBe(older.id);
		expect(older.events.at(-1)!.params.text).toBe('late answer');
	});

	it.each([
		[
			'no visitorId',
			(v: string, op: string) => ({
				chatEvent: { type: 'operator-message', params: { text: 'x', operatorId: op } },
			}),
			400,
		],
		['no chatEvent', (v: string) => ({ visitorId: v }), 400],
		[
			'no chatEvent.type',
			(v: string, op: string) => ({
				visitorId: v,
				chatEvent: { params: { text: 'x', operatorId: op } },
			}),
			400,
		],
		[
			'an unknown type',
			(v: string, op: string) => ({
				visitorId: v,
				chatEvent: { type: 'visitor-message', params: { text: 'x', operatorId: op } },
			}),
			400,
		],
		['no params', (v: string) => ({ visitorId: v, chatEvent: { type: 'operator-message' } }), 400],
		[
			'empty text',
			(v: string, op: string) => ({
				visitorId: v,
				chatEvent: { type: 'operator-message', params: { text: '', operatorId: op } },
			}),
			400,
		],
		[
			'blank text',
			(v: string, op: string) => ({
				visitorId: v,
				chatEvent: { type: 'operator-message', params: { text: '  ', operatorId: op } },
			}),
			400,
		],
		[
			'no operatorId',
			(v: string) => ({
				visitorId: v,
				chatEvent: { type: 'operator-message', params: { text: 'x' } },
			}),
			400,
		],
		[
			'a non-string externalId',
			(v: string, op: string) => ({
				visitorId: v,
				externalId: { a: 1 },
				chatEvent: { type: 'operator-message', params: { text: 'x', operatorId: op } },
			}),
			400,
		],
		[
			'an unknown visitor',
			(_v: string, op: string) => ({
				visitorId: UNKNOWN_ID,
				chatEvent: { type: 'operator-message', params: { text: 'x', operatorId: op } },
			}),
			404,
		],
		[
			'an unknown operator',
			(v: string) => ({
				visitorId: v,
				chatEvent: { type: 'operator-message', params: { text: 'x', operatorId: UNKNOWN_ID } },
			}),
			404,
		],
		[
			'an unknown chatId',
			(v: string, op: string) => ({
				visitorId: v,
				chatId: 1,
				chatEvent: { type: 'operator-message', params: { text: 'x', operatorId: op } },
			}),
			404,
		],
	])('rejects a message with %s', async (_label, build, status) => {
		const v = sandbox.state.visitors[2];
		const before = sandbox.state.counts();
		const res = await send(build(v.id, operatorId));
		expect(res.status).toBe(status);
		expect(res.body.error.message).toEqual(expect.any(String));
		expect(sandbox.state.counts()).toEqual(before);
	});
});
