import { sleep } from 'n8n-workflow';

/** Time as the nodes see it: when "now" is, and how a wait happens. */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms) => await sleep(ms),
};

let active: Clock = systemClock;

/**
 * Every wait (retry back-off, Retry-After, transcript polling) and every "now" (duplicate window,
 * deadlines, "in the future" checks) in nodes/ goes through this clock.
 */
export const clock: Clock = {
	now: () => active.now(),
	sleep: async (ms) => await active.sleep(ms),
};

/**
 * Puts another clock in place of the system's, e.g. the test harness's virtual clock, so that no
 * test waits for, or depends on, real time. Returns the function that puts the system clock back.
 */
export function useClock(replacement: Clock): () => void {
	active = replacement;
	return () => {
		active = systemClock;
	};
}
