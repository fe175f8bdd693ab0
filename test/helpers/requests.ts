import nock from 'nock';

/**
 * Answers every request to `base` and records it, so a test can prove that a validation error
 * came before any HTTP request (an unmatched request would fail with a different error).
 * Use it only in tests that register no other interceptor for `base`.
 */
export function trapRequests(base: string): string[] {
	const seen: string[] = [];
	for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
		nock(base)
			.persist()
			.intercept(/.*/, method)
			.reply(function (uri) {
				seen.push(`${this.req.method} ${uri}`);
				return [500, { error: { message: 'request should not have been sent' } }];
			});
	}
	return seen;
}

/** Replaces the transport's sleep with a recorder for the duration of a test. */
export function recordRetryWaits(retryPolicy: { sleep: (ms: number) => Promise<void> }) {
	const waits: number[] = [];
	const original = retryPolicy.sleep;
	retryPolicy.sleep = async (ms: number) => {
		waits.push(ms);
	};
	return { waits, restore: () => (retryPolicy.sleep = original) };
}
