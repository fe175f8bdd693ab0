// `npm run bench` (full, ~15-25 minutes) and `npm run bench -- --quick` (a subset, about a
// minute). Every figure prints one line `<figure>: <ratio>x <baseline> (details)`; ratios are
// taken within one round of interleaved repetitions, so load from other processes on a shared
// machine affects subject and baseline alike. `--only <text>` runs the suites whose name contains
// the text (reads, chats, sends, trigger, footprint, n8n; `--only n8n` also works with --quick,
// with 200 sends). The n8n figures use the real n8n of the e2e suite (installed on first use).
// Benchmarks are never part of `npm test`.
import os from 'node:os';

import { cleanup, installSignalHandlers } from '../e2e/lib/processes.mjs';
import { footprint } from './footprint.mjs';
import { printed } from './lib/stats.mjs';
import { n8nFigures } from './n8n.mjs';
import { chatsAndEvents, reportPageCost, returnAll, returnAllWithLatency } from './reads.mjs';
import { sends } from './sends.mjs';
import { triggerInProcess } from './trigger.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const CONCURRENCY = 4;

const suites = quick
	? [
			['reads', () => returnAll({ visitors: 2_000, rounds: 3, concurrency: CONCURRENCY })],
			[
				'reads-latency',
				() =>
					returnAllWithLatency({
						visitors: 1_000,
						rounds: 2,
						concurrency: CONCURRENCY,
						latencyMs: 20,
					}),
			],
			[
				'chats',
				() => chatsAndEvents({ chats: 50, events: 10_000, rounds: 3, concurrency: CONCURRENCY }),
			],
			['sends', () => sends({ count: 50, latencyMs: 20, rounds: 3, concurrency: CONCURRENCY })],
			['trigger', () => triggerInProcess({ chats: 3, deliveries: 2_000 })],
			['footprint', () => footprint({ samples: 2 })],
			// only with --only n8n: starting n8n alone takes a minute or more
			[
				'n8n-only',
				() =>
					n8nFigures({
						sends: 200,
						latencyMs: 20,
						rounds: 2,
						concurrency: CONCURRENCY,
						deliveries: 10,
					}),
			],
		]
	: [
			[
				'reads',
				async () => {
					const small = await returnAll({ visitors: 10_000, rounds: 5, concurrency: CONCURRENCY });
					const large = await returnAll({ visitors: 50_000, rounds: 3, concurrency: CONCURRENCY });
					reportPageCost({ visitors: 10_000, ...small }, { visitors: 50_000, ...large });
				},
			],
			[
				'reads-latency',
				() =>
					returnAllWithLatency({
						visitors: 10_000,
						rounds: 3,
						concurrency: CONCURRENCY,
						latencyMs: 20,
					}),
			],
			[
				'chats',
				() => chatsAndEvents({ chats: 300, events: 10_000, rounds: 5, concurrency: CONCURRENCY }),
			],
			[
				'chats-latency',
				() =>
					chatsAndEvents({
						chats: 300,
						events: 0,
						rounds: 3,
						concurrency: CONCURRENCY,
						latencyMs: 20,
					}),
			],
			['sends', () => sends({ count: 1_000, latencyMs: 20, rounds: 3, concurrency: CONCURRENCY })],
			['trigger', () => triggerInProcess({ chats: 10, deliveries: 20_000 })],
			['footprint', () => footprint({ samples: 7 })],
			[
				'n8n',
				() =>
					n8nFigures({
						sends: 1_000,
						latencyMs: 20,
						rounds: 3,
						concurrency: CONCURRENCY,
						deliveries: 20,
					}),
			],
		];

async function main() {
	installSignalHandlers((signal) => console.log(`\n${signal}: stopping the benchmark's processes`));
	const [cpu] = os.cpus();
	console.log(
		`bench${quick ? ' --quick' : ''}: Node ${process.version}, ${os.cpus().length} x ${cpu?.model ?? 'cpu'}, ` +
			`${(os.totalmem() / 2 ** 30).toFixed(0)} GB, load ${os
				.loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')}, ${new Date().toISOString()}`,
	);
	if (!global.gc) console.log('(run with node --expose-gc for the heap figures)');
	const started = Date.now();
	for (const [name, run] of suites) {
		if (only ? !name.includes(only) : name.endsWith('-only')) continue;
		await run();
	}
	console.log(
		`bench: ${printed.length} figures in ${((Date.now() - started) / 1000).toFixed(0)} s`,
	);
}

main()
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(async () => {
		await cleanup();
	});
