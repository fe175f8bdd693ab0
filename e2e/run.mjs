// The end-to-end suite: one real n8n (2.41.1, Node 24) with n8n-nodes-chaport installed as a
// community package, the Chaport sandbox and a local sink; then every test in tests/*.mjs in
// order, against that one instance. Run by e2e.sh (`npm run test:e2e`) with the harness's Node 24.
//   node e2e/run.mjs [--only <text>] [--keep]
// Closes with the line `N passed, N failed` and exits non-zero on any failure.
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { LANES, SkipTest } from './lib/lanes.mjs';
import { cleanup, installSignalHandlers, onCleanup } from './lib/processes.mjs';
import { startStack } from './lib/stack.mjs';

const e2eDir = dirname(fileURLToPath(import.meta.url));
const repoDir = dirname(e2eDir);
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const keep = args.includes('--keep');
const laneName = args.includes('--lane') ? args[args.indexOf('--lane') + 1] : '2.x';
const lane = LANES[laneName];
if (!lane) throw new Error(`unknown lane ${laneName}: one of ${Object.keys(LANES).join(', ')}`);

// Order matters only where noted in the modules (the restart test comes late).
const MODULES = [
	'loading',
	'credential',
	'visitor',
	'chat',
	'message',
	'operator',
	'webhook',
	'httpRequest',
	'trigger',
	'examples',
	'examplesCrm',
	'agent',
	'editor',
	'start',
];

const results = [];
const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
	installSignalHandlers((signal) =>
		console.log(`\n${signal}: stopping everything the suite started`),
	);
	const harnessDir = process.env.N8N_E2E_HARNESS ?? realpathSync(join(e2eDir, lane.harnessLink));
	// Outside the repo: n8n caches its editor bundle there, which the repo-wide lint must not read.
	const workDir = join(tmpdir(), `n8n-nodes-chaport-e2e-${process.pid}`);
	if (!keep) {
		onCleanup(async () => {
			const { rmSync } = await import('node:fs');
			rmSync(workDir, { recursive: true, force: true });
		});
	}

	const tests = [];
	for (const name of MODULES) {
		const mod = await import(`./tests/${name}.mjs`);
		for (const [title, fn] of mod.tests) tests.push({ title: `${name}: ${title}`, fn });
	}
	const selected = only ? tests.filter((t) => t.title.includes(only)) : tests;

	console.log(`e2e (${lane.title}): Node ${process.version}, n8n harness ${harnessDir}`);
	let stack;
	try {
		stack = await startStack({
			repoDir,
			harnessDir,
			workDir,
			extraEnv: lane.env,
			log: (line) => console.log(`  ${line}`),
		});
	} catch (error) {
		console.log(`not ok - starting the stack: ${error.stack ?? error.message}`);
		results.push({ title: 'stack', ok: false });
		return;
	}
	const ctx = { ...stack, repoDir, e2eDir, workDir, harnessDir, lane };
	for (const test of selected) {
		const t0 = Date.now();
		try {
			await test.fn(ctx);
			results.push({ title: test.title, ok: true });
			console.log(`ok - ${test.title} (${seconds(Date.now() - t0)})`);
		} catch (error) {
			if (error instanceof SkipTest) {
				results.push({ title: test.title, ok: true, skipped: error.message });
				console.log(`skip - ${test.title}: ${error.message}`);
				continue;
			}
			results.push({ title: test.title, ok: false });
			console.log(`not ok - ${test.title} (${seconds(Date.now() - t0)})`);
			console.log(`  ${(error.stack ?? String(error)).split('\n').join('\n  ')}`);
		}
	}
	if (keep) console.log(`work folder kept: ${workDir} (n8n.log, sandbox.log)`);
}

let exitCode = 1;
try {
	await main();
} catch (error) {
	console.log(`not ok - suite: ${error.stack ?? error.message}`);
	results.push({ title: 'suite', ok: false });
} finally {
	await cleanup();
	const skipped = results.filter((r) => r.skipped);
	const passed = results.filter((r) => r.ok && !r.skipped).length;
	const failed = results.filter((r) => !r.ok).length;
	for (const r of skipped) console.log(`skipped in this lane: ${r.title} (${r.skipped})`);
	console.log(`e2e finished in ${seconds(Date.now() - started)}`);
	console.log(`${passed} passed, ${failed} failed`);
	exitCode = failed === 0 && passed > 0 ? 0 : 1;
}
process.exit(exitCode);
