// Debian's Chromium driven by playwright-core from the harness (no browser download), signed in
// to n8n as the owner; and whether this run should (re)write the screenshots under docs/.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { requireN8nMajor } from './lanes.mjs';
import { onCleanup } from './processes.mjs';
import { OWNER } from './stack.mjs';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
export const UI_TIMEOUT_MS = 60000;

/**
 * Screenshots under docs/ are written only when E2E_SCREENSHOTS=1, so that a test run leaves the
 * working tree as it was (`E2E_SCREENSHOTS=1 npm run test:e2e` refreshes them).
 */
export const screenshotsWanted = () => process.env.E2E_SCREENSHOTS === '1';

/**
 * A signed-in page of n8n in a new headless Chromium; closed by cleanup() or `close()`. The
 * browser steps follow the n8n 2.x editor, so a test that needs one is skipped (with this reason
 * printed) in the n8n 1.x lane, whose sign-in page and panels differ.
 */
export async function signedInPage(ctx, viewport) {
	requireN8nMajor(ctx, 2, "driving the editor in Chromium (the steps follow n8n 2.x's screens)");
	const { n8n, harnessDir, workDir } = ctx;
	const { chromium, selectors } = createRequire(join(harnessDir, 'package.json'))(
		'playwright-core',
	);
	selectors.setTestIdAttribute('data-test-id'); // n8n's attribute
	mkdirSync(join(workDir, 'chromium'), { recursive: true });
	const context = await chromium.launchPersistentContext(
		mkdtempSync(join(workDir, 'chromium', 'profile-')),
		{ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport },
	);
	onCleanup(() => context.close());
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(UI_TIMEOUT_MS);
	await page.goto(`${n8n.url}/signin`);
	await page.locator('#emailOrLdapLoginId').fill(OWNER.email);
	await page.locator('#password').fill(OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	return { page, close: () => context.close() };
}
