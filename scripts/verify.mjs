// Runs the checks of n8n's community-package scanner (@n8n/scan-community-package, the tool
// n8n uses to decide whether a package can be verified) on this checkout, without publishing:
// its own ESLint rules, file patterns and analysis function, on the source and on the tarball
// `npm pack` would publish. Only the scanner's provenance check is left out: provenance exists
// only for a version published from GitHub Actions (see .github/workflows/publish.yml).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

let scanner;
let scannerVersion;
try {
	scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	scannerVersion = require('@n8n/scan-community-package/package.json').version;
} catch (error) {
	console.error(
		`verify: cannot load @n8n/scan-community-package (${error.code ?? error.message}); run "npm ci" first`,
	);
	process.exit(1);
}
const { analyzePackage, SOURCE_FILE_PATTERNS } = scanner;
// The scanner lints only .js and package.json in the tarball (its .ts rules false-positive there).
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

function filesUnder(dir) {
	const out = [];
	for (const entry of readdirSync(dir)) {
		if (entry === 'node_modules' || entry.startsWith('.')) continue;
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) out.push(...filesUnder(path));
		else out.push(path);
	}
	return out;
}

/** How many files a scanner pattern set covers (for the result line; the scanner globs itself). */
function countMatches(dir, patterns) {
	const all = filesUnder(dir).map((path) => relative(dir, path).split('\\').join('/'));
	const matchers = patterns.map((pattern) => {
		if (pattern === 'package.json') return (p) => p === 'package.json';
		if (pattern === '**/*.js') return (p) => p.endsWith('.js');
		if (pattern.startsWith('{nodes,credentials}/'))
			return (p) => /^(nodes|credentials)\/.*\.(js|ts|json)$/.test(p);
		throw new Error(`verify: no counter for the scanner pattern ${pattern}`);
	});
	return all.filter((p) => matchers.some((match) => match(p))).length;
}

if (!existsSync(join(root, 'dist/nodes/Chaport/Chaport.node.js'))) {
	console.error('verify: dist/ is missing; run "npm run build" first');
	process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'chaport-verify-'));
let failed = false;
try {
	const [{ filename }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		}),
	);
	const unpacked = join(work, 'package');
	execFileSync('tar', ['-xzf', join(work, filename), '-C', work]);

	const legs = [
		['source', root, SOURCE_FILE_PATTERNS],
		[`tarball ${filename}`, unpacked, TARBALL_FILE_PATTERNS],
	];
	const lines = [];
	for (const [label, dir, patterns] of legs) {
		const result = await analyzePackage(dir, patterns);
		const files = countMatches(dir, patterns);
		if (result.passed) {
			lines.push(`${label}: ${files} files, no errors`);
		} else {
			failed = true;
			console.error(`verify: the scanner rejects the ${label} (${result.message})`);
			if (result.details) console.error(result.details);
		}
	}
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	if (!failed) {
		console.log(
			`verify: ${pkg.name}@${pkg.version} passes @n8n/scan-community-package@${scannerVersion} (provenance excepted): ${lines.join('; ')}`,
		);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
