// The editor in a real browser: Debian's Chromium driven by playwright-core (no browser download).
// Logs in as the owner, finds "Chaport" in the node panel, adds the trigger and the action node,
// and checks that the Events, Resource and Operation dropdowns list what the node types offer.
// With E2E_SCREENSHOTS=1, leaves a screenshot of the Chaport node's panel in docs/editor.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { screenshotsWanted, signedInPage, UI_TIMEOUT_MS } from '../lib/browser.mjs';

const state = {};

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
			const { page, close } = await signedInPage(ctx, { width: 1440, height: 900 });
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
			assert.ok(page, 'the browser did not start');
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
		'the Chaport node lists its resources and operations (E2E_SCREENSHOTS=1: docs/editor.png)',
		async ({ repoDir }) => {
			const { page, types } = state;
			assert.ok(page, 'the browser did not start');
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
			if (screenshotsWanted()) {
				mkdirSync(join(repoDir, 'docs'), { recursive: true });
				// let the dropdown's opening animation finish, or the picture shows it half-faded
				await page.waitForTimeout(1000);
				await page.screenshot({ path: join(repoDir, 'docs', 'editor.png') });
			}
			await closeDropdown(page);
		},
	],
	[
		'close the browser',
		async () => {
			await state.close?.();
		},
	],
];
