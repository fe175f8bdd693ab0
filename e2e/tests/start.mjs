// `npm start` stops everything it started when its own process gets SIGTERM or SIGINT, as a
// supervisor, a script or `kill` would send it (only one PID, not the terminal's process group):
// every process below it is gone and every port it opened is free again.
// Each test runs its own `npm start` on free ports and its own work folder, beside the suite's n8n.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { requireN8nMajor } from '../lib/lanes.mjs';
import { freePort, portInUse, sleep, waitFor } from '../lib/net.mjs';
import { onCleanup } from '../lib/processes.mjs';

/** PIDs of every process below `root` (from /proc), to check afterwards that none is left. */
function descendants(root) {
	const children = new Map();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// "pid (comm) state ppid ...": comm may contain spaces, so split after the last ')'
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (!children.has(ppid)) children.set(ppid, []);
			children.get(ppid).push(Number(entry));
		} catch {
			// the process ended while we were reading
		}
	}
	const found = [];
	const queue = [root];
	while (queue.length) {
		for (const child of children.get(queue.shift()) ?? []) {
			found.push(child);
			queue.push(child);
		}
	}
	return found;
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
	} catch {
		return false;
	}
}

async function startDemo(ctx, label) {
	const ports = {
		N8N: await freePort(),
		SANDBOX: await freePort(),
		BROKER: await freePort(),
		SINK: await freePort(),
	};
	const env = { ...process.env, CHAPORT_DEMO_WORK_DIR: join(ctx.workDir, `npm-start-${label}`) };
	for (const [what, port] of Object.entries(ports)) env[`CHAPORT_DEMO_${what}_PORT`] = String(port);
	const child = spawn('npm', ['start'], {
		cwd: ctx.repoDir,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal })),
	);
	onCleanup(async () => {
		// only if the test failed half-way: stop what is left, by PID
		for (const pid of [...descendants(child.pid), child.pid].reverse()) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
	});
	return { child, ports, exited, output: () => output };
}

async function stopsEverything(demo, signal) {
	const below = descendants(demo.child.pid);
	// npm, the start script's node and, once up, the sandbox, n8n and n8n's task runner
	assert.ok(below.length >= 2, `only ${below.length} processes below npm start`);
	process.kill(demo.child.pid, signal);
	const { code } = await Promise.race([
		demo.exited,
		sleep(90000).then(() => {
			throw new Error(`npm start did not exit within 90 s of ${signal}:\n${demo.output()}`);
		}),
	]);
	assert.notEqual(code, 0, 'npm start exited as if nothing happened');
	await waitFor(
		`every process below npm start gone after ${signal}`,
		() => below.every((pid) => !alive(pid)),
		{ timeoutMs: 30000 },
	);
	for (const [what, port] of Object.entries(demo.ports)) {
		assert.equal(await portInUse(port), false, `the ${what} port ${port} is still in use`);
	}
}

/** Why the n8n 1.x lane skips these: the demo is the same whatever lane runs the suite. */
const NPM_START = 'npm start (its demo always runs n8n 2.41.1, so the 2.x lane checks it)';

export const tests = [
	[
		'SIGTERM to the npm start process, once the demo is up, stops every process and frees every port',
		async (ctx) => {
			requireN8nMajor(ctx, 2, NPM_START);
			const demo = await startDemo(ctx, 'sigterm');
			await waitFor('npm start to be ready', () => demo.output().includes('Press Ctrl-C'), {
				timeoutMs: 360000,
				intervalMs: 500,
			}).catch((error) => {
				throw new Error(`${error.message}\n${demo.output()}`);
			});
			assert.match(demo.output(), /\/home\/workflows/, 'the workflows-list URL is not printed');
			for (const port of [demo.ports.N8N, demo.ports.SANDBOX])
				assert.equal(await portInUse(port), true);
			await stopsEverything(demo, 'SIGTERM');
		},
	],
	[
		'SIGINT to the npm start process while n8n is still starting stops everything too',
		async (ctx) => {
			requireN8nMajor(ctx, 2, NPM_START);
			const demo = await startDemo(ctx, 'sigint');
			await waitFor('npm start to start n8n', () => /starting n8n on/.test(demo.output()), {
				timeoutMs: 360000,
				intervalMs: 250,
			}).catch((error) => {
				throw new Error(`${error.message}\n${demo.output()}`);
			});
			await stopsEverything(demo, 'SIGINT');
		},
	],
];
