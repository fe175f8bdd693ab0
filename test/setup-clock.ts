import { installVirtualClock } from './harness/clock';

// Every test runs on virtual time (test/harness/clock.ts): the nodes' retries, Retry-After waits
// and transcript polling take no real time, and nothing depends on how busy the machine is.
let restore: (() => void) | undefined;
beforeEach(() => {
	restore = installVirtualClock();
});
afterEach(() => {
	restore?.();
});
