// Chat resource in the real n8n, against chats the sandbox's visitors start.
import assert from 'node:assert/strict';

import { byId, runChaport as run } from '../lib/workflows.mjs';

async function sandboxChat(sandbox, visitorId, chatId) {
	const res = await sandbox.api('GET', `/visitors/${visitorId}/chats/${chatId}`);
	assert.equal(res.status, 200, res.text);
	return res.body.result;
}

export const tests = [
	[
		'Get Last returns the chat a visitor just started',
		async (ctx) => {
			const { visitorId, chatId } = await ctx.sandbox.startChat({
				name: 'Chat Tester',
				text: 'Where is my order?',
			});
			const [chat] = await run(ctx, 'Get Last Chat', {
				resource: 'chat',
				operation: 'getLast',
				visitorId: byId(visitorId),
			});
			assert.equal(chat.id, chatId);
			assert.equal(chat.visitorId, visitorId);
			assert.equal(chat.messageCount, 1);
		},
	],
	[
		'Get returns one chat by visitor and chat ID, raw when Simplify is off',
		async (ctx) => {
			const { visitorId, chatId } = await ctx.sandbox.startChat({ text: 'Hi' });
			const [chat] = await run(ctx, 'Get Chat', {
				resource: 'chat',
				operation: 'get',
				visitorId: byId(visitorId),
				chatId: String(chatId),
				simplify: false,
			});
			const stored = await sandboxChat(ctx.sandbox, visitorId, chatId);
			assert.equal(chat.id, chatId);
			assert.equal(chat.stage, stored.stage);
			assert.deepEqual(chat.startPage, stored.startPage);
		},
	],
	[
		'Get Many returns every chat of the visitor',
		async (ctx) => {
			const first = await ctx.sandbox.startChat({ text: 'first chat' });
			await ctx.sandbox.finishChat(first.visitorId);
			const second = await ctx.sandbox.visitorMessage(first.visitorId, 'second chat');
			assert.notEqual(second.chatId, first.chatId);
			const chats = await run(ctx, 'Get Many Chats', {
				resource: 'chat',
				operation: 'getAll',
				visitorId: byId(first.visitorId),
				returnAll: true,
			});
			assert.deepEqual(chats.map((c) => c.id).sort(), [first.chatId, second.chatId].sort());
		},
	],
	[
		'Update Last closes the chat and rates it in Chaport',
		async (ctx) => {
			const { visitorId, chatId } = await ctx.sandbox.startChat({ text: 'Thanks, solved!' });
			const [chat] = await run(ctx, 'Close Chat', {
				resource: 'chat',
				operation: 'updateLast',
				visitorId: byId(visitorId),
				updateFields: { stage: 'closed', rating: 5 },
			});
			const stored = await sandboxChat(ctx.sandbox, visitorId, chatId);
			assert.equal(stored.stage, 'closed');
			assert.equal(stored.rating, 5);
			assert.equal(chat.id ?? chat.chatId ?? chatId, chatId);
		},
	],
];
