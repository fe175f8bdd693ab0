import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * What the requests of one node execution share. n8n hands a node one context object per
 * execution (the same `this` for every item), so the state is keyed by that object and goes away
 * with it:
 * - the credential, read once instead of before every request;
 * - a limit on requests in flight, shared by items, pages and older chats, so that a concurrency
 *   of 4 means 4 requests, not 4 items with 4 pages each;
 * - a pause: a 429 with Retry-After holds back every request of the execution, not just the one
 *   that was refused.
 */
export interface ExecutionState {
	credentials?: Promise<ICredentialDataDecryptedObject>;
	limit: number;
	inFlight: number;
	queue: Array<() => void>;
	/** While set, no request of this execution is sent: the wait a 429 asked for. */
	pause?: Promise<void>;
}

const states = new WeakMap<object, ExecutionState>();

export function executionState(context: object): ExecutionState {
	let state = states.get(context);
	if (!state) {
		state = { limit: 1, inFlight: 0, queue: [] };
		states.set(context, state);
	}
	return state;
}

/** Sets how many requests of this execution may be in flight at once (1 = one after another). */
export function limitRequestsInFlight(context: object, limit: number): void {
	executionState(context).limit = Math.max(1, Math.floor(limit));
}

/** The execution's request limit, for callers that fan out (pages, older chats). */
export function requestsInFlightLimit(context: object): number {
	return executionState(context).limit;
}

export async function acquireSlot(state: ExecutionState): Promise<void> {
	if (state.inFlight < state.limit) {
		state.inFlight++;
		return;
	}
	// the slot is handed over by releaseSlot, so inFlight stays as it is
	await new Promise<void>((resolve) => state.queue.push(resolve));
}

export function releaseSlot(state: ExecutionState): void {
	const next = state.queue.shift();
	if (next) next();
	else state.inFlight--;
}

/**
 * Holds back every request of the execution until `wait` (e.g. the sleep a Retry-After asked
 * for) is over; overlapping pauses all run out before requests go again. Resolves with the pause.
 */
export async function pauseRequests(state: ExecutionState, wait: Promise<void>): Promise<void> {
	const pause: Promise<void> = state.pause
		? Promise.all([state.pause, wait]).then(() => undefined)
		: wait;
	state.pause = pause;
	void pause.then(() => {
		if (state.pause === pause) state.pause = undefined;
	});
	await pause;
}

/** Waits while a pause is on (returns at once when there is none). */
export async function waitForPause(state: ExecutionState): Promise<void> {
	while (state.pause) await state.pause;
}

/**
 * Runs `task(0..count-1)` with at most `limit` running at once and returns the results in index
 * order. Tasks with the same non-undefined `key` run one after another, in index order. After a
 * task fails, no new task starts; the failure of the lowest index is thrown once the running
 * tasks have settled (with a limit of 1 that is exactly a plain loop).
 */
export async function mapInOrder<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
	key: (index: number) => string | undefined = () => undefined,
): Promise<T[]> {
	const results = new Array<T>(count);
	const failures: Array<{ index: number; error: unknown }> = [];
	const lastOfKey = new Map<string, Promise<unknown>>();
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < count && failures.length === 0) {
			const index = next++;
			const k = key(index);
			const before = k === undefined ? undefined : lastOfKey.get(k);
			const run = (async () => {
				if (before) await before;
				results[index] = await task(index);
			})();
			if (k !== undefined)
				lastOfKey.set(
					k,
					run.catch(() => undefined),
				);
			try {
				await run;
			} catch (error) {
				failures.push({ index, error });
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
	if (failures.length) {
		failures.sort((a, b) => a.index - b.index);
		throw failures[0].error;
	}
	return results;
}
