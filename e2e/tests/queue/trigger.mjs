// Chaport Trigger in queue mode: the main publishes (create/delete the Chaport subscriptions), the
// webhook processors behind the load balancer receive the deliveries and run webhook() (secret
// check, duplicate check, Include Chat/Transcript/Visitor), the workers run the executions.
// The tests run in order and share `state`.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';

import { nodeOutput } from '../../lib/n8n.mjs';
import { http, sleep, waitFor } from '../../lib/net.mjs';
import { workerThatRan } from '../../lib/queue-stack.mjs';
import { CHAPORT_TRIGGER, credentialRef, sinkNode } from '../../lib/workflows.mjs';

const EVENTS = ['chat.started', 'chat.finished'];
const REPEATS = 10; // repeated deliveries per measurement
const DISTINCT = 200;
const state = {};

function triggerWorkflow(ctx, name, options = {}) {
	const webhookId = randomUUID();
	const trigger = {
		id: randomUUID(),
		name: 'Chaport Trigger',
		type: CHAPORT_TRIGGER,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { events: EVENTS, options },
		credentials: credentialRef(ctx.credential),
	};
	// What the README suggests where a repeated run matters: n8n's Remove Duplicates node, which
	// remembers in n8n's database, so it also sees repeats that reached another webhook
	// processor or came after a restart.
	const dedupe = {
		id: randomUUID(),
		name: 'Remove Duplicates',
		type: 'n8n-nodes-base.removeDuplicates',
		typeVersion: 2,
		position: [240, 0],
		parameters: {
			operation: 'removeItemsSeenInPreviousExecutions',
			dedupeValue: '={{ JSON.stringify($json.raw) }}',
			options: {},
		},
	};
	const sink = { ...sinkNode('Sink', ctx.sink.url, name), position: [480, 0] };
	const link = (to) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });
	return {
		webhookId,
		workflow: {
			name: `e2e queue: ${name}`,
			nodes: [trigger, dedupe, sink],
			connections: {
				'Chaport Trigger': link('Remove Duplicates'),
				'Remove Duplicates': link('Sink'),
			},
			settings: { executionOrder: 'v1' },
		},
	};
}

/** The sandbox subscriptions delivering to a workflow's production webhook URL. */
async function subscriptionsOf(ctx, webhookId) {
	const path = `/webhook/${webhookId}/webhook`;
	return (await ctx.sandbox.subscriptions()).filter((s) => new URL(s.targetUrl).pathname === path);
}

async function publish(ctx, name, options) {
	const { webhookId, workflow } = triggerWorkflow(ctx, name, options);
	const created = await ctx.main.createWorkflow(workflow);
	await ctx.main.activate(created.id);
	const subscriptions = await waitFor(`the subscriptions of "${name}"`, async () => {
		const list = await subscriptionsOf(ctx, webhookId);
		return list.length >= EVENTS.length ? list : false;
	});
	return { id: created.id, webhookId, subscriptions };
}

function assertOnePerEvent(ctx, subscriptions) {
	assert.deepEqual(
		subscriptions.map((s) => s.event).sort(),
		[...EVENTS].sort(),
		JSON.stringify(subscriptions),
	);
	for (const s of subscriptions) {
		// registered at WEBHOOK_URL: the load balancer in front of the webhook processors
		assert.equal(new URL(s.targetUrl).origin, ctx.balancer.url, s.targetUrl);
	}
}

/** The subscription's URL (secret included) on one webhook processor, bypassing the balancer. */
function onProcessor(processor, subscription) {
	const url = new URL(subscription.targetUrl);
	return `${processor.url}${url.pathname}${url.search}`;
}

/** Every finished execution of a workflow (the public API pages by 100). */
async function finishedExecutions(main, workflowId) {
	const all = [];
	let cursor;
	do {
		const body = await main.api(
			'GET',
			`/executions?workflowId=${workflowId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
		);
		all.push(...body.data);
		cursor = body.nextCursor;
	} while (cursor);
	return all.filter((e) => e.finished || e.stoppedAt);
}

async function waitForCount(main, workflowId, count, timeoutMs = 300000) {
	return await waitFor(
		`${count} finished executions of workflow ${workflowId}`,
		async () => {
			const list = await finishedExecutions(main, workflowId);
			return list.length >= count ? list : false;
		},
		{ timeoutMs, intervalMs: 1000 },
	);
}

/**
 * Waits until nothing new has finished for a while: used where the expected number is the
 * point of the test (a duplicate would show up as one more execution).
 */
async function settledCount(main, workflowId, quietMs = 5000) {
	let last = -1;
	let count = (await finishedExecutions(main, workflowId)).length;
	while (count !== last) {
		last = count;
		await sleep(quietMs);
		count = (await finishedExecutions(main, workflowId)).length;
	}
	return count;
}

const hex = (bytes) => randomBytes(bytes).toString('hex');

/** A chat.started delivery as Chaport sends it, for a chat that exists only in this body. */
function delivery(chatId) {
	const visitorId = hex(12);
	return {
		event: 'chat.started',
		link: `https://app.chaport.com/#/chats/${visitorId}/${chatId}`,
		extras: { visitorId, chatId },
	};
}

let nextChatId = 900000;

/**
 * Posts a delivery that starts a run and waits until that run has finished, so runs never overlap:
 * Remove Duplicates keeps its memory in one database row that each run reads and rewrites, and
 * runs that overlap can lose each other's entries (README, limits).
 */
async function deliverAndWait(main, url, body) {
	const count = (await finishedExecutions(main, state.plain.id)).length;
	await post(url, body);
	await waitForCount(main, state.plain.id, count + 1);
}

async function post(url, body) {
	const res = await http('POST', url, { json: body, timeoutMs: 120000 });
	assert.equal(res.status, 200, `POST ${url} -> ${res.status} ${res.text}`);
	return res;
}

export const tests = [
	[
		'publishing on the main creates exactly one subscription per event, at the load balancer',
		async (ctx) => {
			state.plain = await publish(ctx, 'plain');
			assertOnePerEvent(ctx, state.plain.subscriptions);
			await sleep(3000);
			assertOnePerEvent(ctx, await subscriptionsOf(ctx, state.plain.webhookId));
		},
	],
	[
		'deliveries alternate over both webhook processors and run on the workers',
		async (ctx) => {
			const { main, balancer, sandbox, webhookProcessors, workers } = ctx;
			const before = (await finishedExecutions(main, state.plain.id)).length;
			const forwardedBefore = balancer.forwarded.length;
			const visitors = [];
			for (let i = 0; i < 4; i++) {
				visitors.push(
					(await sandbox.startChat({ name: `Queue ${i}`, text: `hello ${i}` })).visitorId,
				);
			}
			const list = await waitForCount(main, state.plain.id, before + 4);
			const forwarded = balancer.forwarded.slice(forwardedBefore);
			for (const p of webhookProcessors) {
				assert.ok(
					forwarded.some((f) => f.backend === p.url && f.status === 200),
					`no delivery reached ${p.name}: ${JSON.stringify(forwarded)}`,
				);
			}
			const fresh = list.slice(0, 4);
			for (const execution of fresh) {
				assert.equal(execution.status, 'success', JSON.stringify(execution));
				assert.ok(
					workerThatRan(workers, execution.id),
					`no worker log says it ran execution ${execution.id}`,
				);
			}
			const ran = new Set();
			for (const execution of fresh) {
				const full = await main.api('GET', `/executions/${execution.id}?includeData=true`);
				ran.add(nodeOutput(full, 'Chaport Trigger')[0].visitorId);
			}
			assert.deepEqual([...ran].sort(), [...visitors].sort());
		},
	],
	[
		'a forged delivery gets 401 from either webhook processor and runs nothing',
		async (ctx) => {
			const { main, webhookProcessors } = ctx;
			const before = await settledCount(main, state.plain.id, 2000);
			const [subscription] = state.plain.subscriptions;
			for (const processor of webhookProcessors) {
				const url = new URL(onProcessor(processor, subscription));
				url.searchParams.set('n8nSecret', 'forged-secret');
				const wrong = await http('POST', url.href, { json: delivery(nextChatId++) });
				assert.equal(wrong.status, 401, `${processor.name}: ${wrong.status} ${wrong.text}`);
				url.search = '';
				const missing = await http('POST', url.href, { json: delivery(nextChatId++) });
				assert.equal(missing.status, 401, `${processor.name}: ${missing.status} ${missing.text}`);
			}
			assert.equal(await settledCount(main, state.plain.id), before);
		},
	],
	[
		'a delivery repeated to the same webhook processor starts nothing',
		async (ctx) => {
			const { main, sink, webhookProcessors } = ctx;
			const subscription = state.plain.subscriptions.find((s) => s.event === 'chat.started');
			const before = await settledCount(main, state.plain.id, 2000);
			const sunk = sink.on('plain').length;
			for (let i = 0; i < REPEATS; i++) {
				const body = delivery(nextChatId++);
				await post(onProcessor(webhookProcessors[0], subscription), body);
				await post(onProcessor(webhookProcessors[0], subscription), body);
			}
			assert.equal((await settledCount(main, state.plain.id)) - before, REPEATS);
			assert.equal(sink.on('plain').length - sunk, REPEATS);
		},
	],
	[
		'a delivery repeated to the other webhook processor: measured; Remove Duplicates passes it on once',
		async (ctx) => {
			const { main, sink, webhookProcessors } = ctx;
			const subscription = state.plain.subscriptions.find((s) => s.event === 'chat.started');
			const before = await settledCount(main, state.plain.id, 2000);
			const sunk = sink.on('plain').length;
			for (let i = 0; i < REPEATS; i++) {
				const body = delivery(nextChatId++);
				// as Chaport would repeat it: after the first delivery has been handled
				await deliverAndWait(main, onProcessor(webhookProcessors[0], subscription), body);
				await deliverAndWait(main, onProcessor(webhookProcessors[1], subscription), body);
			}
			const started = (await settledCount(main, state.plain.id)) - before;
			const passed = sink.on('plain').length - sunk;
			console.log(
				`  measured: ${REPEATS} deliveries, each repeated to the other webhook processor -> ${started} executions, ${passed} past Remove Duplicates`,
			);
			// each processor remembers only what it received itself (README, limits)
			assert.ok(started >= REPEATS && started <= 2 * REPEATS, `${started} executions`);
			assert.equal(passed, REPEATS);
		},
	],
	[
		`${DISTINCT} distinct deliveries spread over both processors start ${DISTINCT} executions`,
		async (ctx) => {
			const { main, balancer, webhookProcessors } = ctx;
			const subscription = state.plain.subscriptions.find((s) => s.event === 'chat.started');
			const url = new URL(subscription.targetUrl).href; // through the balancer
			const before = await settledCount(main, state.plain.id, 2000);
			const forwardedBefore = balancer.forwarded.length;
			const bodies = Array.from({ length: DISTINCT }, () => delivery(nextChatId++));
			const parallel = 8;
			for (let i = 0; i < bodies.length; i += parallel) {
				await Promise.all(bodies.slice(i, i + parallel).map((body) => post(url, body)));
			}
			const perProcessor = webhookProcessors.map(
				(p) => balancer.forwarded.slice(forwardedBefore).filter((f) => f.backend === p.url).length,
			);
			assert.deepEqual(
				perProcessor,
				webhookProcessors.map(() => DISTINCT / webhookProcessors.length),
			);
			await waitForCount(main, state.plain.id, before + DISTINCT, 600000);
			assert.equal((await settledCount(main, state.plain.id)) - before, DISTINCT);
		},
	],
	[
		'Include Chat, Transcript and Visitor are fetched on a webhook processor',
		async (ctx) => {
			const { main, sandbox, balancer, webhookProcessors } = ctx;
			state.enriched = await publish(ctx, 'enriched', {
				includeChat: true,
				includeTranscript: true,
				includeVisitor: true,
			});
			const forwardedBefore = balancer.forwarded.length;
			const { visitorId, chatId } = await sandbox.startChat({
				name: 'Enriched Visitor',
				text: 'Where is my parcel?',
			});
			const [summary] = await waitForCount(main, state.enriched.id, 1);
			const execution = await main.api('GET', `/executions/${summary.id}?includeData=true`);
			const [item] = nodeOutput(execution, 'Chaport Trigger');
			assert.equal(item.enrichmentError, undefined, item.enrichmentError);
			assert.equal(item.visitorId, visitorId);
			assert.equal(String(item.chat.id ?? item.chatId), String(chatId));
			assert.equal(item.visitor.id, visitorId);
			assert.ok(
				item.transcript.text.includes('Where is my parcel?'),
				JSON.stringify(item.transcript),
			);
			// fetched by a webhook processor: the one the balancer gave the delivery to
			const got = balancer.forwarded
				.slice(forwardedBefore)
				.filter((f) => f.path.includes(state.enriched.webhookId));
			assert.equal(got.length, 1, JSON.stringify(got));
			assert.ok(webhookProcessors.some((p) => p.url === got[0].backend));
		},
	],
	[
		'a main restart with both workflows published adds no subscription; deliveries still run',
		async (ctx) => {
			const { main, sandbox } = ctx;
			const ids = async () =>
				[
					...(await subscriptionsOf(ctx, state.plain.webhookId)),
					...(await subscriptionsOf(ctx, state.enriched.webhookId)),
				]
					.map((s) => s.id)
					.sort();
			const before = await ids();
			assert.equal(before.length, 2 * EVENTS.length);
			await main.restart();
			await sleep(3000);
			assert.deepEqual(await ids(), before);
			const count = (await finishedExecutions(main, state.plain.id)).length;
			await sandbox.startChat({ text: 'after the main restart' });
			await waitForCount(main, state.plain.id, count + 1);
			assert.deepEqual(await ids(), before);
		},
	],
	[
		'a delivery repeated after the webhook processors restart: measured; Remove Duplicates passes it on once',
		async (ctx) => {
			const { main, sink, webhookProcessors } = ctx;
			const subscription = state.plain.subscriptions.find((s) => s.event === 'chat.started');
			const bodies = Array.from({ length: REPEATS }, () => delivery(nextChatId++));
			const before = await settledCount(main, state.plain.id, 2000);
			const sunk = sink.on('plain').length;
			for (const body of bodies) {
				await deliverAndWait(main, onProcessor(webhookProcessors[0], subscription), body);
			}
			assert.equal((await settledCount(main, state.plain.id)) - before, REPEATS);
			for (const p of webhookProcessors) await p.restart();
			const afterRestart = await settledCount(main, state.plain.id, 2000);
			for (const body of bodies) {
				await deliverAndWait(main, onProcessor(webhookProcessors[0], subscription), body);
			}
			const repeated = (await settledCount(main, state.plain.id)) - afterRestart;
			const passed = sink.on('plain').length - sunk;
			console.log(
				`  measured: ${REPEATS} deliveries repeated after a restart of the webhook processors -> ${repeated} more executions; ${passed} of ${2 * REPEATS} past Remove Duplicates`,
			);
			assert.ok(repeated <= REPEATS, `${repeated} executions`);
			assert.equal(passed, REPEATS);
		},
	],
	[
		"deliveries leave the workflow's static data as publishing stored it",
		async (ctx) => {
			// webhook() writes no static data: n8n would save the whole of it from the webhook
			// processor, and a save racing a publish on the main could put back subscriptions
			// (and secrets) the main had just replaced
			// (the enriched workflow's deliveries are answered by the node itself, the case in which
			// n8n would save a change)
			const ids = [state.plain.id, state.enriched.id];
			const before = await Promise.all(ids.map((id) => ctx.postgres.staticData(id)));
			for (const data of before) assert.ok(JSON.stringify(data).includes('subscriptions'));
			const counts = await Promise.all(
				ids.map(async (id) => await settledCount(ctx.main, id, 1000)),
			);
			await ctx.sandbox.startChat({ text: 'static data check' });
			await Promise.all(ids.map((id, i) => waitForCount(ctx.main, id, counts[i] + 1)));
			assert.deepEqual(await Promise.all(ids.map((id) => ctx.postgres.staticData(id))), before);
		},
	],
	[
		'unpublishing removes exactly its own subscriptions',
		async (ctx) => {
			const { main } = ctx;
			const others = (await subscriptionsOf(ctx, state.enriched.webhookId)).map((s) => s.id).sort();
			await main.deactivate(state.plain.id);
			await waitFor(
				'the plain workflow to remove its subscriptions',
				async () => (await subscriptionsOf(ctx, state.plain.webhookId)).length === 0,
			);
			assert.deepEqual(
				(await subscriptionsOf(ctx, state.enriched.webhookId)).map((s) => s.id).sort(),
				others,
			);
			await main.deactivate(state.enriched.id);
			await waitFor(
				'the enriched workflow to remove its subscriptions',
				async () => (await subscriptionsOf(ctx, state.enriched.webhookId)).length === 0,
			);
			const res = await http('POST', state.plain.subscriptions[0].targetUrl, {
				json: delivery(nextChatId++),
			});
			assert.equal(res.status, 404, `${res.status} ${res.text}`);
		},
	],
];
