// `npm run test:alternative`: the node, trigger and credential tests that talk to the sandbox,
// run again with the sandbox in its "alternative" mode (see sandbox/alternatives.ts). Only test
// files with a test whose name mentions the sandbox are passed to jest, and
// test/setup-alternative.ts registers only those tests, so nothing is reported as skipped.
const { spawnSync } = require('node:child_process');
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const NAMED_FOR_SANDBOX = /\b(?:describe|it)(?:\.each\([^)]*\))?\(\s*['"`][^'"`]*sandbox/i;

function testFiles(dir) {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return testFiles(path);
		return name.endsWith('.test.ts') ? [path] : [];
	});
}

const files = ['test/nodes', 'test/credentials']
	.flatMap((dir) => testFiles(join(root, dir)))
	.filter((file) => NAMED_FOR_SANDBOX.test(readFileSync(file, 'utf8')));
if (files.length === 0) {
	console.error('test:alternative: no sandbox-backed test file found');
	process.exit(1);
}
const jest = spawnSync(
	process.execPath,
	[require.resolve('jest/bin/jest'), '--config', 'jest.alternative.config.js', ...files],
	{ cwd: root, stdio: 'inherit', env: { ...process.env, CHAPORT_SANDBOX_MODE: 'alternative' } },
);
process.exit(jest.status ?? 1);
