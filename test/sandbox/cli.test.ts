/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { type ChildProcess, spawn } from 'node:child_process';
import {
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';

import { DEFAULT_CLI_PORT, main, parseArgs } from '../../sandbox/cli';

describe('sandbox CLI: argument parsing', () => {
	it('defaults to port 5780', () => {
		expect(parseArgs([], {})).toEqual({ port: DEFAULT_CLI_PORT });
		expect(DEFAULT_CLI_PORT).toBe(5780);
	});

	it('reads flags in both forms, env as defaults, flags win', () => {
		expect(
			parseArgs(['--port', '0', '--seed=7', '--visitors', '3', '--host', '0.0.0.0'], {}),
		).toEqual({
			port: 0,
			seed: 7,
			visitors: 3,
			host: '0.0.0.0',
		});
		expect(parseArgs([], { SANDBOX_PORT: '6000', SANDBOX_SEED: '5' })).toEqual({
			port: 6000,
			seed: 5,
		});
		expect(parseArgs(['--port', '6001'], { SANDBOX_PORT: '6000' })).toMatchObject({ port: 6001 });
		expect(parseArgs(['--token', 'a', '--token=b', '--page-size', '5'], {})).toMatchObject({
			tokens: ['a', 'b'],
			pageSize: 5,
		});
	});

	it.each([[['--port', 'abc']], [['--port']], [['--seed', '-1']], [['--bogus']], [['--host']]])(
		'rejects %j',
		(argv) => {
			expect(() => parseArgs(argv, {})).toThrow();
		},
	);

	it('rejects a bad env value', () => {
		expect(() => parseArgs([], { SANDBOX_PORT: 'x' })).toThrow(/SANDBOX_PORT/);
	});
});

describe('sandbox CLI: main()', () => {
	it('starts a sandbox, prints the base URL and the token, and serves the API', async () => {
		const lines: string[] = [];
		const sandbox = await main(['--port', '0', '--seed', '4', '--visitors', '3'], {}, (l) =>
			lines.push(l),
		);
		expect(sandbox).toBeDefined();
		try {
			expect(lines[0]).toBe(`Chaport sandbox listening on ${sandbox!.baseUrl}`);
			expect(lines[0]).toMatch(/^Chaport sandbox listening on http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
			expect(lines[1]).toBe('token: sandbox-token-0001');
			const res = await fetch(`${sandbox!.baseUrl}/visitors`, {
				headers: { Authorization: `Bearer ${sandbox!.token}` },
			});
			expect(res.status).toBe(200);
			expect(((await res.json()) as { result: unknown[] }).result).toHaveLength(3);
		} finally {
			await sandbox!.close();
		}
	});

	it('prints the usage for --help without starting', async () => {
		const lines: string[] = [];
		expect(await main(['--help'], {}, (l) => lines.push(l))).toBeUndefined();
		expect(lines.join('\n')).toMatch(/--port N/);
	});
});

/** Transpiles sandbox/**\/*.ts into a temp dir (no type check) so the CLI can run as plain node. */
function transpileSandbox(outDir: string): string {
	const root = join(__dirname, '..', '..', 'sandbox');
	const walk = (dir: string): string[] =>
		readdirSync(dir).flatMap((name) => {
			const full = join(dir, name);
			return statSync(full).isDirectory() ? walk(full) : full.endsWith('.ts') ? [full] : [];
		});
	for (const file of walk(root)) {
		const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2019,
				esModuleInterop: true,
			},
			fileName: file,
		});
		const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
		mkdirSync(dirname(target), { recursive: true });
		writeFileSync(target, outputText);
	}
	return join(outDir, 'cli.js');
}

describe('sandbox CLI: as a process', () => {
	let dir: string;
	let child: ChildProcess | undefined;

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'chaport-sandbox-cli-'));
	});
	afterAll(() => {
		if (child && child.exitCode === null) child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	});

	it('listens, answers, and stops cleanly on SIGTERM', async () => {
		const cli = transpileSandbox(dir);
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- runs the sandbox CLI, a dev tool
		child = spawn(process.execPath, [cli, '--port', '0', '--visitors', '2'], {
			env: { ...process.env, SANDBOX_SEED: '11' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		const baseUrl = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no banner; stdout: ${stdout}`)), 10_000);
			child!.stdout!.on('data', () => {
				const match = /listening on (\S+)/.exec(stdout);
				if (match && stdout.includes('token: ')) {
					clearTimeout(timer);
					resolve(match[1]);
				}
			});
			child!.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
		});
		expect(stdout).toMatch(/token: sandbox-token-0001/);
		const res = await fetch(`${baseUrl}/me.json`, {
			headers: { Authorization: 'Bearer sandbox-token-0001' },
		});
		expect(res.status).toBe(200);
		expect(((await res.json()) as { result: { name: string } }).result.name).toBe('Dana Owner');

		const exited = new Promise<number | null>((resolve) =>
			child!.once('exit', (code) => resolve(code)),
		);
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
		expect(stdout).toMatch(/SIGTERM/);
	});
});
