// Child processes started by the e2e harness and the demo. Every process is remembered by PID and
// stopped by that PID (SIGTERM, then SIGKILL after a grace period) when the suite ends, on an
// uncaught error, or on Ctrl-C / SIGTERM. Nothing is ever stopped by name.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

const running = new Map(); // pid -> { name, child, exited: Promise<void> }

/**
 * Starts `command` with its output appended to `logFile` (and echoed with a prefix when
 * `echo` is true). Returns the ChildProcess; `exited` resolves with the exit code/signal.
 */
export function startProcess(
	name,
	command,
	args,
	{ env, cwd, logFile, echo = false, uid, gid, stopSignal = 'SIGTERM' } = {},
) {
	const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
	const child = spawn(command, args, { env, cwd, uid, gid, stdio: ['ignore', 'pipe', 'pipe'] });
	const relay = (stream, target) =>
		stream.on('data', (chunk) => {
			log?.write(chunk);
			if (echo) {
				for (const line of chunk.toString().split('\n'))
					if (line) target.write(`[${name}] ${line}\n`);
			}
		});
	relay(child.stdout, process.stdout);
	relay(child.stderr, process.stderr);
	const exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			running.delete(child.pid);
			log?.end();
			resolve({ code, signal });
		}),
	);
	if (!child.pid) throw new Error(`could not start ${name} (${command})`);
	running.set(child.pid, { name, child, exited, stopSignal });
	child.exited = exited;
	return child;
}

/**
 * Stops one started process by its PID (with its stop signal: SIGTERM unless it was started with
 * another, e.g. SIGINT for PostgreSQL's fast shutdown); resolves once it has exited.
 */
export async function stopProcess(child, graceMs = 15000) {
	const entry = running.get(child.pid);
	if (!entry) return;
	try {
		process.kill(child.pid, entry.stopSignal);
	} catch {
		return;
	}
	let timer;
	const killed = new Promise((resolve) => {
		timer = setTimeout(() => {
			try {
				process.kill(child.pid, 'SIGKILL');
			} catch {}
			resolve();
		}, graceMs);
	});
	await Promise.race([entry.exited, killed]);
	clearTimeout(timer);
	await entry.exited;
}

/** Kills one started process at once (SIGKILL), as a crash would; resolves once it has exited. */
export async function killProcess(child) {
	const entry = running.get(child.pid);
	if (!entry) return;
	try {
		process.kill(child.pid, 'SIGKILL');
	} catch {}
	await entry.exited;
}

/** Stops every process still running, newest first (n8n before the sandbox it talks to). */
export async function stopAll() {
	const children = [...running.values()].reverse().map((e) => e.child);
	for (const child of children) await stopProcess(child);
}

let cleanupHooks = [];
/** Registers extra cleanup (servers, temp folders) run after the processes are stopped. */
export function onCleanup(fn) {
	cleanupHooks.push(fn);
}

let cleaning;
export function cleanup() {
	cleaning ??= (async () => {
		await stopAll();
		for (const fn of cleanupHooks.reverse()) {
			try {
				await fn();
			} catch (error) {
				console.error(`cleanup: ${error.message}`);
			}
		}
		cleanupHooks = [];
	})();
	return cleaning;
}

/**
 * Ctrl-C, SIGTERM, SIGHUP: stop everything, then exit (130/143). A second Ctrl-C while stopping
 * kills the remaining processes at once.
 */
export function installSignalHandlers(onSignal = () => {}) {
	let stopping = false;
	for (const [signal, code] of [
		['SIGINT', 130],
		['SIGTERM', 143],
		['SIGHUP', 129],
	]) {
		process.on(signal, () => {
			if (stopping) {
				for (const { child } of running.values()) {
					try {
						process.kill(child.pid, 'SIGKILL');
					} catch {}
				}
				process.exit(code);
			}
			stopping = true;
			onSignal(signal);
			cleanup().then(() => process.exit(code));
		});
	}
	process.on('exit', () => {
		// last resort when the loop is gone: nothing may outlive us
		for (const { child } of running.values()) {
			try {
				process.kill(child.pid, 'SIGKILL');
			} catch {}
		}
	});
}
