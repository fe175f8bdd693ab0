// Interleaved repetitions and the one-line report every figure prints:
//   <figure>: <ratio>x <baseline> (min <r>x, median <r>x over <n> rounds; <subject> vs <baseline>)
// Each round runs every variant once, in a rotated order, so a burst of load from the other
// processes on the machine hits subject and baseline alike; a ratio is taken within one round.
import { performance } from 'node:perf_hooks';

export const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const formatMs = (ms) =>
	ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
const formatRatio = (r) => (r >= 10 ? r.toFixed(1) : r.toFixed(2));

/** Every printed line is also kept here, so the runner can write a summary at the end. */
export const printed = [];

export function report(figure, ratio, baseline, details = '') {
	const line = `${figure}: ${formatRatio(ratio)}x ${baseline}${details ? ` (${details})` : ''}`;
	printed.push(line);
	console.log(line);
}

/**
 * Runs `variants` ({ name, run }) for `rounds` interleaved rounds after `warmup` unrecorded ones,
 * then reports every [subject, baseline, label] of `pairs` as subject time / baseline time.
 * `run(round)` may return a promise; the round number lets it vary its data (e.g. message texts).
 */
export async function compare({ rounds, warmup = 1, variants, pairs }) {
	const times = Object.fromEntries(variants.map((v) => [v.name, []]));
	for (let round = -warmup; round < rounds; round++) {
		const shift = ((round % variants.length) + variants.length) % variants.length;
		const order = [...variants.slice(shift), ...variants.slice(0, shift)];
		for (const variant of order) {
			if (global.gc) global.gc();
			const started = performance.now();
			await variant.run(round);
			const elapsed = performance.now() - started;
			if (round >= 0) times[variant.name].push(elapsed);
		}
	}
	for (const [subject, baseline, label] of pairs) {
		const ratios = times[subject].map((t, i) => t / times[baseline][i]);
		const med = median(ratios);
		report(
			label,
			med,
			baseline,
			`min ${formatRatio(Math.min(...ratios))}x, median ${formatRatio(med)}x over ${ratios.length} rounds; ` +
				`${formatMs(median(times[subject]))} vs ${formatMs(median(times[baseline]))}`,
		);
	}
	return times;
}
