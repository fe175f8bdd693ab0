/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
// Standalone entry: `node build/sandbox/cli.js [--port N] [--seed N] [--visitors N] [--host H]`.
// Env SANDBOX_PORT / SANDBOX_SEED are read too (flags win). Stops cleanly on SIGINT/SIGTERM.

import { MODE_ENV, parseSwitch, resolveMode } from './alternatives';
import { type Sandbox, startSandbox } from './index';
import type { SandboxOptions } from './types';

export const DEFAULT_CLI_PORT = 5780;

const USAGE = `Usage: node build/sandbox/cli.js [options]
  --port N                 port to listen on (default 5780, 0 = any free port; env SANDBOX_PORT)
  --host H                 interface to bind (default 127.0.0.1)
  --seed N                 seed of the generated data (default 1; env SANDBOX_SEED)
  --visitors N             number of seeded visitors (default 45)
  --operators N            number of seeded operators (default 4)
  --chats-per-visitor N    chats per seeded visitor (default 3)
  --events-per-chat N      events per seeded chat (default 4)
  --page-size N            visitors per page (default 20)
  --first-message-delay N  ms before a new chat's first visitor message is visible (default 0)
  --token T                accepted bearer token (repeatable; default sandbox-token-0001)
  --mode M                 default | alternative: another allowed answer to every open API
                           question (env CHAPORT_SANDBOX_MODE; see docs/api-assumptions.md)
  --switch NAME=VALUE      one such answer on its own, e.g. --switch customUpdate=replace
                           (repeatable)
  --help                   show this help`;

const NUMERIC_FLAGS: Record<string, keyof SandboxOptions> = {
	'--port': 'port',
	'--seed': 'seed',
	'--visitors': 'visitors',
	'--operators': 'operators',
	'--chats-per-visitor': 'chatsPerVisitor',
	'--events-per-chat': 'eventsPerChat',
	'--page-size': 'pageSize',
	'--first-message-delay': 'firstMessageDelayMs',
};

function toInt(name: string, value: string | undefined): number {
	if (value === undefined || !/^[0-9]+$/.test(value)) {
		throw new Error(`${name} expects a non-negative integer, got ${value ?? 'nothing'}`);
	}
	return Number(value);
}

/** Parses flags (`--port 1234` or `--port=1234`) over env defaults; throws on bad input. */
export function parseArgs(
	argv: readonly string[],
	env: Record<string, string | undefined> = {},
): SandboxOptions & { help?: boolean } {
	const options: SandboxOptions & { help?: boolean } = { port: DEFAULT_CLI_PORT };
	if (env.SANDBOX_PORT) options.port = toInt('SANDBOX_PORT', env.SANDBOX_PORT);
	if (env.SANDBOX_SEED) options.seed = toInt('SANDBOX_SEED', env.SANDBOX_SEED);
	if (env[MODE_ENV]) options.mode = resolveMode(env[MODE_ENV]);
	const tokens: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const eq = arg.indexOf('=');
		const flag = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
		const inline = arg.startsWith('--') && eq !== -1 ? arg.slice(eq + 1) : undefined;
		const value = (): string | undefined => inline ?? argv[++i];
		if (flag === '--help' || flag === '-h') options.help = true;
		else if (flag === '--host') {
			const host = value();
			if (!host) throw new Error('--host expects a value');
			options.host = host;
		} else if (flag === '--token') {
			const token = value();
			if (!token) throw new Error('--token expects a value');
			tokens.push(token);
		} else if (flag === '--mode') {
			options.mode = resolveMode(value() ?? '');
		} else if (flag === '--switch') {
			options.alternatives = { ...options.alternatives, ...parseSwitch(value() ?? '') };
		} else if (flag in NUMERIC_FLAGS) {
			(options as Record<string, unknown>)[NUMERIC_FLAGS[flag]] = toInt(flag, value());
		} else throw new Error(`Unknown argument ${arg}\n${USAGE}`);
	}
	if (tokens.length > 0) options.tokens = tokens;
	return options;
}

/** Starts the sandbox for the given arguments and prints where it listens. */
export async function main(
	argv: readonly string[] = process.argv.slice(2),
	env: Record<string, string | undefined> = process.env,
	log: (line: string) => void = (line) => console.log(line),
): Promise<Sandbox | undefined> {
	const { help, ...options } = parseArgs(argv, env);
	if (help) {
		log(USAGE);
		return undefined;
	}
	const sandbox = await startSandbox(options);
	log(`Chaport sandbox listening on ${sandbox.baseUrl}`);
	log(`token: ${sandbox.token}`);
	log(`owner operator: ${sandbox.state.ownerId}`);
	log(`mode: ${sandbox.state.options.mode}`);
	log(`control API: ${sandbox.url}/_sandbox (POST /_sandbox/chats, GET /_sandbox/state, ...)`);
	return sandbox;
}

if (require.main === module) {
	main().then(
		(sandbox) => {
			if (!sandbox) return;
			const stop = (signal: string): void => {
				console.log(`Received ${signal}, stopping the Chaport sandbox`);
				sandbox.close().then(
					() => process.exit(0),
					(error: Error) => {
						console.error(error.message);
						process.exit(1);
					},
				);
			};
			process.once('SIGINT', () => stop('SIGINT'));
			process.once('SIGTERM', () => stop('SIGTERM'));
		},
		(error: Error) => {
			console.error(`Chaport sandbox failed to start: ${error.message}`);
			process.exit(1);
		},
	);
}
