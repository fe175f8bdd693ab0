/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
// A publish from a laptop must be refused: n8n verifies only versions published from GitHub
// Actions with npm provenance. The repository's .npmrc sets ignore-scripts (n8n-workflow pulls a
// native addon that does not build on Node 20), which also skips a `prepublishOnly` guard, so
// the guard that counts is `publishConfig.provenance`: npm refuses to publish when it cannot
// attest provenance, which it can only do inside a CI job with an OIDC token.
// These tests run the real `npm publish` with the real package.json and .npmrc against a local
// registry that records what reaches it.
import { execFile } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const root = resolve(__dirname, '../..');

interface Publish {
	code: number;
	output: string;
	uploads: string[];
}

let registry: Server;
let registryUrl: string;
const requests: Array<{ method: string; url: string }> = [];
let work: string;

beforeAll(async () => {
	registry = createServer((req, res) => {
		requests.push({ method: req.method ?? '', url: req.url ?? '' });
		req.resume();
		req.on('end', () => {
			res.writeHead(req.method === 'PUT' ? 201 : 404, { 'content-type': 'application/json' });
			res.end('{}');
		});
	});
	await new Promise<void>((done) => registry.listen(0, '127.0.0.1', done));
	registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;

	// The package as it would be published: its package.json and .npmrc, a stand-in dist/.
	work = mkdtempSync(join(tmpdir(), 'chaport-publish-guard-'));
	copyFileSync(join(root, 'package.json'), join(work, 'package.json'));
	copyFileSync(join(root, '.npmrc'), join(work, '.npmrc'));
	mkdirSync(join(work, 'dist'));
	writeFileSync(join(work, 'dist', 'index.js'), 'module.exports = {};\n');
	writeFileSync(join(work, 'empty-userconfig'), '');
	symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
});

afterAll(async () => {
	await new Promise((done) => registry.close(done));
	rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
	requests.length = 0;
});

/** `npm publish` as someone would type it on a laptop (no CI variables), plus `extra` flags. */
function publish(extra: string[]): Promise<Publish> {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(npm_|ci$|github_|gitlab_|release_mode$)/i.test(key)) continue;
		env[key] = value;
	}
	const args = [
		'publish',
		`--registry=${registryUrl}`,
		`--//127.0.0.1:${new URL(registryUrl).port}/:_authToken=not-a-real-token`,
		`--userconfig=${join(work, 'empty-userconfig')}`,
		...extra,
	];
	return new Promise((done) => {
		execFile('npm', args, { cwd: work, env }, (error, stdout, stderr) => {
			done({
				code: error ? Number((error as { code?: unknown }).code ?? 1) : 0,
				output: `${stdout}\n${stderr}`,
				uploads: requests.filter((r) => r.method === 'PUT').map((r) => r.url),
			});
		});
	});
}

describe('publishing from a laptop', () => {
	it('is refused before anything is uploaded: the package requires provenance', async () => {
		const result = await publish([]);
		expect(result.code).not.toBe(0);
		expect(result.output).toMatch(/provenance/i);
		expect(result.uploads).toEqual([]);
	});

	it('would reach the registry without the provenance requirement (the refusal above is the guard, not the set-up)', async () => {
		// ignore-scripts in .npmrc skips prepublishOnly, so only publishConfig stands in the way.
		const result = await publish(['--provenance=false']);
		expect(result.code).toBe(0);
		expect(result.uploads).toEqual(['/n8n-nodes-chaport']);
	});

	it('is also refused by n8n-node prerelease when scripts are switched back on', async () => {
		const result = await publish(['--provenance=false', '--ignore-scripts=false']);
		expect(result.code).not.toBe(0);
		expect(result.output).toMatch(/npm run release/);
		expect(result.uploads).toEqual([]);
	});
});
