// Fails when `npm pack` would ship anything beyond dist/, the README, the licence and package.json.
const { execFileSync } = require('node:child_process');

const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
	encoding: 'utf8',
});
const [{ files }] = JSON.parse(output);
const allowed = (path) =>
	path.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE'].includes(path);
const unexpected = files.map((file) => file.path).filter((path) => !allowed(path));
const required = ['package.json', 'README.md', 'LICENSE', 'dist/nodes/Chaport/Chaport.node.js'];
const missing = required.filter((path) => !files.some((file) => file.path === path));
const leaked = files.map((file) => file.path).filter((path) => /sandbox|\.test\.|^dist\/test\//.test(path));

if (unexpected.length || missing.length || leaked.length) {
	console.error('npm pack check failed');
	if (unexpected.length) console.error('  unexpected files:', unexpected.join(', '));
	if (missing.length) console.error('  missing files:', missing.join(', '));
	if (leaked.length) console.error('  dev-only files in the package:', leaked.join(', '));
	process.exit(1);
}
console.log(`npm pack check: ${files.length} files, all under dist/ or package metadata`);
