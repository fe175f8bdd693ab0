// Figures 3 and 4 in the real n8n the e2e suite installs (2.41.1, Node 24; `bash e2e/install.sh`
// installs it once): 1,000 Message Sends against n8n's HTTP Request node making the same calls,
// and a Chaport delivery -> execution started against n8n's Webhook node receiving the same
// payload. Each workflow starts with a Webhook (or the trigger), so a POST runs it.
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { installPackage, N8n } from '../e2e/lib/n8n.mjs';
import { freePort, http, waitFor } from '../e2e/lib/net.mjs';
import { onCleanup } from '../e2e/lib/processes.mjs';
import { CHAPORT, CHAPORT_TRIGGER, credentialRef } from '../e2e/lib/workflows.mjs';
import { repoDir, sandboxProcess } from './lib/env.mjs';
import { compare, formatMs, median, report } from './lib/stats.mjs';
import { sendInputs, visitorIdsOf, VISITORS } from './sends.mjs';

const OWNER = {
	email: 'bench@example.com',
	firstName: 'Bench',
	lastName: 'Owner',
	password: 'ChaportBench1',
};

async function startN8n(log) {
	const harnessDir = execFileSync('bash', [join(repoDir, 'e2e', 'install.sh')], {
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	const workDir = join(tmpdir(), `n8n-nodes-chaport-bench-${process.pid}`);
	rmSync(workDir, { recursive: true, force: true });
	mkdirSync(workDir, { recursive: true });
	onCleanup(() => rmSync(workDir, { recursive: true, force: true }));
	const userFolder = join(workDir, 'n8n');
	installPackage(repoDir, userFolder);
	const n8n = new N8n({
		harnessDir,
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		logFile: join(workDir, 'n8n.log'),
		// only errors: the benchmark should not time n8n writing its log
		extraEnv: { N8N_LOG_LEVEL: 'error' },
	});
	log(`(starting n8n from ${harnessDir})`);
	const readyMs = await n8n.start({ readyTimeoutMs: 600000 });
	log(`(n8n ready in ${formatMs(readyMs)})`);
	await n8n.setupOwner(OWNER);
	await n8n.createApiKey();
	return n8n;
}

const node = (name, type, typeVersion, parameters, extra = {}) => ({
	id: randomUUID(),
	name,
	type,
	typeVersion,
	position: [0, 0],
	parameters,
	...extra,
});

/** Webhook -> nodes…, answering once the last node has finished (with its first item only). */
function chain(name, nodes, responseMode = 'lastNode') {
	const path = `bench-${randomUUID()}`;
	const webhook = node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		{
			httpMethod: 'POST',
			path,
			responseMode,
			...(responseMode === 'lastNode' ? { responseData: 'firstEntryJson' } : {}),
			options: {},
		},
		{ webhookId: randomUUID() },
	);
	const all = [webhook, ...nodes].map((n, i) => ({ ...n, position: [i * 220, 0] }));
	const connections = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes: all, connections, settings: { executionOrder: 'v1' }, path };
}

async function activeWorkflow(n8n, workflow) {
	const created = await n8n.createWorkflow(workflow);
	await n8n.activate(created.id);
	return created.id;
}

/** POSTs to a production webhook; n8n answers 404 for a moment after activation. */
async function post(n8n, path, json, { ready = true } = {}) {
	const url = `${n8n.url}/webhook/${path}`;
	if (!ready) {
		return await waitFor(
			`webhook ${path}`,
			async () => {
				const res = await http('POST', url, { json, timeoutMs: 600000 });
				return res.status === 404 ? false : res;
			},
			{ timeoutMs: 60000 },
		);
	}
	const res = await http('POST', url, { json, timeoutMs: 600000 });
	if (res.status !== 200)
		throw new Error(`POST ${path} -> ${res.status} ${res.text.slice(0, 300)}`);
	return res;
}

const splitOut = () =>
	node('Split Out', 'n8n-nodes-base.splitOut', 1, {
		fieldToSplitOut: 'body.messages',
		include: 'noOtherFields',
		options: {},
	});

export async function n8nFigures({
	sends,
	latencyMs,
	rounds,
	concurrency,
	deliveries,
	log = console.log,
}) {
	const sandbox = await sandboxProcess(['--visitors', String(VISITORS)]);
	const n8n = await startN8n(log);
	const credential = await n8n.createCredential('Chaport sandbox', 'chaportApi', {
		accessToken: sandbox.token,
		region: 'custom',
		baseUrl: sandbox.baseUrl,
	});
	const visitorIds = await visitorIdsOf(sandbox);
	const operatorId = sandbox.ownerId;

	// ---- figure 3: sends -------------------------------------------------------------------
	const chaportSend = (c) =>
		node(
			'Chaport',
			CHAPORT,
			1,
			{
				resource: 'message',
				operation: 'send',
				visitorId: { __rl: true, mode: 'id', value: '={{ $json.visitorId }}' },
				text: '={{ $json.text }}',
				operatorId: { __rl: true, mode: 'id', value: operatorId },
				concurrency: c,
			},
			{ credentials: credentialRef(credential) },
		);
	const httpSend = node(
		'HTTP Request',
		'n8n-nodes-base.httpRequest',
		4.2,
		{
			method: 'POST',
			url: `${sandbox.baseUrl}/messages`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'chaportApi',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ visitorId: $json.visitorId, chatEvent: { type: 'operator-message', params: { text: $json.text, operatorId: '${operatorId}' } }, externalId: $json.text }) }}`,
			options: {},
		},
		{ credentials: credentialRef(credential) },
	);
	const flows = {
		node: chain('bench: send default', [splitOut(), chaportSend(1)]),
		[`node-c${concurrency}`]: chain(`bench: send c${concurrency}`, [
			splitOut(),
			chaportSend(concurrency),
		]),
		'http-request-node': chain('bench: send HTTP Request', [splitOut(), httpSend]),
	};
	for (const flow of Object.values(flows)) {
		await activeWorkflow(n8n, flow);
		await post(
			n8n,
			flow.path,
			{ messages: sendInputs(visitorIds, 1, `warm-${flow.path}`) },
			{ ready: false },
		);
	}
	await sandbox.control('POST', '/faults', { path: '/messages', type: 'latency', latencyMs });
	const before = (await sandbox.requests()).filter((r) => r.path === '/api/v1/messages').length;
	const tag = `send-${sends} latency=${latencyMs}ms in n8n`;
	await compare({
		rounds,
		warmup: 0,
		variants: Object.entries(flows).map(([name, flow]) => ({
			name,
			run: async (round) => {
				await post(n8n, flow.path, { messages: sendInputs(visitorIds, sends, `${name}-${round}`) });
			},
		})),
		pairs: [
			['node', 'http-request-node', tag],
			[`node-c${concurrency}`, 'http-request-node', `${tag} concurrency=${concurrency}`],
		],
	});
	const sent =
		(await sandbox.requests()).filter((r) => r.path === '/api/v1/messages').length - before;
	const expected = sends * rounds * Object.keys(flows).length;
	if (sent !== expected) throw new Error(`${tag}: ${sent} POST /messages, expected ${expected}`);
	await sandbox.control('DELETE', '/faults');

	// ---- figure 4: delivery -> execution started ---------------------------------------------
	const triggerWebhookId = randomUUID();
	const triggerId = await activeWorkflow(n8n, {
		name: 'bench: Chaport Trigger',
		nodes: [
			node(
				'Chaport Trigger',
				CHAPORT_TRIGGER,
				1,
				{ events: ['chat.started'], options: {} },
				{
					webhookId: triggerWebhookId,
					credentials: credentialRef(credential),
				},
			),
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	const targetUrl = (
		await waitFor('the trigger subscription', async () =>
			(await sandbox.subscriptions()).find((s) => s.targetUrl.includes(triggerWebhookId)),
		)
	).targetUrl;
	const plain = chain('bench: Webhook node', [], 'onReceived');
	const plainId = await activeWorkflow(n8n, plain);
	const payload = (i) => ({
		event: 'chat.started',
		link: `/api/v1/visitors/${visitorIds[0]}/chats/${100000 + i}`,
		extras: { visitorId: visitorIds[0], chatId: 100000 + i },
	});
	await post(n8n, plain.path, payload(-1), { ready: false });
	const deliver = async (url, workflowId, i) => {
		const known = new Set((await n8n.executions(workflowId)).map((e) => e.id));
		const sentAt = Date.now();
		const res = await http('POST', url, { json: payload(i) });
		const answeredMs = Date.now() - sentAt;
		if (res.status !== 200) throw new Error(`delivery -> ${res.status} ${res.text.slice(0, 200)}`);
		const execution = await waitFor('the delivery execution', async () =>
			(await n8n.executions(workflowId)).find((e) => !known.has(e.id) && e.startedAt),
		);
		return { startedMs: Date.parse(execution.startedAt) - sentAt, answeredMs };
	};
	await deliver(targetUrl, triggerId, -1);
	const times = { trigger: [], webhook: [] };
	for (let i = 0; i < deliveries; i++) {
		const order = i % 2 ? ['webhook', 'trigger'] : ['trigger', 'webhook'];
		for (const which of order) {
			times[which].push(
				which === 'trigger'
					? await deliver(targetUrl, triggerId, i)
					: await deliver(`${n8n.url}/webhook/${plain.path}`, plainId, i),
			);
		}
	}
	for (const [key, label] of [
		['startedMs', 'trigger delivery->execution-started in n8n'],
		['answeredMs', 'trigger delivery->answered in n8n'],
	]) {
		const ratios = times.trigger.map(
			(t, i) => Math.max(t[key], 1) / Math.max(times.webhook[i][key], 1),
		);
		report(
			label,
			median(ratios),
			'webhook-node',
			`min ${Math.min(...ratios).toFixed(2)}x, median ${median(ratios).toFixed(2)}x over ${deliveries} deliveries; ` +
				`${formatMs(median(times.trigger.map((t) => t[key])))} vs ${formatMs(median(times.webhook.map((t) => t[key])))}`,
		);
	}
	await n8n.stop();
}
