import nock from 'nock';

import { testClock } from '../harness/clock';

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

/** The waits the transport asks the test's virtual clock for (test/harness/clock.ts). */
export function recordRetryWaits() {
	return { waits: testClock().waits, restore: () => undefined };
}
