// The editor in a real browser: Debian's Chromium driven by playwright-core (no browser download).
// Logs in as the owner, finds "Chaport" in the node panel, adds the trigger and the action node,
// and checks that the Events, Resource and Operation dropdowns list what the node types offer;
// that an Include option turns on when added; n8n's conventions on the canvas and in the panels
// (subtitles from the action or the events, "Add option", the Docs link, the credential's regions);
// and that a transcript shows in the output panel in the one transcript shape.
// With E2E_SCREENSHOTS=1, leaves screenshots in docs/ (editor.png, trigger.png, credential.png).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { screenshotsWanted, signedInPage, UI_TIMEOUT_MS } from '../lib/browser.mjs';
import { SkipTest } from '../lib/lanes.mjs';
import { byId, chaportNode } from '../lib/workflows.mjs';

const state = {};

/** The later tests need the browser of the first one (skipped in the n8n 1.x lane). */
function browserStarted(page) {
	if (state.skipped) throw new SkipTest(state.skipped);
	assert.ok(page, 'the browser did not start');
}

/** The visible options of the open dropdown: their names (first line; the description follows). */
async function openOptions(page) {
	const options = page.locator('.el-select-dropdown__item:visible');
	await options.first().waitFor({ timeout: UI_TIMEOUT_MS });
	return (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
}

async function closeDropdown(page) {
	await page.keyboard.press('Escape');
	await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
}

async function nodeTypes(n8n) {
	const res = await n8n.session('GET', '/types/nodes.json');
	assert.equal(res.status, 200);
	return res.body;
}

const optionNames = (type, parameter, predicate = () => true) =>
	type.properties
		.filter((p) => p.name === parameter && predicate(p))
		.flatMap((p) => p.options.map((o) => o.name));

async function screenshot(page, repoDir, file) {
	if (!screenshotsWanted()) return;
	mkdirSync(join(repoDir, 'docs'), { recursive: true });
	// let animations finish, or the picture shows them half-way
	await page.waitForTimeout(1000);
	await page.screenshot({ path: join(repoDir, 'docs', file) });
}

/** The lines of a node on the canvas: its name, then its subtitle. */
async function canvasNodeLines(page, name) {
	const node = page.getByTestId('canvas-node').filter({ hasText: name }).first();
	await node.waitFor();
	return (await node.innerText()).split('\n').map((line) => line.trim());
}

async function openChaportInNodePanel(page) {
	await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('Chaport');
	const creator = page.getByTestId('node-creator');
	await creator
		.getByTestId('node-creator-item-name')
		.filter({ hasText: /^Chaport$/ })
		.click();
	return creator;
}

export const tests = [
	[
		'log in and find Chaport in the node panel (trigger events and actions)',
		async (ctx) => {
			const { n8n } = ctx;
			const { page, close } = await signedInPage(ctx, { width: 1440, height: 900 }).catch(
				(error) => {
					// the n8n 1.x lane: the later tests are skipped for the same reason
					if (error instanceof SkipTest) state.skipped = error.message;
					throw error;
				},
			);
			state.page = page;
			state.close = close;

			await page.goto(`${n8n.url}/workflow/new`);
			await page.getByTestId('canvas-wrapper').waitFor({ timeout: 120000 });
			const creator = await openChaportInNodePanel(page);
			const types = await nodeTypes(n8n);
			const trigger = types.find((t) => t.name === 'n8n-nodes-chaport.chaportTrigger');
			// n8n turns each trigger event into an "On <event>" entry
			for (const event of optionNames(trigger, 'events')) {
				await creator.getByText(`On ${event.toLowerCase()}`, { exact: true }).waitFor();
			}
			await creator.getByText(/^Actions \(\d+\)$/).waitFor();
			await creator.getByText('Installed').waitFor();
			state.types = types;
		},
	],
	[
		"the trigger's Events dropdown lists its events",
		async () => {
			const { page, types } = state;
			browserStarted(page);
			await page.getByTestId('node-creator').getByText('On chat started', { exact: true }).click();
			const events = page.getByTestId('parameter-input-events');
			await events.waitFor();
			await events.click();
			const trigger = types.find((t) => t.name === 'n8n-nodes-chaport.chaportTrigger');
			assert.deepEqual(await openOptions(page), optionNames(trigger, 'events'));
			assert.match(await events.innerText(), /Chat Started/);
			await closeDropdown(page);
			await page.getByTestId('ndv-close-button').click();
		},
	],
	[
		"the trigger's Options: 'Add option', and an added Include option is on; Docs link and canvas subtitle (E2E_SCREENSHOTS=1: docs/trigger.png)",
		async ({ repoDir }) => {
			const { page, types } = state;
			browserStarted(page);
			const trigger = types.find((t) => t.name === 'n8n-nodes-chaport.chaportTrigger');
			await page
				.getByTestId('canvas-node')
				.filter({ hasText: 'Chaport Trigger' })
				.first()
				.dblclick();
			const ndv = page.getByTestId('ndv');
			const add = page.getByTestId('collection-parameter-add');
			await add.waitFor();
			// n8n's sentence case for the collection button
			assert.equal(await add.locator('input').getAttribute('placeholder'), 'Add option');
			await add.click();
			await page
				.locator('.el-select-dropdown__item:visible')
				.filter({ hasText: 'Include Transcript' })
				.first()
				.click();
			// Adding the option turns it on: the test event then comes with the transcript.
			const include = ndv.getByTestId('parameter-input-includeTranscript').locator('.el-switch');
			await include.waitFor();
			assert.equal(await include.locator('input').getAttribute('aria-checked'), 'true');
			// The Docs link lands on the README section: n8n opens the node's own URL unchanged.
			const docs = ndv.getByRole('link', { name: 'Docs' }).first();
			assert.equal(await docs.getAttribute('href'), trigger.documentationUrl);
			await screenshot(page, repoDir, 'trigger.png');
			await page.getByTestId('ndv-close-button').click();
			// the canvas subtitle names the events, not their API values
			assert.deepEqual((await canvasNodeLines(page, 'Chaport Trigger')).slice(0, 2), [
				'Chaport Trigger',
				'Chat Started',
			]);
		},
	],
	[
		'the Chaport node lists its resources and operations (E2E_SCREENSHOTS=1: docs/editor.png)',
		async ({ repoDir }) => {
			const { page, types } = state;
			browserStarted(page);
			const creator = await openChaportInNodePanel(page);
			await creator.getByText('Get a visitor', { exact: true }).click();
			const action = types.find((t) => t.name === 'n8n-nodes-chaport.chaport');

			const resource = page.getByTestId('parameter-input-resource');
			await resource.waitFor();
			await resource.click();
			const resources = await openOptions(page);
			assert.deepEqual(resources, optionNames(action, 'resource'));
			assert.ok(resources.includes('Visitor') && resources.includes('Chat'), resources.join(', '));
			await closeDropdown(page);

			const operation = page.getByTestId('parameter-input-operation');
			await operation.click();
			const visitorOperations = optionNames(action, 'operation', (p) =>
				p.displayOptions?.show?.resource?.includes('visitor'),
			);
			assert.deepEqual(await openOptions(page), visitorOperations);
			await screenshot(page, repoDir, 'editor.png');
			await closeDropdown(page);
			const docs = page.getByTestId('ndv').getByRole('link', { name: 'Docs' }).first();
			assert.equal(await docs.getAttribute('href'), action.documentationUrl);
			await page.getByTestId('ndv-close-button').click();
			// the canvas subtitle is the operation's action, as in n8n's own nodes, not "get: visitor"
			const [, subtitle] = await canvasNodeLines(page, 'Get a visitor');
			assert.equal(subtitle, 'Get a visitor');
		},
	],
	[
		"Message Get Many's transcript in the output panel: one item with transcript.text, .messages (role, name) and .events",
		async ({ n8n, sandbox, credential }) => {
			const { page } = state;
			browserStarted(page);
			const { visitorId } = await sandbox.startChat({
				name: 'Editor Tester',
				text: 'Is the transcript one shape?',
			});
			await sandbox.operatorReply(visitorId, 'Yes, everywhere.', sandbox.ownerId);
			const workflow = await n8n.createWorkflow({
				name: 'Editor: transcript',
				nodes: [
					{
						id: randomUUID(),
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						...chaportNode(
							'Get Transcript',
							{
								resource: 'message',
								operation: 'getAll',
								visitorId: byId(visitorId),
								// empty: the visitor's last chat
								chatId: '',
								output: 'transcript',
								options: {},
							},
							credential,
						),
						position: [260, 0],
					},
				],
				connections: { Start: { main: [[{ node: 'Get Transcript', type: 'main', index: 0 }]] } },
			});
			await page.goto(`${n8n.url}/workflow/${workflow.id}`);
			await page.getByTestId('canvas-wrapper').waitFor({ timeout: 120000 });
			await page.getByTestId('execute-workflow-button').click();
			await page
				.getByTestId('canvas-node')
				.filter({ hasText: 'Get Transcript' })
				.first()
				.dblclick();
			const output = page.getByTestId('output-panel');
			await output.getByText('JSON', { exact: true }).first().click();
			await output.getByText('"transcript"', { exact: false }).first().waitFor();
			const json = (await output.innerText()).replace(/\s+/g, '');
			assert.match(json, /"transcript":\{"text":"\[[-\d:]+\]Visitor:Isthetranscriptoneshape\?/);
			assert.match(json, /"messages":\[\{"role":"visitor","name":"Visitor"/);
			assert.match(json, /\{"role":"operator","name":"[^"]+","operatorId":/);
			assert.match(json, /"events":\[\{"id":"[^"]+","type":"visitor-message"/);
			await page.getByTestId('ndv-close-button').click();
		},
	],
	[
		'the credential: setup help always visible, regions as you sign in, Custom URL last (E2E_SCREENSHOTS=1: docs/credential.png)',
		async ({ n8n, credential, repoDir }) => {
			const { page } = state;
			browserStarted(page);
			await page.goto(`${n8n.url}/home/credentials/${credential.id}`);
			const dialog = page.getByRole('dialog').first();
			await dialog
				.getByText(/Settings → API/)
				.first()
				.waitFor();
			const region = dialog.getByTestId('parameter-input-region');
			await region.click();
			assert.deepEqual(await openOptions(page), [
				'Global (app.chaport.com)',
				'Russia (app.chaport.ru)',
				'Custom URL',
			]);
			await closeDropdown(page);
			await screenshot(page, repoDir, 'credential.png');
			await page.keyboard.press('Escape');
		},
	],
	[
		'close the browser',
		async () => {
			await state.close?.();
		},
	],
];
