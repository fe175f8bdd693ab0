// Message resource in the real n8n: a visitor writes in the sandbox, the workflow reads the chat
// and answers as an operator.
import assert from 'node:assert/strict';

import { byId, runChaport as run } from '../lib/workflows.mjs';

const state = {};

async function sandboxEvents(sandbox, visitorId, chatId) {
	const res = await sandbox.api('GET', `/visitors/${visitorId}/chats/${chatId}/events`);
	assert.equal(res.status, 200, res.text);
	return res.body.result;
}

export const tests = [
	[
		"Send posts an operator message into the visitor's chat",
		async (ctx) => {
			const { visitorId, chatId } = await ctx.sandbox.startChat({
				name: 'Message Tester',
				text: 'Do you ship to Norway?',
			});
			Object.assign(state, { visitorId, chatId });
			const [sent] = await run(ctx, 'Send Message', {
				resource: 'message',
				operation: 'send',
				visitorId: byId(visitorId),
				text: 'Yes, in 3 to 5 days.',
				operatorId: byId(ctx.sandbox.ownerId),
				options: {},
			});
			const events = await sandboxEvents(ctx.sandbox, visitorId, chatId);
			const reply = events.find(
				(e) => e.type === 'operator-message' && e.params.text === 'Yes, in 3 to 5 days.',
			);
			assert.ok(reply, `no operator message in ${JSON.stringify(events)}`);
			assert.equal(reply.params.operatorId, ctx.sandbox.ownerId);
			state.replyId = reply.id;
			assert.ok(
				JSON.stringify(sent).includes(reply.id) || sent.visitorId === visitorId,
				JSON.stringify(sent),
			);
		},
	],
	[
		'Get Many returns the chat events; Transcript output gives one readable item',
		async (ctx) => {
			const base = {
				resource: 'message',
				operation: 'getAll',
				visitorId: byId(state.visitorId),
				chatId: String(state.chatId),
			};
			const events = await run(ctx, 'Get Events', {
				...base,
				output: 'events',
				returnAll: true,
				options: {},
			});
			const texts = events.filter((e) => /-message$/.test(e.type)).map((e) => e.params.text);
			assert.deepEqual(texts, ['Do you ship to Norway?', 'Yes, in 3 to 5 days.']);
			assert.ok(events.every((e) => e.visitorId === state.visitorId && e.chatId === state.chatId));
			const [transcript] = await run(ctx, 'Get Transcript', {
				...base,
				output: 'transcript',
				options: {},
			});
			assert.match(transcript.transcript.text, /Visitor: Do you ship to Norway\?/);
			assert.match(transcript.transcript.text, /Yes, in 3 to 5 days\./);
			assert.deepEqual(
				transcript.transcript.messages.map((m) => m.role),
				['visitor', 'operator'],
			);
		},
	],
	[
		'Get returns one message by its ID',
		async (ctx) => {
			const [message] = await run(ctx, 'Get Message', {
				resource: 'message',
				operation: 'get',
				visitorId: byId(state.visitorId),
				chatId: String(state.chatId),
				eventId: state.replyId,
			});
			assert.equal(message.id, state.replyId);
			assert.equal(message.params.text, 'Yes, in 3 to 5 days.');
		},
	],
	[
		'Update changes the text of a sent message',
		async (ctx) => {
			await run(ctx, 'Update Message', {
				resource: 'message',
				operation: 'update',
				visitorId: byId(state.visitorId),
				chatId: String(state.chatId),
				eventId: state.replyId,
				text: 'Yes, in 2 to 4 days.',
			});
			const events = await sandboxEvents(ctx.sandbox, state.visitorId, state.chatId);
			assert.equal(events.find((e) => e.id === state.replyId).params.text, 'Yes, in 2 to 4 days.');
		},
	],
];
