// Figure 5: what installing and loading the package costs. `npm pack --dry-run` for size and file
// count; a fresh Node process per sample for the cold require of each node file, with
// n8n-workflow already loaded (n8n has it loaded long before it loads a community node).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { repoDir } from './lib/env.mjs';
import { median, report } from './lib/stats.mjs';

const PROBE = `
const { performance } = require('node:perf_hooks');
let t = performance.now();
require('n8n-workflow');
const workflowMs = performance.now() - t;
t = performance.now();
require(process.argv[1]);
console.log(JSON.stringify({ workflowMs, fileMs: performance.now() - t }));
`;

export async function footprint({ samples }) {
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json'], {
			cwd: repoDir,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	);
	report(
		'footprint packed-size',
		pack.size / pack.unpackedSize,
		'unpacked-size',
		`${(pack.size / 1024).toFixed(1)} kB packed, ${(pack.unpackedSize / 1024).toFixed(1)} kB unpacked, ${pack.entryCount} files`,
	);
	const pkg = JSON.parse(
		execFileSync('cat', [join(repoDir, 'package.json')], { encoding: 'utf8' }),
	);
	const files = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	const times = Object.fromEntries(files.map((f) => [f, { file: [], workflow: [] }]));
	for (let i = 0; i < samples; i++) {
		for (const file of files) {
			const out = execFileSync(process.execPath, ['-e', PROBE, join(repoDir, file)], {
				cwd: repoDir,
				encoding: 'utf8',
			});
			const { workflowMs, fileMs } = JSON.parse(out.trim().split('\n').pop());
			times[file].file.push(fileMs);
			times[file].workflow.push(workflowMs);
		}
	}
	for (const file of files) {
		const ratios = times[file].file.map((ms, i) => ms / times[file].workflow[i]);
		report(
			`footprint cold-require ${file.split('/').pop()}`,
			median(ratios),
			'n8n-workflow-require',
			`min ${Math.min(...ratios).toFixed(2)}x over ${samples} fresh processes; ${median(times[file].file).toFixed(1)} ms vs ${median(times[file].workflow).toFixed(1)} ms`,
		);
	}
}
