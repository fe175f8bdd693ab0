// The queue-mode lane (`npm run test:e2e:queue`, via queue.sh): n8n 2.41.1 in queue mode with
// PostgreSQL and Redis, one main, two webhook processors behind a load balancer and two workers
// (lib/queue-stack.mjs), n8n-nodes-chaport installed on each; then tests/queue/*.mjs in order.
//   node e2e/queue.mjs [--only <text>] [--keep]
// Closes with the line `N passed, N failed` and exits non-zero on any failure. Everything it
// started is stopped by PID at the end, on an error, Ctrl-C or SIGTERM.
import { realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cleanup, installSignalHandlers, onCleanup } from './lib/processes.mjs';
import { startQueueStack } from './lib/queue-stack.mjs';

const e2eDir = dirname(fileURLToPath(import.meta.url));
const repoDir = dirname(e2eDir);
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const keep = args.includes('--keep');

const MODULES = ['editor-main', 'trigger', 'actions'];

const results = [];
const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
	installSignalHandlers((signal) =>
		console.log(`\n${signal}: stopping everything the lane started`),
	);
	const harnessDir = process.env.N8N_E2E_HARNESS ?? realpathSync(join(e2eDir, '.harness'));
	const workDir = join(tmpdir(), `n8n-nodes-chaport-e2e-queue-${process.pid}`);
	if (!keep) onCleanup(() => rmSync(workDir, { recursive: true, force: true }));

	const tests = [];
	for (const name of MODULES) {
		const mod = await import(`./tests/queue/${name}.mjs`);
		for (const [title, fn] of mod.tests) tests.push({ title: `queue ${name}: ${title}`, fn });
	}
	const selected = only ? tests.filter((t) => t.title.includes(only)) : tests;

	console.log(`e2e queue mode: Node ${process.version}, n8n harness ${harnessDir}`);
	let stack;
	const t0 = Date.now();
	try {
		stack = await startQueueStack({
			repoDir,
			harnessDir,
			workDir,
			log: (line) => console.log(`  ${line}`),
		});
	} catch (error) {
		console.log(`not ok - starting the queue-mode stack: ${error.stack ?? error.message}`);
		console.log(`  logs in ${workDir} (kept with --keep)`);
		results.push({ title: 'stack', ok: false });
		return;
	}
	console.log(`  stack ready in ${seconds(Date.now() - t0)}`);
	const ctx = { ...stack, repoDir, e2eDir, workDir, harnessDir };
	for (const test of selected) {
		const t1 = Date.now();
		try {
			await test.fn(ctx);
			results.push({ title: test.title, ok: true });
			console.log(`ok - ${test.title} (${seconds(Date.now() - t1)})`);
		} catch (error) {
			results.push({ title: test.title, ok: false });
			console.log(`not ok - ${test.title} (${seconds(Date.now() - t1)})`);
			console.log(`  ${(error.stack ?? String(error)).split('\n').join('\n  ')}`);
		}
	}
	if (keep) console.log(`work folder kept: ${workDir} (logs of every process)`);
}

let exitCode = 1;
try {
	await main();
} catch (error) {
	console.log(`not ok - queue lane: ${error.stack ?? error.message}`);
	results.push({ title: 'lane', ok: false });
} finally {
	await cleanup();
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	console.log(`e2e queue mode finished in ${seconds(Date.now() - started)}`);
	console.log(`${passed} passed, ${failed} failed`);
	exitCode = failed === 0 && passed > 0 ? 0 : 1;
}
process.exit(exitCode);
