// Webhook resource (Chaport event subscriptions) in the real n8n. A subscription created by the
// node points at the local sink, so a chat finished in the sandbox really arrives there.
import assert from 'node:assert/strict';

import { waitFor } from '../lib/net.mjs';
import { runChaport as run } from '../lib/workflows.mjs';

const state = {};

export const tests = [
	[
		'Create subscribes a URL to an event, and Chaport delivers to it',
		async (ctx) => {
			const targetUrl = `${ctx.sink.url}/webhook-resource`;
			const [created] = await run(ctx, 'Create Subscription', {
				resource: 'webhook',
				operation: 'create',
				event: 'chat.finished',
				targetUrl,
				essential: true,
			});
			state.id = created.id;
			const stored = (await ctx.sandbox.subscriptions()).find((s) => s.id === created.id);
			assert.deepEqual(
				{ event: stored.event, targetUrl: stored.targetUrl },
				{ event: 'chat.finished', targetUrl },
			);
			const { visitorId, chatId } = await ctx.sandbox.startChat({ text: 'bye' });
			await ctx.sandbox.finishChat(visitorId);
			const delivery = await waitFor('the delivery at the sink', () =>
				ctx.sink.on('webhook-resource').find((r) => r.body?.extras?.chatId === chatId),
			);
			assert.equal(delivery.body.extras.visitorId, visitorId);
		},
	],
	[
		'Get Many lists it (filtered by event); Get returns it',
		async (ctx) => {
			const listed = await run(ctx, 'Get Subscriptions', {
				resource: 'webhook',
				operation: 'getAll',
				filters: { event: 'chat.finished' },
			});
			assert.ok(
				listed.some((s) => s.id === state.id),
				JSON.stringify(listed),
			);
			assert.ok(listed.every((s) => s.event === 'chat.finished'));
			const [one] = await run(ctx, 'Get Subscription', {
				resource: 'webhook',
				operation: 'get',
				subscriptionId: state.id,
			});
			assert.equal(one.id, state.id);
		},
	],
	[
		'Update changes its target URL',
		async (ctx) => {
			const targetUrl = `${ctx.sink.url}/webhook-resource-moved`;
			await run(ctx, 'Update Subscription', {
				resource: 'webhook',
				operation: 'update',
				subscriptionId: state.id,
				updateFields: { targetUrl },
			});
			assert.equal(
				(await ctx.sandbox.subscriptions()).find((s) => s.id === state.id).targetUrl,
				targetUrl,
			);
		},
	],
	[
		'Delete removes it',
		async (ctx) => {
			const items = await run(ctx, 'Delete Subscription', {
				resource: 'webhook',
				operation: 'delete',
				subscriptionId: state.id,
			});
			assert.deepEqual(items, [{ deleted: true }]);
			assert.equal(
				(await ctx.sandbox.subscriptions()).some((s) => s.id === state.id),
				false,
			);
		},
	],
];
