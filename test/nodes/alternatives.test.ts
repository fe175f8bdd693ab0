// Answers of the Chaport API that the sandbox's 'alternative' mode does not take (a switch with
// more than two answers), or that would hide other cases if flipped together with the rest. The
// node must work under each; docs/api-assumptions.md lists them all.
import type { IDataObject } from 'n8n-workflow';

import type { Alternatives, Sandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { chaportCredentials, runNode } from '../harness';
import type { Receiver } from './ChaportTrigger/helpers';
import {
	queryOf,
	SECRET_PARAM,
	sandboxCredentials,
	startReceiver,
	subscriptionsOf,
	triggerParameters,
} from './ChaportTrigger/helpers';

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

async function withSandbox(
	alternatives: Partial<Alternatives>,
	test: (sandbox: Sandbox) => Promise<void>,
	options: { visitors?: number; chatsPerVisitor?: number } = {},
): Promise<void> {
	const sandbox = await startSandbox({ port: 0, visitors: 3, ...options, alternatives });
	try {
		await test(sandbox);
	} finally {
		await sandbox.close();
	}
}

/** Message Send of one fixed text to the visitor, as the account owner. */
const sendShippedNotice = async (sandbox: Sandbox, visitorId: string) =>
	await runNode({
		credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
		parameters: {
			resource: 'message',
			operation: 'send',
			visitorId: rl(visitorId),
			operatorId: rl(sandbox.state.ownerId),
			text: 'Your order has shipped!',
		},
	});

describe('single answers of the API (sandbox switches)', () => {
	it.each([
		['{ error: "…" }', 'string' as const],
		['plain text', 'text' as const],
	])('an error body as %s still gives Chaport’s message', async (_label, errorBody) => {
		await withSandbox({ errorBody }, async (sandbox) => {
			const { error } = await runNode({
				credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
				parameters: {
					resource: 'visitor',
					operation: 'get',
					visitorId: rl('aaaaaaaaaaaaaaaaaaaaaaaa'),
				},
			});
			expect(error?.httpCode).toBe('404');
			expect(error?.message).toBe(
				'Chaport has no visitor "aaaaaaaaaaaaaaaaaaaaaaaa": Visitor aaaaaaaaaaaaaaaaaaaaaaaa not found',
			);
		});
	});

	it('links.next "" on the last page ends the visitor list', async () => {
		await withSandbox(
			{ lastPageNext: 'empty', pageSize: 4 },
			async (sandbox) => {
				const { output } = await runNode({
					credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
					parameters: { resource: 'visitor', operation: 'getAll', returnAll: true },
				});
				expect(output).toHaveLength(10);
				expect(sandbox.requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
			},
			{ visitors: 10 },
		);
	});

	it('links.more in no particular order: Chat Get Many still returns the newest chats', async () => {
		await withSandbox(
			{ olderChatsOrder: 'shuffled' },
			async (sandbox) => {
				const visitor = sandbox.state.visitors[0];
				const { output } = await runNode({
					credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
					parameters: {
						resource: 'chat',
						operation: 'getAll',
						visitorId: rl(visitor.id),
						returnAll: false,
						limit: 3,
					},
				});
				const newest = [...visitor.chats].reverse().slice(0, 3);
				expect(output.map((item) => item.json.id)).toEqual(newest.map((chat) => chat.id));
				// the last chat, then only the two older chats the Limit keeps
				expect(sandbox.requests).toHaveLength(3);
			},
			{ chatsPerVisitor: 6 },
		);
	});

	it('an empty answer to a send: Send still outputs the chat the message went into', async () => {
		await withSandbox({ sendResponse: 'empty' }, async (sandbox) => {
			const visitor = sandbox.state.visitors[0];
			const { status, output } = await sendShippedNotice(sandbox, visitor.id);
			expect(status).toBe('success');
			expect(output[0].json).toEqual({
				visitorId: visitor.id,
				chatId: visitor.chats[visitor.chats.length - 1].id,
			});
		});
	});
});

describe('where Chaport reads the send idempotency key (sandbox switch sendKeyPosition)', () => {
	it.each(['topLevel' as const, 'chatEvent' as const])(
		'with the key read %s, a send whose answer is lost after Chaport applied it is retried and arrives once',
		async (sendKeyPosition) => {
			await withSandbox({ sendKeyPosition }, async (sandbox) => {
				const visitor = sandbox.state.visitors[0];
				sandbox.faults.add({
					method: 'POST',
					path: '/messages',
					type: 'reset',
					when: 'after',
					times: 1,
				});
				const { status } = await sendShippedNotice(sandbox, visitor.id);
				expect(status).toBe('success');
				expect(sandbox.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
				const sent = visitor.chats.flatMap((chat) =>
					chat.events.filter((event) => event.params.text === 'Your order has shipped!'),
				);
				expect(sent).toHaveLength(1);
			});
		},
	);
});

describe('a delivery that names only the visitor (sandbox switches deliveryLink and deliveryExtras)', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	beforeAll(async () => {
		sandbox = await startSandbox({
			port: 0,
			visitors: 2,
			alternatives: { deliveryLink: 'visitor', deliveryExtras: false },
		});
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(async () => {
		sandbox.reset();
		receiver = await startReceiver();
	});
	afterEach(async () => await receiver.close());

	async function activeTrigger(events: string[], options: IDataObject, workflowId: string) {
		const trigger = receiver.harness({
			parameters: triggerParameters(events, options),
			credentials: sandboxCredentials(sandbox),
			workflowId,
		});
		await trigger.activate();
		return trigger;
	}

	it("Include Chat and Include Transcript use the visitor's last chat, and the item says so", async () => {
		await activeTrigger(
			['chat.started'],
			{ includeChat: true, includeTranscript: true },
			'wf-visitor-link-1',
		);
		const { visitorId, chatId } = await sandbox.control.startChat({ text: 'Hello?' });

		const [run] = receiver.runs();
		expect(run.body.link).toBe(`/api/v1/visitors/${visitorId}/chats`);
		expect(run.body).not.toHaveProperty('extras');
		expect(run.item).toMatchObject({
			event: 'chat.started',
			visitorId,
			chatId,
			chatFallback: `The delivery named no chat, so the visitor's last chat (${chatId}) was used`,
		});
		expect(run.item).not.toHaveProperty('enrichmentError');
		expect((run.item.chat as IDataObject).id).toBe(chatId);
		expect(String((run.item.transcript as IDataObject).text)).toMatch(/Visitor: Hello\?$/);
	});

	it('without enrichment, the item keeps chatId null: only the delivery speaks', async () => {
		await activeTrigger(['chat.started'], {}, 'wf-visitor-link-2');
		const { visitorId } = await sandbox.control.startChat();
		const [run] = receiver.runs();
		expect(run.item).toMatchObject({ visitorId, chatId: null });
		expect(run.item).not.toHaveProperty('chatFallback');
	});

	it('a delivery naming ".." as the visitor is refused, with no request for it', async () => {
		const trigger = await activeTrigger(['chat.started'], { includeVisitor: true }, 'wf-dots');
		const secret = queryOf(subscriptionsOf(sandbox, trigger)[0].targetUrl)[SECRET_PARAM];
		const before = sandbox.requests.length;
		const { result, response } = await trigger.receive({
			body: { link: '/api/v1/visitors/../chats' },
			query: { [SECRET_PARAM]: secret },
		});
		expect(response.status).toBe(400);
		expect(result.workflowData).toBeUndefined();
		expect(sandbox.requests.slice(before)).toEqual([]);
	});
});
