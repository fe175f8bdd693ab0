/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test harness, not node code */
import type { Clock } from '../../nodes/shared/clock';
import { useClock } from '../../nodes/shared/clock';

/**
 * Virtual time for the nodes (and the sandbox, given `now: clock.now`): a wait is recorded and
 * moves the time on at once, so retries, Retry-After and transcript polling take no real time and
 * no test depends on how fast the machine is. It starts at the real time it is created.
 */
export class VirtualClock implements Clock {
	/** Every wait asked for, in order. */
	readonly waits: number[] = [];

	private time = Date.now();

	now = (): number => this.time;

	sleep = async (ms: number): Promise<void> => {
		this.waits.push(ms);
		this.time += Math.max(0, ms);
		// Let other work (a concurrent request, the sandbox) run, as a real wait would.
		await new Promise<void>((resolve) => setImmediate(resolve));
	};

	/** Moves the time on without a wait, e.g. past the trigger's duplicate window. */
	advance(ms: number): void {
		this.time += ms;
	}
}

let current: VirtualClock | undefined;

/**
 * Installed before every test by test/setup-clock.ts: the nodes never wait for real time in
 * tests. A test reads its waits or moves time on through testClock().
 */
export function installVirtualClock(): () => void {
	current = new VirtualClock();
	const restore = useClock(current);
	return () => {
		restore();
		current = undefined;
	};
}

/** The virtual clock of the running test. */
export function testClock(): VirtualClock {
	if (!current) throw new Error('No virtual clock: test/setup-clock.ts installs one per test');
	return current;
}

/** The virtual time while a test runs, else the real time: the `now` to give a sandbox. */
export const virtualNow = (): number => (current ? current.now() : Date.now());
