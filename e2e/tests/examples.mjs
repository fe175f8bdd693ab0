// The example workflows in examples/: each imports into the real n8n with n8n's own CLI and uses
// only node types and versions this n8n has; then each runs with its outside services (Slack,
// e-mail, the LLM) replaced by the local sink (lib/examples.mjs withSink), so the Chaport part —
// trigger subscriptions, deliveries, node calls — runs for real against the sandbox.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { channelOf, readExamples, useCredential, withSink } from '../lib/examples.mjs';
import { nodeOutput } from '../lib/n8n.mjs';
import { http, waitFor } from '../lib/net.mjs';
import { byId, triggerListening } from '../lib/workflows.mjs';

const examplesDir = (ctx) => join(ctx.repoDir, 'examples');

function example(ctx, file) {
	const found = readExamples(examplesDir(ctx)).find((e) => e.file === file);
	assert.ok(found, `examples/${file} is missing`);
	return found.workflow;
}

/** Imports the example with the sink in place of outside services, activates it, returns its id. */
async function activateWithSink(ctx, file, { schedulePath, patch = () => {} } = {}) {
	const workflow = withSink(useCredential(example(ctx, file), ctx.credential), ctx.sink.url, {
		schedulePath,
	});
	workflow.name = `e2e: ${workflow.name}`;
	patch(workflow);
	const created = await ctx.n8n.createWorkflow(workflow);
	await ctx.n8n.activate(created.id);
	const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-chaport.chaportTrigger');
	if (trigger) await triggerListening(ctx, trigger.webhookId);
	return created.id;
}

/** Waits until the Chaport Trigger of the workflow has registered its subscriptions. */
async function subscribed(ctx, events) {
	await waitFor('the example trigger subscriptions', async () => {
		const subscriptions = await ctx.sandbox.subscriptions();
		return events.every((event) =>
			subscriptions.some((s) => s.event === event && s.targetUrl.includes('n8nSecret=')),
		);
	});
}

const node = (workflow, name) => workflow.nodes.find((n) => n.name === name);

async function latestExecution(ctx, workflowId, count) {
	const [latest] = await ctx.n8n.waitForExecutions(workflowId, count);
	return await ctx.n8n.api('GET', `/executions/${latest.id}?includeData=true`);
}

export const tests = [
	[
		"every example imports with n8n's CLI and uses node types this n8n has",
		async (ctx) => {
			const examples = readExamples(examplesDir(ctx));
			assert.ok(examples.length >= 4, `only ${examples.length} examples`);
			await ctx.n8n.cli(['import:workflow', '--separate', `--input=${examplesDir(ctx)}`], {
				name: 'n8n-import',
			});
			const stored = (await ctx.n8n.api('GET', '/workflows?limit=250')).data;
			const types = (await ctx.n8n.session('GET', '/types/nodes.json')).body;
			const known = (type, version) =>
				types.some((t) => t.name === type && [t.version].flat().includes(version));
			// node versions newer than an older n8n lane has (reported, not failed, in that lane)
			const newer = [];
			for (const { file, workflow } of examples) {
				assert.ok(
					stored.some((w) => w.name === workflow.name),
					`${file} was not imported`,
				);
				for (const n of workflow.nodes) {
					if (!known(n.type, n.typeVersion) && ctx.lane && ctx.lane.major < 2) {
						newer.push(`${file} (${n.type}@${n.typeVersion})`);
						continue;
					}
					assert.ok(
						known(n.type, n.typeVersion),
						`${file}: node "${n.name}" has unknown type ${n.type}@${n.typeVersion}`,
					);
				}
				for (const [from, outputs] of Object.entries(workflow.connections)) {
					assert.ok(node(workflow, from), `${file}: connection from unknown node ${from}`);
					for (const target of Object.values(outputs).flat(2)) {
						assert.ok(
							node(workflow, target.node),
							`${file}: connection to unknown node ${target.node}`,
						);
					}
				}
			}
			if (newer.length) {
				console.log(
					`  ${ctx.lane.title} lacks node versions these examples use, so they need n8n 2.x: ${newer.join(', ')}`,
				);
			}
		},
	],
	[
		'new chat -> Slack: the message carries the visitor and the transcript',
		async (ctx) => {
			const id = await activateWithSink(ctx, 'new-chat-to-slack.json');
			try {
				await subscribed(ctx, ['chat.started']);
				const slack = channelOf('Post to Slack');
				await ctx.sandbox.startChat({
					name: 'Ada Lovelace',
					email: 'ada@example.com',
					text: 'Hi, my order #123 is late',
				});
				const [post] = await waitFor(
					'the Slack post at the sink',
					() => ctx.sink.on(slack).length && ctx.sink.on(slack),
				);
				assert.match(post.body.text, /New Chaport chat from \*Ada Lovelace\* \(ada@example\.com\)/);
				assert.match(post.body.text, /Visitor: Hi, my order #123 is late/);
				assert.equal(post.body['channelId.value'], '#support');
			} finally {
				await ctx.n8n.deactivate(id);
			}
		},
	],
	[
		'visitor message -> AI reply: the answer is sent into the chat; HANDOFF assigns an online operator',
		async (ctx) => {
			const { ownerId } = ctx.sandbox;
			const agent = channelOf('AI Agent');
			const id = await activateWithSink(ctx, 'visitor-message-ai-reply-with-handoff.json', {
				patch: (workflow) => {
					// the operator the bot writes as (chosen from the list in the editor)
					node(workflow, 'Send AI Reply').parameters.operatorId = byId(ownerId);
					node(workflow, 'Tell the Visitor').parameters.operatorId = byId(ownerId);
				},
			});
			try {
				await subscribed(ctx, ['chat.newEvent.visitorMessage']);
				ctx.sink.reply(agent, { output: 'We ship within 2 days.' });
				const { visitorId, chatId } = await ctx.sandbox.startChat({
					text: 'How fast do you ship?',
				});
				const first = await latestExecution(ctx, id, 1);
				assert.equal(first.status, 'success', JSON.stringify(first.data?.resultData?.error));
				const prompt = ctx.sink.on(agent).at(-1).body;
				assert.match(prompt.text, /Visitor: How fast do you ship\?/);
				assert.match(prompt['options.systemMessage'], /HANDOFF/);
				const events = async () =>
					(await ctx.sandbox.api('GET', `/visitors/${visitorId}/chats/${chatId}/events`)).body
						.result;
				assert.ok(
					(await events()).some(
						(e) => e.type === 'operator-message' && e.params.text === 'We ship within 2 days.',
					),
					'the AI reply is not in the chat',
				);

				// hand-off: one operator online, the agent answers HANDOFF
				const helper = (await ctx.sandbox.state()).operators.find((o) => o.id !== ownerId);
				const online = await ctx.sandbox.api('POST', `/operators/${helper.id}/status`, {
					status: 'online',
					ttl: 3600,
				});
				assert.equal(online.status, 200, online.text);
				for (const o of (await ctx.sandbox.api('GET', '/operators')).body.result) {
					if (o.id !== helper.id && o.realStatus === 'online') {
						await ctx.sandbox.api('POST', `/operators/${o.id}/status`, {
							status: 'offline',
							ttl: 3600,
						});
					}
				}
				ctx.sink.reply(agent, { output: 'HANDOFF' });
				await ctx.sandbox.visitorMessage(visitorId, 'I want to talk to a person');
				const second = await latestExecution(ctx, id, 2);
				assert.equal(second.status, 'success', JSON.stringify(second.data?.resultData?.error));
				assert.equal(nodeOutput(second, 'Find Online Operator')[0].id, helper.id);
				const assign = (await ctx.sandbox.requests()).filter(
					(r) => r.method === 'PUT' && r.path === `/api/v1/visitors/${visitorId}/chats`,
				);
				assert.equal(assign.length, 1);
				assert.deepEqual(assign[0].body.operators, [helper.id]);
				// (the bot's hand-off message then adds the operator it writes as)
				const chat = (await ctx.sandbox.api('GET', `/visitors/${visitorId}/chats/${chatId}`)).body
					.result;
				assert.ok(chat.operators.includes(helper.id), JSON.stringify(chat.operators));
				assert.ok(
					(await events()).some(
						(e) =>
							e.type === 'operator-message' &&
							e.params.text.includes(`${helper.name} from our team takes over`),
					),
					'the visitor was not told about the hand-off',
				);
			} finally {
				await ctx.n8n.deactivate(id);
			}
		},
	],
	[
		'chat finished -> e-mail: the transcript and the visitor reach the mail',
		async (ctx) => {
			const id = await activateWithSink(ctx, 'chat-finished-transcript-email.json');
			try {
				await subscribed(ctx, ['chat.finished']);
				const mail = channelOf('Email Transcript');
				const { visitorId, chatId } = await ctx.sandbox.startChat({
					name: 'Grace Hopper',
					email: 'grace@example.com',
					text: 'Can I change my plan?',
				});
				await ctx.sandbox.operatorReply(
					visitorId,
					'Sure, under Settings > Billing.',
					ctx.sandbox.ownerId,
				);
				await ctx.sandbox.finishChat(visitorId);
				const [sent] = await waitFor(
					'the e-mail at the sink',
					() => ctx.sink.on(mail).length && ctx.sink.on(mail),
				);
				assert.equal(sent.body.subject, `Chaport chat ${chatId} with Grace Hopper`);
				assert.equal(sent.body.toEmail, 'support-archive@example.com');
				assert.match(sent.body.text, /Grace Hopper <grace@example\.com>/);
				assert.match(sent.body.text, /Visitor: Can I change my plan\?/);
				assert.match(sent.body.text, /Sure, under Settings > Billing\./);
			} finally {
				await ctx.n8n.deactivate(id);
			}
		},
	],
	[
		'operator status report: one Slack post listing who is online',
		async (ctx) => {
			const schedulePath = `e2e-schedule-${randomUUID()}`;
			const id = await activateWithSink(ctx, 'operator-status-report.json', { schedulePath });
			try {
				const res = await waitFor('the schedule stand-in webhook', async () => {
					const r = await http('POST', `${ctx.n8n.url}/webhook/${schedulePath}`, { json: {} });
					return r.status === 404 ? false : r;
				});
				assert.equal(res.status, 200, res.text);
				const posts = ctx.sink.on(channelOf('Post Status to Slack'));
				assert.equal(posts.length, 1, 'Execute Once: expected exactly one Slack post');
				const operators = (await ctx.sandbox.api('GET', '/operators')).body.result;
				const online = operators.filter((o) => o.realStatus === 'online').map((o) => o.name);
				const others = operators.filter((o) => o.realStatus !== 'online').map((o) => o.name);
				assert.equal(
					posts[0].body.text,
					`*Chaport operators*\nOnline: ${online.join(', ') || 'nobody'}\nNot online: ${others.join(', ') || 'nobody'}`,
				);
			} finally {
				await ctx.n8n.deactivate(id);
			}
		},
	],
];
