// The AI-agent example (examples/visitor-message-ai-agent-with-chaport-tools.json) with n8n's
// real AI Agent and OpenAI Chat Model nodes and the Chaport Tool nodes on the agent's ai_tool
// input. Only the model is replaced: the OpenAI credential's Base URL points at a local stub
// (lib/openaiStub.mjs) that plays scripted model turns — which tools to call with which
// arguments, then a final answer — while n8n runs the tools against the Chaport sandbox.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { screenshotsWanted, signedInPage } from '../lib/browser.mjs';
import { readExamples, useCredential } from '../lib/examples.mjs';
import { requireN8nMajor } from '../lib/lanes.mjs';
import { startOpenAiStub } from '../lib/openaiStub.mjs';
import { onCleanup } from '../lib/processes.mjs';
import { waitFor } from '../lib/net.mjs';
import { byId, triggerListening } from '../lib/workflows.mjs';

const FILE = 'visitor-message-ai-agent-with-chaport-tools.json';
const TOOL_TYPE = 'n8n-nodes-chaport.chaportTool';

/** The OpenAI stub and its n8n credential, made once for the module. */
async function model(ctx) {
	if (!ctx.openAi) {
		const stub = await startOpenAiStub();
		onCleanup(() => stub.close());
		const credential = await ctx.n8n.createCredential('OpenAI stub', 'openAiApi', {
			apiKey: 'sk-local-stub-not-a-real-key',
			url: stub.baseUrl,
			header: false,
		});
		ctx.openAi = { stub, credential };
	}
	return ctx.openAi;
}

function exampleWorkflow(ctx) {
	requireN8nMajor(ctx, 2, 'the AI agent example (its AI Agent node is version 3.1)');
	const found = readExamples(join(ctx.repoDir, 'examples')).find((e) => e.file === FILE);
	assert.ok(found, `examples/${FILE} is missing`);
	return found.workflow;
}

const node = (workflow, name) => workflow.nodes.find((n) => n.name === name);
const toolName = (name) => name.replace(/[^a-zA-Z0-9_-]+/g, '_');

/**
 * The example as a user would set it up: Chaport and OpenAI credentials, the sandbox's owner as
 * the bot operator; optionally the team hand-off enabled with `teamId`, and the model node's "Use
 * Responses API" turned off (`chatCompletions`).
 */
async function prepareExample(ctx, { teamId, chatCompletions = false } = {}) {
	const { credential: openAiCredential } = await model(ctx);
	const workflow = useCredential(exampleWorkflow(ctx), ctx.credential);
	workflow.name = `e2e: ${workflow.name}`;
	for (const n of workflow.nodes) {
		if (n.webhookId) n.webhookId = randomUUID();
		if (n.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi') {
			n.credentials = { openAiApi: { id: openAiCredential.id, name: openAiCredential.name } };
			if (chatCompletions) n.parameters.responsesApiEnabled = false;
		}
	}
	node(workflow, 'Send Reply').parameters.operatorId = byId(ctx.sandbox.ownerId);
	node(workflow, 'Visitor Message').parameters.options.ignoreOperatorId = byId(ctx.sandbox.ownerId);
	if (teamId) {
		const team = node(workflow, 'Hand Off to Team');
		delete team.disabled;
		team.parameters.updateFields.teamId = teamId;
	}
	return workflow;
}

async function activateExample(ctx, options) {
	// a workflow of an earlier test that still listens would answer these visitors too
	await waitFor('no other workflow listening to visitor messages', async () =>
		(await ctx.sandbox.subscriptions()).every((s) => s.event !== 'chat.newEvent.visitorMessage'),
	);
	const workflow = await prepareExample(ctx, options);
	const created = await ctx.n8n.createWorkflow(workflow);
	await ctx.n8n.activate(created.id);
	const { webhookId } = node(workflow, 'Visitor Message');
	await triggerListening(ctx, webhookId);
	return { id: created.id, webhookId };
}

/**
 * Unpublishes the workflow and waits until its trigger has removed its Chaport subscription, so
 * that no later test's visitor message reaches this workflow (and plays that test's model turns).
 */
async function deactivateExample(ctx, { id, webhookId }) {
	await ctx.n8n.deactivate(id);
	await waitFor('the trigger subscription to be removed', async () =>
		(await ctx.sandbox.subscriptions()).every((s) => !s.targetUrl.includes(webhookId)),
	);
}

/**
 * Lets the visitor write (`act` talks to the sandbox and returns the visitor's and chat's ids),
 * then returns those ids and the workflow's finished execution with its data.
 */
async function visitorWrites(ctx, workflowId, act) {
	const ids = await act();
	const [latest] = await ctx.n8n.waitForExecutions(workflowId, 1, 90000).catch(async (error) => {
		const deliveries = (await ctx.sandbox.deliveries())
			.filter((d) => JSON.stringify(d.body).includes(ids.visitorId))
			.map(({ event, status, error: failure }) => ({ event, status, failure }));
		throw new Error(`${error.message}; deliveries: ${JSON.stringify(deliveries)}`);
	});
	const execution = await ctx.n8n.api('GET', `/executions/${latest.id}?includeData=true`);
	return { ...ids, execution };
}

const newChat = (ctx, chat) => () => ctx.sandbox.startChat(chat);

/** What each run of a tool node received (the model's arguments) and returned, in call order. */
function toolRuns(execution, name) {
	return (execution.data.resultData.runData[name] ?? []).map((run) => ({
		input: run.inputOverride?.ai_tool?.[0]?.[0]?.json,
		output: (run.data?.ai_tool?.[0] ?? []).map((item) => item.json),
		error: run.error?.message,
	}));
}

function agentOutput(execution) {
	const runs = execution.data.resultData.runData['AI Agent'] ?? [];
	const last = runs.at(-1);
	return last?.data?.main?.[0]?.[0]?.json?.output;
}

const succeeded = (execution) =>
	assert.equal(
		execution.status,
		'success',
		JSON.stringify(execution.data?.resultData?.error ?? execution.status),
	);

/** A scripted turn: call these tools (name -> arguments). */
const call = (...calls) => ({ calls: calls.map(([name, args = {}]) => ({ name, args })) });

/** The latest result the model was shown for `tool`, parsed. */
function resultOf(view, tool) {
	const result = view.toolResults.filter((r) => r.name === tool).at(-1);
	if (!result) throw new Error(`the model was not shown a ${tool} result`);
	return JSON.parse(result.output);
}

async function events(ctx, visitorId, chatId) {
	const res = await ctx.sandbox.api('GET', `/visitors/${visitorId}/chats/${chatId}/events`);
	return res.body.result;
}

async function requestsFor(ctx, method, pathEnd) {
	return (await ctx.sandbox.requests()).filter(
		(r) => r.method === method && r.path.endsWith(pathEnd),
	);
}

export const tests = [
	[
		'the agent is offered the Chaport tools with their descriptions and only the $fromAI inputs',
		async (ctx) => {
			const { stub } = await model(ctx);
			const workflow = exampleWorkflow(ctx);
			const tools = workflow.nodes.filter((n) => n.type === TOOL_TYPE && !n.disabled);
			stub.script([
				(view) => {
					// one-shot: answer without tools; the point is what the model was offered
					return { text: `offered ${view.tools.map((t) => t.name).join(',')}` };
				},
			]);
			const active = await activateExample(ctx);
			try {
				const { execution } = await visitorWrites(ctx, active.id, newChat(ctx, { text: 'Hello?' }));
				succeeded(execution);
				const [request] = stub.requests;
				assert.equal(request.api, 'responses', 'OpenAI Chat Model 1.3 uses the Responses API');
				const offered = Object.fromEntries(request.view.tools.map((t) => [t.name, t]));
				assert.deepEqual(Object.keys(offered).sort(), tools.map((t) => toolName(t.name)).sort());
				const inputs = (name) => Object.keys(offered[name].parameters?.properties ?? {}).sort();
				assert.deepEqual(inputs('Look_Up_Visitor'), []);
				assert.deepEqual(inputs('List_Visitor_Chats'), []);
				assert.deepEqual(inputs('Read_Chat_Messages'), ['chatId']);
				assert.equal(offered.Read_Chat_Messages.parameters.properties.chatId.type, 'number');
				assert.deepEqual(inputs('Send_Reply'), ['text']);
				assert.deepEqual(inputs('List_Online_Operators'), []);
				assert.deepEqual(inputs('Hand_Off_to_Operator'), ['operatorId']);
				for (const t of tools) {
					assert.equal(offered[toolName(t.name)].description, t.parameters.toolDescription);
				}
				assert.match(request.view.system, /untrusted/);
				assert.match(request.view.user, /Hello\?/, 'the transcript is in the prompt');
				assert.match(agentOutput(execution), /^offered /);
			} finally {
				await deactivateExample(ctx, active);
			}
		},
	],
	[
		'the agent looks up the visitor (custom fields), reads the earlier messages and replies once as the bot operator',
		async (ctx) => {
			const { stub } = await model(ctx);
			// a chat that began before the workflow was published, with a visitor who has custom fields
			const { visitorId, chatId } = await ctx.sandbox.startChat({
				name: 'Ada Lovelace',
				email: 'ada@example.com',
				text: 'Hi, I ordered a book last week.',
			});
			const custom = await ctx.sandbox.api('PUT', `/visitors/${visitorId}`, {
				custom: { plan: 'Pro', lastOrder: '#123' },
			});
			assert.equal(custom.status, 200, custom.text);
			const reply = 'Hi Ada! Order #123 left our warehouse today and arrives within 2 days.';
			let chatIdInPrompt;
			stub.script([
				(view) => {
					chatIdInPrompt = Number(/chat (\d+)/.exec(view.user)?.[1]);
					return call(['Look_Up_Visitor'], ['Read_Chat_Messages', { chatId: chatIdInPrompt }]);
				},
				(view) => {
					const [visitor] = resultOf(view, 'Look_Up_Visitor');
					const [chat] = resultOf(view, 'Read_Chat_Messages');
					if (visitor.custom?.lastOrder !== '#123') throw new Error(JSON.stringify(visitor));
					if (
						!/Visitor: Hi, I ordered a book last week\.\n.*Visitor: Where is it\?$/.test(
							chat.transcript.text,
						)
					)
						throw new Error(JSON.stringify(chat));
					return call(['Send_Reply', { text: reply }]);
				},
				(view) => {
					const [sent] = resultOf(view, 'Send_Reply');
					return { text: `REPLIED (message ${sent.id})` };
				},
			]);
			const active = await activateExample(ctx);
			try {
				const before = (await requestsFor(ctx, 'POST', '/api/v1/messages')).length;
				const { execution } = await visitorWrites(ctx, active.id, async () => {
					await ctx.sandbox.visitorMessage(visitorId, 'Where is it?');
					return { visitorId, chatId };
				});
				succeeded(execution);
				assert.equal(stub.pending(), 0, 'not every scripted model turn was used');
				assert.equal(chatIdInPrompt, chatId);
				// the trigger's transcript (both messages) is in the prompt, fenced
				assert.match(
					stub.requests[0].view.user,
					/<<<chat\n.*Visitor: Hi, I ordered a book last week\.\n.*Visitor: Where is it\?\nchat>>>/,
				);

				// what the tools received and returned
				const [lookUp] = toolRuns(execution, 'Look Up Visitor');
				assert.equal(lookUp.output[0].id, visitorId);
				assert.deepEqual(lookUp.output[0].custom, { plan: 'Pro', lastOrder: '#123' });
				const [read] = toolRuns(execution, 'Read Chat Messages');
				assert.equal(read.input.chatId, chatId);
				const [shownChat] = resultOf(stub.requests[1].view, 'Read_Chat_Messages');
				assert.deepEqual(
					Object.keys(shownChat.transcript),
					['text'],
					'more than the text reached the model',
				);
				const sends = toolRuns(execution, 'Send Reply');
				assert.equal(sends.length, 1);
				assert.equal(sends[0].input.text, reply);

				// what the sandbox saw: the reply sent once, by the bot operator, into this chat
				const posts = (await requestsFor(ctx, 'POST', '/api/v1/messages')).slice(before);
				assert.equal(posts.length, 1, JSON.stringify(posts));
				const replies = (await events(ctx, visitorId, chatId)).filter(
					(e) => e.type === 'operator-message',
				);
				assert.equal(replies.length, 1);
				assert.equal(replies[0].params.text, reply);
				assert.equal(replies[0].params.operatorId, ctx.sandbox.ownerId);
				assert.match(agentOutput(execution), /^REPLIED \(message .+\)$/);
			} finally {
				await deactivateExample(ctx, active);
			}
		},
	],
	[
		'the same reply to two visitor messages of one chat is sent twice, each once',
		async (ctx) => {
			const { stub } = await model(ctx);
			const question = 'Could you tell me your order number?';
			const replyTurns = () => [
				() => call(['Send_Reply', { text: question }]),
				(view) => {
					resultOf(view, 'Send_Reply');
					return { text: 'REPLIED (asked for the order number)' };
				},
			];
			const active = await activateExample(ctx);
			try {
				stub.script(replyTurns());
				const first = await visitorWrites(
					ctx,
					active.id,
					newChat(ctx, { text: 'Where is my parcel?' }),
				);
				succeeded(first.execution);
				const { visitorId, chatId } = first;
				stub.script(replyTurns());
				await ctx.sandbox.visitorMessage(visitorId, 'Hello? Where is my parcel?');
				const [latest] = await ctx.n8n.waitForExecutions(active.id, 2, 90000);
				const second = await ctx.n8n.api('GET', `/executions/${latest.id}?includeData=true`);
				succeeded(second);
				assert.equal(stub.pending(), 0, 'not every scripted model turn was used');
				const asked = (await events(ctx, visitorId, chatId)).filter(
					(e) => e.type === 'operator-message' && e.params.text === question,
				);
				assert.equal(asked.length, 2, 'the second, identical reply was taken for a repeat');
			} finally {
				await deactivateExample(ctx, active);
			}
		},
	],
	[
		'the agent hands the chat off to an online operator and tells the visitor',
		async (ctx) => {
			const { stub } = await model(ctx);
			const { ownerId } = ctx.sandbox;
			const helper = (await ctx.sandbox.state()).operators.find((o) => o.id !== ownerId);
			for (const o of (await ctx.sandbox.api('GET', '/operators')).body.result) {
				const status = o.id === helper.id ? 'online' : 'offline';
				const res = await ctx.sandbox.api('POST', `/operators/${o.id}/status`, {
					status,
					ttl: 3600,
				});
				assert.equal(res.status, 200, res.text);
			}
			stub.script([
				() => call(['List_Online_Operators']),
				(view) => {
					const operators = resultOf(view, 'List_Online_Operators');
					if (operators.length !== 1) throw new Error(JSON.stringify(operators));
					return call(['Hand_Off_to_Operator', { operatorId: operators[0].id }]);
				},
				(view) => {
					const [chat] = resultOf(view, 'Hand_Off_to_Operator');
					if (!JSON.stringify(chat.operators).includes(helper.id)) throw new Error(JSON.stringify(chat));
					const name = resultOf(view, 'List_Online_Operators')[0].name;
					return call(['Send_Reply', { text: `${name} from our team takes over now.` }]);
				},
				() => ({ text: 'HANDED OFF (the visitor asked for a person)' }),
			]);
			const active = await activateExample(ctx);
			try {
				const { visitorId, chatId, execution } = await visitorWrites(
					ctx,
					active.id,
					newChat(ctx, { text: 'I want to talk to a person, please.' }),
				);
				succeeded(execution);
				assert.equal(stub.pending(), 0, 'not every scripted model turn was used');
				const [handOff] = toolRuns(execution, 'Hand Off to Operator');
				assert.equal(handOff.input.operatorId, helper.id);
				const assigns = (
					await requestsFor(ctx, 'PUT', `/api/v1/visitors/${visitorId}/chats`)
				).filter((r) => Array.isArray(r.body?.operators));
				assert.equal(assigns.length, 1, JSON.stringify(assigns));
				assert.deepEqual(assigns[0].body.operators, [helper.id]);
				const chat = (await ctx.sandbox.api('GET', `/visitors/${visitorId}/chats/${chatId}`)).body
					.result;
				assert.ok(chat.operators.includes(helper.id), JSON.stringify(chat.operators));
				const told = (await events(ctx, visitorId, chatId)).filter(
					(e) => e.type === 'operator-message',
				);
				assert.deepEqual(
					told.map((e) => e.params.text),
					[`${helper.name} from our team takes over now.`],
				);
				assert.equal(agentOutput(execution), 'HANDED OFF (the visitor asked for a person)');
			} finally {
				await deactivateExample(ctx, active);
			}
		},
	],
	[
		'a chat number that does not exist: the model reads the error and the run goes on (team hand-off)',
		async (ctx) => {
			const { stub } = await model(ctx);
			const teamId = '60d5f1a2b3c4d5e6f7a8b9c0';
			const missingChat = 987654;
			stub.script([
				() => call(['Read_Chat_Messages', { chatId: missingChat }]),
				(view) => {
					const [result] = resultOf(view, 'Read_Chat_Messages');
					if (!result.error) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
					return call(['Hand_Off_to_Team']);
				},
				(view) => {
					resultOf(view, 'Hand_Off_to_Team');
					return { text: 'HANDED OFF (could not read the chat)' };
				},
			]);
			const active = await activateExample(ctx, { teamId });
			try {
				const { visitorId, execution } = await visitorWrites(
					ctx,
					active.id,
					newChat(ctx, { text: 'What did we talk about last time?' }),
				);
				succeeded(execution);
				assert.equal(stub.pending(), 0, 'not every scripted model turn was used');
				const [read] = toolRuns(execution, 'Read Chat Messages');
				assert.equal(read.input.chatId, missingChat);
				const shown = resultOf(stub.requests[1].view, 'Read_Chat_Messages')[0].error;
				assert.match(shown, new RegExp(`no chat ${missingChat} of visitor "${visitorId}"`));
				assert.doesNotMatch(shown, /sandbox-token|Bearer/i);
				const teamPuts = (
					await requestsFor(ctx, 'PUT', `/api/v1/visitors/${visitorId}/chats`)
				).filter((r) => r.body?.team !== undefined);
				assert.equal(teamPuts.length, 1);
				assert.equal(teamPuts[0].body.team, teamId);
				assert.equal(agentOutput(execution), 'HANDED OFF (could not read the chat)');
			} finally {
				await deactivateExample(ctx, active);
			}
		},
	],
	[
		'with "Use Responses API" off, the model node calls Chat Completions and the tools work alike',
		async (ctx) => {
			const { stub } = await model(ctx);
			stub.script([
				(view) => {
					if (!view.tools.some((t) => t.name === 'Send_Reply')) throw new Error('no Send_Reply');
					return call(['Send_Reply', { text: 'We are open 9 to 5, Monday to Friday.' }]);
				},
				(view) => {
					const [sent] = resultOf(view, 'Send_Reply');
					return { text: `REPLIED (message ${sent.id})` };
				},
			]);
			const active = await activateExample(ctx, { chatCompletions: true });
			try {
				const { visitorId, chatId, execution } = await visitorWrites(
					ctx,
					active.id,
					newChat(ctx, { text: 'When are you open?' }),
				);
				succeeded(execution);
				assert.deepEqual(
					stub.requests.map((r) => r.api),
					['chat', 'chat'],
				);
				const replies = (await events(ctx, visitorId, chatId)).filter(
					(e) => e.type === 'operator-message',
				);
				assert.deepEqual(
					replies.map((e) => e.params.text),
					['We are open 9 to 5, Monday to Friday.'],
				);
				assert.match(agentOutput(execution), /^REPLIED \(message .+\)$/);
			} finally {
				await deactivateExample(ctx, active);
			}
		},
	],
	[
		'the example on the canvas: the agent with its model and Chaport tools (E2E_SCREENSHOTS=1: docs/agent-workflow.png)',
		async (ctx) => {
			const workflow = await prepareExample(ctx);
			workflow.name = exampleWorkflow(ctx).name; // as a user sees it after importing
			const created = await ctx.n8n.createWorkflow(workflow);
			const { page, close } = await signedInPage(ctx, { width: 1440, height: 900 });
			try {
				await page.goto(`${ctx.n8n.url}/workflow/${created.id}`);
				await page.getByTestId('canvas-wrapper').waitFor({ timeout: 120000 });
				const onCanvas = (type) =>
					page.locator(`[data-test-id="canvas-node"][data-node-type="${type}"]`);
				const tools = workflow.nodes.filter((n) => n.type === TOOL_TYPE);
				await onCanvas('@n8n/n8n-nodes-langchain.agent').waitFor();
				await onCanvas(TOOL_TYPE)
					.nth(tools.length - 1)
					.waitFor();
				assert.equal(await onCanvas(TOOL_TYPE).count(), tools.length);
				for (const tool of tools) {
					await page
						.locator(`[data-test-id="canvas-node"][data-node-name="${tool.name}"]`)
						.waitFor();
				}
				if (screenshotsWanted()) {
					// the floating "Execute workflow" button would cover the tools in the picture
					await page.addStyleTag({
						content: '[data-test-id="execute-workflow-button"] { visibility: hidden; }',
					});
					// let the canvas finish fitting the view before the picture
					await page.waitForTimeout(1500);
					await page.screenshot({ path: join(ctx.repoDir, 'docs', 'agent-workflow.png') });
				}
				// the tool variant's own defaults ('@tool'): Read Chat Messages sets neither Output nor
				// Most Recent Messages, and the editor shows Transcript Text and 50
				await page
					.locator('[data-test-id="canvas-node"][data-node-name="Read Chat Messages"]')
					.dblclick();
				const output = page.getByTestId('parameter-input-output').locator('input').first();
				await output.waitFor();
				assert.equal(await output.inputValue(), 'Transcript Text');
				const max = page.getByTestId('parameter-input-maxMessages').locator('input').first();
				assert.equal(await max.inputValue(), '50');
				await page.getByTestId('ndv-close-button').click();
			} finally {
				await close();
				await ctx.n8n.api('DELETE', `/workflows/${created.id}`);
			}
		},
	],
];
