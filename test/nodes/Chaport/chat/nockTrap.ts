import nock from 'nock';

/**
 * Answers any request to `base` and counts it, so that a test can prove a validation error came
 * before any HTTP request (an unmatched request would otherwise fail with a different error).
 */
export function trapRequests(base: string): { count: () => number } {
	let hits = 0;
	const reply = (): [number, object] => {
		hits++;
		return [500, { error: { message: 'request should not have been sent' } }];
	};
	const any = () => true;
	nock(base)
		.persist()
		.get(any)
		.reply(reply)
		.post(any)
		.reply(reply)
		.put(any)
		.reply(reply)
		.delete(any)
		.reply(reply);
	return { count: () => hits };
}
