// Chaport Trigger in the real n8n: activation registers one Chaport subscription per selected event
// at n8n's production webhook URL (with the trigger's secret in the query string), deliveries from
// the sandbox start executions, deliveries without the secret are refused, deactivation removes
// the subscriptions, and a restart with the workflow active leaves exactly one per event.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { nodeOutput } from '../lib/n8n.mjs';
import { http, waitFor } from '../lib/net.mjs';
import { CHAPORT_TRIGGER, credentialRef, sinkNode } from '../lib/workflows.mjs';

const EVENTS = ['chat.started', 'chat.finished'];
const state = {}; // shared by the tests below, which run in order

function triggerWorkflow(ctx, webhookId) {
	const trigger = {
		id: randomUUID(),
		name: 'Chaport Trigger',
		type: CHAPORT_TRIGGER,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { events: EVENTS, options: {} },
		credentials: credentialRef(ctx.credential),
	};
	const sink = { ...sinkNode('Sink', ctx.sink.url, 'trigger'), position: [240, 0] };
	return {
		name: 'e2e: Chaport Trigger',
		nodes: [trigger, sink],
		connections: { 'Chaport Trigger': { main: [[{ node: 'Sink', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** The sandbox subscriptions that point at this workflow's webhook. */
async function ours(ctx) {
	return (await ctx.sandbox.subscriptions()).filter((s) =>
		s.targetUrl.startsWith(state.productionUrl),
	);
}

// n8n 2.41 answers the public API's activate/deactivate before the trigger's create()/delete()
// have run, so the sandbox is polled.
async function registered(ctx) {
	return await waitFor('the trigger to register its subscriptions', async () => {
		const list = await ours(ctx);
		return list.length >= EVENTS.length ? list : false;
	});
}

async function gone(ctx) {
	await waitFor(
		'the trigger to remove its subscriptions',
		async () => (await ours(ctx)).length === 0,
	);
}

function assertOnePerEvent(subscriptions) {
	assert.deepEqual(
		subscriptions.map((s) => s.event).sort(),
		[...EVENTS].sort(),
		JSON.stringify(subscriptions),
	);
	for (const s of subscriptions) {
		const url = new URL(s.targetUrl);
		assert.equal(`${url.origin}${url.pathname}`, state.productionUrl);
		assert.ok(url.searchParams.get('n8nSecret'), `no n8nSecret in ${s.targetUrl}`);
	}
}

export const tests = [
	[
		'activating registers exactly one subscription per event at the production URL',
		async (ctx) => {
			const webhookId = randomUUID();
			state.productionUrl = `${ctx.n8n.url}/webhook/${webhookId}/webhook`;
			const created = await ctx.n8n.createWorkflow(triggerWorkflow(ctx, webhookId));
			state.workflowId = created.id;
			await ctx.n8n.activate(created.id);
			const subscriptions = await registered(ctx);
			assertOnePerEvent(subscriptions);
			// the secrets differ per subscription
			assert.equal(
				new Set(subscriptions.map((s) => new URL(s.targetUrl).searchParams.get('n8nSecret'))).size,
				EVENTS.length,
			);
		},
	],
	[
		'a chat started by a sandbox visitor runs the workflow with the event item',
		async (ctx) => {
			const before = (await ctx.n8n.executions(state.workflowId)).length;
			ctx.sink.clear();
			const { visitorId, chatId } = await ctx.sandbox.startChat({
				name: 'Trigger Tester',
				text: 'Hello from e2e',
			});
			const deliveries = (await ctx.sandbox.deliveries()).filter(
				(d) => d.event === 'chat.started' && d.body.extras.visitorId === visitorId,
			);
			assert.equal(deliveries.length, 1);
			assert.equal(deliveries[0].status, 200, JSON.stringify(deliveries[0]));
			const [latest] = await ctx.n8n.waitForExecutions(state.workflowId, before + 1);
			const execution = await ctx.n8n.api('GET', `/executions/${latest.id}?includeData=true`);
			assert.equal(execution.status, 'success');
			assert.equal(execution.mode, 'webhook');
			const [item] = nodeOutput(execution, 'Chaport Trigger');
			assert.equal(item.event, 'chat.started');
			assert.equal(item.visitorId, visitorId);
			assert.equal(item.chatId, chatId);
			await waitFor('the sink', () => ctx.sink.on('trigger').length === 1);
			assert.equal(ctx.sink.on('trigger')[0].body.visitorId, visitorId);
		},
	],
	[
		'a POST without the secret is refused with 401 and runs nothing',
		async (ctx) => {
			const before = (await ctx.n8n.executions(state.workflowId)).length;
			const forged = {
				event: 'chat.started',
				link: 'x',
				extras: { visitorId: 'a'.repeat(24), chatId: 1 },
			};
			const missing = await http('POST', state.productionUrl, { json: forged });
			assert.equal(missing.status, 401);
			const wrong = await http('POST', `${state.productionUrl}?n8nSecret=wrong-secret`, {
				json: forged,
			});
			assert.equal(wrong.status, 401);
			await new Promise((resolve) => setTimeout(resolve, 1500));
			assert.equal((await ctx.n8n.executions(state.workflowId)).length, before);
		},
	],
	[
		'restarting n8n with the workflow active keeps exactly one subscription per event',
		async (ctx) => {
			await ctx.n8n.restart();
			assertOnePerEvent(await ours(ctx));
			// and deliveries still arrive after the restart
			const before = (await ctx.n8n.executions(state.workflowId)).length;
			const { visitorId } = await ctx.sandbox.startChat({ text: 'after the restart' });
			const [latest] = await ctx.n8n.waitForExecutions(state.workflowId, before + 1);
			const execution = await ctx.n8n.api('GET', `/executions/${latest.id}?includeData=true`);
			assert.equal(nodeOutput(execution, 'Chaport Trigger')[0].visitorId, visitorId);
			assertOnePerEvent(await ours(ctx));
		},
	],
	[
		'deactivating removes its subscriptions and the webhook URL',
		async (ctx) => {
			await ctx.n8n.deactivate(state.workflowId);
			await gone(ctx);
			const res = await http('POST', state.productionUrl, { json: {} });
			assert.equal(res.status, 404);
		},
	],
	[
		're-activating registers them again, once each',
		async (ctx) => {
			await ctx.n8n.activate(state.workflowId);
			await registered(ctx);
			// nothing more arrives later
			await new Promise((resolve) => setTimeout(resolve, 1500));
			assertOnePerEvent(await ours(ctx));
			await ctx.n8n.deactivate(state.workflowId);
			await gone(ctx);
		},
	],
];
