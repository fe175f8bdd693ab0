// Figures 1 and 2: Visitor Get Many with Return All over 10k / 50k visitors; Chat Get Many over
// one visitor with many chats; Message Get Many over one chat with 10k events.
import { compare, median, report } from './lib/stats.mjs';
import { rawAllChats, rawAllVisitors, rawClient } from './lib/raw.mjs';
import { runFloor, runNode, sandboxProcess, stopSandbox } from './lib/env.mjs';

const PAGE_SIZE = 20;

/** A sandbox process holding `visitors` visitors, served PAGE_SIZE to a page. */
const visitorsSandbox = (visitors) =>
	sandboxProcess(['--visitors', String(visitors), '--page-size', String(PAGE_SIZE)]);

async function requestCount(sandbox, since) {
	return (await sandbox.requests()).length - since;
}

export async function returnAll({ visitors, rounds, concurrency }) {
	const tag = `return-all-${visitors / 1000}k`;
	const sandbox = await visitorsSandbox(visitors);
	try {
		const client = rawClient(sandbox.baseUrl, sandbox.token);
		const params = { resource: 'visitor', operation: 'getAll', returnAll: true, simplify: false };
		const check = (items) => {
			if (items.length !== visitors) throw new Error(`${tag}: got ${items.length} visitors`);
		};
		const times = await compare({
			rounds,
			variants: [
				{ name: 'node', run: async () => check((await runNode(sandbox, params)).output) },
				{
					name: `node-c${concurrency}`,
					run: async () => check((await runNode(sandbox, { ...params, concurrency })).output),
				},
				{ name: 'raw-keepalive', run: async () => check(await rawAllVisitors(client)) },
				{
					name: 'helper-floor',
					run: async () => check((await runFloor(sandbox, { plan: 'pages' })).output),
				},
			],
			pairs: [
				['node', 'raw-keepalive', tag],
				['node', 'helper-floor', tag],
				[`node-c${concurrency}`, 'raw-keepalive', `${tag} concurrency=${concurrency}`],
				[`node-c${concurrency}`, 'helper-floor', `${tag} concurrency=${concurrency}`],
			],
		});
		client.close();

		// requests per page, with the default and with concurrency
		const pages = Math.ceil(visitors / PAGE_SIZE);
		const rawPageMs = median(times['raw-keepalive']) / pages;
		for (const [label, extra] of [
			['', {}],
			[` concurrency=${concurrency}`, { concurrency }],
		]) {
			const before = (await sandbox.requests()).length;
			await runNode(sandbox, { ...params, ...extra });
			const count = await requestCount(sandbox, before);
			report(
				`${tag}${label} requests`,
				count / pages,
				'pages',
				`${count} requests for ${pages} pages`,
			);
		}

		// heap the output keeps, against the JSON size of the same visitors
		if (global.gc) {
			global.gc();
			const before = process.memoryUsage().heapUsed;
			const result = await runNode(sandbox, params);
			global.gc();
			const kept = process.memoryUsage().heapUsed - before;
			const json = Buffer.byteLength(JSON.stringify(result.output.map((item) => item.json)));
			const per1k = (bytes) => `${(bytes / (visitors / 1000) / 1024).toFixed(0)} kB`;
			report(
				`${tag} heap per 1,000 visitors`,
				kept / json,
				'json-size',
				`${per1k(kept)} heap vs ${per1k(json)} JSON per 1,000 visitors`,
			);
		}
		return { rawPageMs };
	} finally {
		await stopSandbox(sandbox);
	}
}

/** The sandbox's cost per page in a large account against a small one (raw client, no node). */
export function reportPageCost(small, large) {
	report(
		`sandbox page-time ${large.visitors / 1000}k account`,
		large.rawPageMs / small.rawPageMs,
		`${small.visitors / 1000}k-account`,
		`${large.rawPageMs.toFixed(2)} ms vs ${small.rawPageMs.toFixed(2)} ms per page of ${PAGE_SIZE}, raw keep-alive client`,
	);
}

/**
 * Return All with `latencyMs` added to every page, as over a real network: the node at its
 * default and with concurrency against the raw sequential keep-alive loop. On loopback the
 * request helper's CPU cost per request decides; with latency, waiting does.
 */
export async function returnAllWithLatency({ visitors, rounds, concurrency, latencyMs }) {
	const tag = `return-all-${visitors / 1000}k latency=${latencyMs}ms`;
	const sandbox = await visitorsSandbox(visitors);
	try {
		await sandbox.control('POST', '/faults', { path: '/visitors', type: 'latency', latencyMs });
		const client = rawClient(sandbox.baseUrl, sandbox.token);
		const params = { resource: 'visitor', operation: 'getAll', returnAll: true, simplify: false };
		const check = (items) => {
			if (items.length !== visitors) throw new Error(`${tag}: got ${items.length} visitors`);
		};
		await compare({
			rounds,
			warmup: 0,
			variants: [
				{ name: 'node', run: async () => check((await runNode(sandbox, params)).output) },
				{
					name: `node-c${concurrency}`,
					run: async () => check((await runNode(sandbox, { ...params, concurrency })).output),
				},
				{ name: 'raw-keepalive', run: async () => check(await rawAllVisitors(client)) },
			],
			pairs: [
				['node', 'raw-keepalive', tag],
				[`node-c${concurrency}`, 'raw-keepalive', `${tag} concurrency=${concurrency}`],
			],
		});
		client.close();
	} finally {
		await stopSandbox(sandbox);
	}
}

export async function chatsAndEvents({ chats, events, rounds, concurrency, latencyMs = 0 }) {
	// one visitor with `chats` chats; a second sandbox for one chat with `events` events
	const chatBox = await sandboxProcess([
		'--visitors',
		'1',
		'--chats-per-visitor',
		String(chats),
		'--events-per-chat',
		'2',
	]);
	try {
		const visitorId = (await chatBox.api('GET', '/visitors')).body.result[0].id;
		const tag = `chat-get-many-${chats}${latencyMs ? ` latency=${latencyMs}ms` : ''}`;
		if (latencyMs) {
			await chatBox.control('POST', '/faults', {
				pathRegex: '^/visitors/[^/]+/chats',
				type: 'latency',
				latencyMs,
			});
		}
		const sequential = rawClient(chatBox.baseUrl, chatBox.token);
		const parallel = rawClient(chatBox.baseUrl, chatBox.token, { sockets: concurrency });
		const params = {
			resource: 'chat',
			operation: 'getAll',
			visitorId: { __rl: true, mode: 'id', value: visitorId },
			returnAll: true,
			simplify: false,
		};
		const check = (items) => {
			if (items.length !== chats) throw new Error(`${tag}: got ${items.length} chats`);
		};
		await compare({
			rounds,
			variants: [
				{ name: 'node', run: async () => check((await runNode(chatBox, params)).output) },
				{
					name: `node-c${concurrency}`,
					run: async () => check((await runNode(chatBox, { ...params, concurrency })).output),
				},
				{
					name: 'raw-sequential',
					run: async () => check(await rawAllChats(sequential, visitorId, 1)),
				},
				{
					name: `raw-concurrency-${concurrency}`,
					run: async () => check(await rawAllChats(parallel, visitorId, concurrency)),
				},
				{
					name: 'helper-floor',
					run: async () => check((await runFloor(chatBox, { plan: 'chats', visitorId })).output),
				},
			],
			pairs: [
				['node', 'helper-floor', tag],
				['node', 'raw-sequential', tag],
				[
					`node-c${concurrency}`,
					`raw-concurrency-${concurrency}`,
					`${tag} concurrency=${concurrency}`,
				],
			],
		});
		sequential.close();
		parallel.close();
	} finally {
		await stopSandbox(chatBox);
	}
	if (!events) return;

	const eventBox = await sandboxProcess([
		'--visitors',
		'1',
		'--chats-per-visitor',
		'1',
		'--events-per-chat',
		String(events),
	]);
	try {
		const last = (await eventBox.api('GET', '/visitors')).body.result[0].id;
		const chat = (await eventBox.api('GET', `/visitors/${last}/chats`)).body.result;
		const tag = `message-get-many-${events / 1000}k`;
		const client = rawClient(eventBox.baseUrl, eventBox.token);
		const params = {
			resource: 'message',
			operation: 'getAll',
			visitorId: { __rl: true, mode: 'id', value: last },
			chatId: String(chat.id),
			output: 'events',
			returnAll: true,
		};
		const check = (items) => {
			if (items.length !== chat.events.length)
				throw new Error(`${tag}: got ${items.length} events`);
		};
		await compare({
			rounds,
			variants: [
				{ name: 'node', run: async () => check((await runNode(eventBox, params)).output) },
				{
					name: 'raw-keepalive',
					run: async () =>
						check(
							(await client.request('GET', `/visitors/${last}/chats/${chat.id}/events`)).result,
						),
				},
				{
					name: 'helper-floor',
					run: async () =>
						check(
							(
								await runFloor(eventBox, {
									plan: 'events',
									visitorId: last,
									chatId: String(chat.id),
								})
							).output,
						),
				},
			],
			pairs: [
				['node', 'helper-floor', tag],
				['node', 'raw-keepalive', tag],
			],
		});
		client.close();
	} finally {
		await stopSandbox(eventBox);
	}
}
