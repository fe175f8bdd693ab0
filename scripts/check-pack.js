// Checks what `npm pack` would publish. The tarball ships what n8n loads and nothing else:
// - the compiled .js under dist/, the nodes' codex files (*.node.json: categories and the
//   Docs links) and the icons (n8n resolves `file:` icons beside the .js);
// - package.json, README.md and LICENSE.
// Left out on purpose: source maps (they point at .ts files that are not shipped, and n8n does
// not read them), .d.ts files (nobody imports types from a node package) and dist/package.json
// (a copy tsc emits because tsconfig includes package.json; n8n reads the top-level one).
// Together these were half the unpacked size.
const { execFileSync } = require('node:child_process');
const pkg = require('../package.json');

const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
	encoding: 'utf8',
});
const [{ files, size, unpackedSize }] = JSON.parse(output);
const paths = files.map((file) => file.path);

const metadata = ['package.json', 'README.md', 'LICENSE'];
const shippable = (path) =>
	metadata.includes(path) ||
	(path.startsWith('dist/') &&
		path !== 'dist/package.json' &&
		/(\.js|\.node\.json|\.svg|\.png)$/.test(path) &&
		!/\.(map|d\.ts)$/.test(path));
const unexpected = paths.filter((path) => !shippable(path));
const required = [...metadata, ...pkg.n8n.nodes, ...pkg.n8n.credentials, 'dist/icons/chaport.svg'];
const missing = required.filter((path) => !paths.includes(path));
const leaked = paths.filter((path) => /sandbox|\.test\.|^dist\/test\//.test(path));

if (unexpected.length || missing.length || leaked.length) {
	console.error('npm pack check failed');
	if (unexpected.length) console.error('  unexpected files:', unexpected.join(', '));
	if (missing.length) console.error('  missing files:', missing.join(', '));
	if (leaked.length) console.error('  dev-only files in the package:', leaked.join(', '));
	process.exit(1);
}
const kb = (bytes) => `${Math.round(bytes / 1024)} KB`;
console.log(
	`npm pack check: ${paths.length} files (${kb(size)} packed, ${kb(unpackedSize)} unpacked): compiled .js, codex files, icons and package metadata only`,
);
