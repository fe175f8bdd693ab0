// Figure 3 (in process): Message Send for many input items, with 20 ms of added latency per
// request, against the floor node and raw loops. The real-n8n comparison with the HTTP Request
// node is in n8n.mjs.
import { compare } from './lib/stats.mjs';
import { rawClient, rawSends } from './lib/raw.mjs';
import { runFloor, runNode, sandboxProcess, stopSandbox } from './lib/env.mjs';

export const VISITORS = 100;

/** Input items: `count` messages spread round-robin over the visitors, texts unique per round. */
export function sendInputs(visitorIds, count, round) {
	return Array.from({ length: count }, (_, i) => ({
		visitorId: visitorIds[i % visitorIds.length],
		text: `bench round ${round} message ${i}`,
	}));
}

export const sendParameters = (operatorId, extra = {}) => ({
	resource: 'message',
	operation: 'send',
	visitorId: { __rl: true, mode: 'id', value: '={{ $json.visitorId }}' },
	text: '={{ $json.text }}',
	operatorId: { __rl: true, mode: 'id', value: operatorId },
	...extra,
});

/** The body the node sends (with an idempotency key), for the baselines. */
export const sendBody = (operatorId, input, key) => ({
	visitorId: input.visitorId,
	chatEvent: { type: 'operator-message', params: { text: input.text, operatorId } },
	externalId: key,
});

export async function visitorIdsOf(sandbox) {
	const ids = [];
	for (let page = 1; ids.length < VISITORS; page++) {
		const body = (await sandbox.api('GET', `/visitors?page=${page}`)).body;
		ids.push(...body.result.map((v) => v.id));
		if (!body.links?.next) break;
	}
	return ids;
}

export async function sends({ count, latencyMs, rounds, concurrency }) {
	const tag = `send-${count} latency=${latencyMs}ms`;
	const sandbox = await sandboxProcess(['--visitors', String(VISITORS)]);
	try {
		await sandbox.control('POST', '/faults', { path: '/messages', type: 'latency', latencyMs });
		const visitorIds = await visitorIdsOf(sandbox);
		const operatorId = sandbox.ownerId;
		const sequential = rawClient(sandbox.baseUrl, sandbox.token);
		const parallel = rawClient(sandbox.baseUrl, sandbox.token, { sockets: concurrency });
		const bodies = (round, name) =>
			sendInputs(visitorIds, count, round).map((input, i) =>
				sendBody(operatorId, input, `${name}-${round}-${i}`),
			);
		const check = (items) => {
			if (items.length !== count) throw new Error(`${tag}: ${items.length} results`);
		};
		await compare({
			rounds,
			// 20 ms of latency per request dominates; a warm-up round would only add minutes
			warmup: 0,
			variants: [
				{
					name: 'node',
					run: async (round) =>
						check(
							(
								await runNode(sandbox, sendParameters(operatorId), {
									input: sendInputs(visitorIds, count, `n${round}`),
								})
							).output,
						),
				},
				{
					name: `node-c${concurrency}`,
					run: async (round) =>
						check(
							(
								await runNode(sandbox, sendParameters(operatorId, { concurrency }), {
									input: sendInputs(visitorIds, count, `c${round}`),
								})
							).output,
						),
				},
				{
					name: 'raw-sequential',
					run: async (round) => check(await rawSends(sequential, bodies(round, 's'), 1)),
				},
				{
					name: `raw-concurrency-${concurrency}`,
					run: async (round) => check(await rawSends(parallel, bodies(round, 'p'), concurrency)),
				},
				{
					name: 'helper-floor',
					run: async (round) =>
						check(
							(await runFloor(sandbox, { plan: 'send' }, { input: bodies(round, 'f') })).output,
						),
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
				[`node-c${concurrency}`, 'raw-sequential', `${tag} concurrency=${concurrency}`],
			],
		});
		sequential.close();
		parallel.close();
	} finally {
		await stopSandbox(sandbox);
	}
}
