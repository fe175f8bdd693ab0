// The n8n versions the e2e suite runs against. Each lane has its own cached harness (install.sh
// <lane>, linked from e2e/<harnessLink>) and the environment that n8n version needs.
export const LANES = {
	'2.x': {
		title: 'n8n 2.41.1',
		major: 2,
		harnessLink: '.harness',
		env: {},
	},
	n8n1: {
		title: 'n8n 1.x (newest)',
		major: 1,
		harnessLink: '.harness-n8n1',
		env: {
			// n8n 1.x's expression engine needs isolated-vm, which ships no build for Node 20
			N8N_EXPRESSION_ENGINE: 'legacy',
			// 1.x runs Code nodes in-process unless task runners are switched on (2.x always has them)
			N8N_RUNNERS_ENABLED: 'true',
			// 1.x has no mcp-registry module and refuses to start when asked to disable it
			N8N_DISABLED_MODULES: '',
		},
	},
};

/**
 * Thrown by a test that cannot run in the current lane; the runner prints the reason and does not
 * count the test as passed or failed. Only for a feature the n8n version lacks, never for a failure.
 */
export class SkipTest extends Error {}

/** Skips the calling test unless the lane's n8n major version is at least `major`. */
export function requireN8nMajor(ctx, major, feature) {
	if ((ctx.lane?.major ?? 2) < major) {
		throw new SkipTest(`${feature} needs n8n ${major}.x; this lane runs ${ctx.lane.title}`);
	}
}
