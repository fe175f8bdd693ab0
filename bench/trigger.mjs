// Figure 4 (in process): what one delivery costs the Chaport Trigger. API calls per event with
// each Include option (Chaport's own deliveries, replayed into the trigger through n8n-core's
// WebhookContext), the duplicate memory's cost per delivery as it fills, and the static data a
// delivery writes. The real-n8n figure (delivery -> execution started) is in n8n.mjs.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { harness, repoDir } from './lib/env.mjs';
import { median, report } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const { startSandbox } = require(join(repoDir, 'build', 'sandbox'));
const { triggerPolicy } = require(join(repoDir, 'build', 'nodes', 'ChaportTrigger', 'state'));

const EVENTS = ['chat.started', 'chat.newEvent.visitorMessage'];
// Deliveries go nowhere (a closed port); the benchmark replays them into the trigger itself.
const DEAD_WEBHOOK_BASE = 'http://127.0.0.1:9/webhook';

let workflows = 0;
const { HookContext } = require(join(repoDir, 'node_modules', 'n8n-core'));
const silent = { warn() {}, debug() {}, info() {}, error() {} };

async function activeTrigger(sandbox, options) {
	const trigger = harness.createTriggerHarness({
		parameters: { events: EVENTS, options },
		credentials: harness.chaportCredentials(sandbox.baseUrl, sandbox.token),
		workflowId: `bench-trigger-${++workflows}`,
		webhookBaseUrl: DEAD_WEBHOOK_BASE,
	});
	// the node rightly warns that a loopback webhook URL is unreachable for Chaport; not news here
	const descriptor = Object.getOwnPropertyDescriptor(HookContext.prototype, 'logger');
	Object.defineProperty(HookContext.prototype, 'logger', { get: () => silent, configurable: true });
	try {
		await trigger.activate();
	} finally {
		if (descriptor) Object.defineProperty(HookContext.prototype, 'logger', descriptor);
		else delete HookContext.prototype.logger;
	}
	return trigger;
}

const queryOf = (url) => Object.fromEntries(new URL(url).searchParams);

export async function triggerInProcess({ chats, deliveries }) {
	const sandbox = await startSandbox({ port: 0, visitors: 5 });
	const savedPoll = triggerPolicy.transcriptPollIntervalMs;
	triggerPolicy.transcriptPollIntervalMs = 20;
	try {
		const includes = [
			['none', {}],
			['chat', { includeChat: true }],
			['visitor', { includeVisitor: true }],
			['transcript', { includeTranscript: true }],
			[
				'chat+visitor+transcript',
				{ includeChat: true, includeVisitor: true, includeTranscript: true },
			],
		];
		for (const [label, options] of includes) {
			sandbox.reset();
			const trigger = await activeTrigger(sandbox, options);
			const target = trigger.webhookUrl();
			sandbox.deliveries.length = 0;
			for (let i = 0; i < chats; i++) await sandbox.control.startChat({ text: `hello ${i}` });
			const mine = sandbox.deliveries.filter((d) => d.targetUrl.startsWith(target));
			const before = sandbox.requests.length;
			let emitted = 0;
			for (const delivery of mine) {
				const { result } = await trigger.receive({
					body: delivery.body,
					query: queryOf(delivery.targetUrl),
				});
				if (result.workflowData) emitted++;
			}
			if (emitted !== mine.length)
				throw new Error(`trigger include=${label}: ${emitted} of ${mine.length} emitted`);
			const calls = sandbox.requests.length - before;
			report(
				`trigger api-calls-per-event include=${label}`,
				calls / mine.length,
				'events',
				`${calls} calls for ${mine.length} events (${EVENTS.join(' + ')})`,
			);
		}

		// duplicate memory: distinct deliveries, cost of the first ones vs the last ones
		sandbox.reset();
		const trigger = await activeTrigger(sandbox, {});
		await sandbox.control.startChat({ text: 'seed' });
		const sample = sandbox.deliveries.find((d) => d.event === 'chat.newEvent.visitorMessage');
		const query = queryOf(sample.targetUrl);
		const window = Math.min(1000, Math.floor(deliveries / 10));
		const perDelivery = [];
		// n8n saves a workflow's static data whenever a run changed it: count what that would write
		let written = 0;
		let snapshot = JSON.stringify(trigger.staticData);
		for (let i = 0; i < deliveries; i++) {
			const body = { ...sample.body, extras: { ...sample.body.extras, eventId: `bench-${i}` } };
			const started = performance.now();
			const { result } = await trigger.receive({ body, query });
			perDelivery.push(performance.now() - started);
			if (!result.workflowData) throw new Error(`delivery ${i} was taken for a duplicate`);
			if (i >= deliveries - window) {
				const now = JSON.stringify(trigger.staticData);
				if (now !== snapshot) written += now.length;
				snapshot = now;
			} else if (i === deliveries - window - 1) {
				snapshot = JSON.stringify(trigger.staticData);
			}
		}
		const first = perDelivery.slice(0, window);
		const last = perDelivery.slice(-window);
		report(
			`trigger delivery-cost after ${deliveries} deliveries`,
			median(last) / median(first),
			`first-${window}-deliveries`,
			`median ${median(last).toFixed(3)} ms vs ${median(first).toFixed(3)} ms per delivery`,
		);
		const payload = JSON.stringify(sample.body).length;
		report(
			'trigger static-data-written per delivery',
			written / window / payload,
			'payload-size',
			`${(written / window).toFixed(0)} B of static data written per delivery over the last ${window} of ${deliveries}; payload ${payload} B`,
		);
	} finally {
		triggerPolicy.transcriptPollIntervalMs = savedPoll;
		await sandbox.close();
	}
}
