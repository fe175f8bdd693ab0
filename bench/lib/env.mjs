// What every benchmark needs: the compiled test harness (n8n-core's real WorkflowExecute, as the
// unit tests run the nodes), the sandbox as its own process (so serving requests does not share
// the benchmark's event loop), and a way to run the Chaport node or the floor node against it.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

import { freePort } from '../../e2e/lib/net.mjs';
import { onCleanup, stopProcess } from '../../e2e/lib/processes.mjs';
import { startSandbox } from '../../e2e/lib/sandbox.mjs';
import { FLOOR_NODE_TYPE, HelperFloor } from './floor.mjs';

export const repoDir = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
// n8n-core writes an encryption key under N8N_USER_FOLDER on first use; keep it out of $HOME.
if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'chaport-bench-n8n-'));
	process.env.N8N_USER_FOLDER = folder;
	onCleanup(() => rmSync(folder, { recursive: true, force: true }));
}
const require = createRequire(import.meta.url);
/** build/test/harness, compiled by `tsc -p tsconfig.bench.json` (npm run bench does it). */
export const harness = require(join(repoDir, 'build', 'test', 'harness'));
harness.nodeTypes.register(FLOOR_NODE_TYPE, new HelperFloor());

const sandboxLogs = new Set();

/** A sandbox process seeded with `args` (CLI flags, e.g. ['--visitors', '10000']). */
export async function sandboxProcess(args) {
	const logFile = join(tmpdir(), `n8n-nodes-chaport-bench-sandbox-${process.pid}.log`);
	if (!sandboxLogs.has(logFile)) {
		sandboxLogs.add(logFile);
		onCleanup(() => rmSync(logFile, { force: true }));
	}
	const sandbox = await startSandbox({ repoDir, port: await freePort(), logFile, args });
	return sandbox; // stopped by stopSandbox, or by the runner's cleanup on exit
}

export async function stopSandbox(sandbox) {
	await stopProcess(sandbox.child);
}

/** Runs one node through WorkflowExecute; throws when the run failed; returns the output items. */
export async function runNode(sandbox, parameters, { input, nodeType } = {}) {
	const result = await harness.runNode({
		parameters,
		input,
		nodeType,
		credentials: harness.chaportCredentials(sandbox.baseUrl, sandbox.token),
	});
	if (result.status !== 'success' || result.error) {
		throw new Error(`node run failed: ${result.error?.message ?? result.status}`);
	}
	return result;
}

export const runFloor = (sandbox, parameters, options = {}) =>
	runNode(sandbox, parameters, { ...options, nodeType: FLOOR_NODE_TYPE });
