// Transport behaviour (retries, back-off, Retry-After, odd answers, broken connections, error
// mapping) seen through real node runs: Operator Get is a GET, Operator Create and Webhook Create
// are POSTs that must not be repeated, Operator Set Status is a POST that may be.
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import type { FaultRule, Sandbox } from '../../../sandbox';
import { startSandbox } from '../../../sandbox';
import { chaportCredentials, runNode, testClock } from '../../harness';

const OPERATOR_ID = '5f2b7c9e1a4d3e0012ab34cd';

/**
 * A socket-level failure for nock. It must be an Error: with nock 14.0.9 a plain object such as
 * `{ code: 'ECONNRESET' }` never settles the request under axios, and the test would time out.
 */
const networkError = (code: string, message: string) => Object.assign(new Error(message), { code });

const getOperator = (operatorId: string) =>
	({
		resource: 'operator',
		operation: 'get',
		operatorId: { __rl: true, mode: 'id', value: operatorId },
		simplify: false,
	}) as INodeParameters;

const createOperator = {
	resource: 'operator',
	operation: 'create',
	email: 'transport.test@example.com',
	name: 'Transport Test',
} as INodeParameters;

const createSubscription = {
	resource: 'webhook',
	operation: 'create',
	event: 'chat.started',
	targetUrl: 'https://n8n.example.com/webhook/transport',
} as INodeParameters;

const setStatus = (operatorId: string) =>
	({
		resource: 'operator',
		operation: 'setStatus',
		operatorId: { __rl: true, mode: 'id', value: operatorId },
		status: 'online',
		keepStatus: 'duration',
		duration: 5,
		durationUnit: 'minutes',
	}) as INodeParameters;

// The waits the transport asked the (virtual) clock for in this test.
let waits: number[] = [];
beforeEach(() => {
	waits = testClock().waits;
});

describe('transport against the sandbox', () => {
	let sandbox: Sandbox;
	let ownerId: string;
	const run = async (parameters: INodeParameters, token?: string) =>
		await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, token ?? sandbox.token),
			parameters,
		});
	const fault = (rule: Omit<FaultRule, 'path'> & { path?: FaultRule['path'] }) =>
		sandbox.faults.add({ path: `/operators/${ownerId}`, method: 'GET', ...rule } as FaultRule);
	const statuses = () => sandbox.requests.map((request) => request.status);

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => {
		sandbox.reset();
		ownerId = sandbox.state.owner.id;
	});
	afterAll(async () => await sandbox.close());

	it('waits as long as Retry-After says (1 s -> 1000 ms) after a 429, then succeeds', async () => {
		fault({ type: 'status', status: 429, retryAfter: 1, times: 1 });
		const { status, output } = await run(getOperator(ownerId));
		expect(status).toBe('success');
		expect(output[0].json.id).toBe(ownerId);
		expect(waits).toEqual([1000]);
		expect(statuses()).toEqual([429, 200]);
	});

	it('honours Retry-After on a 503 too', async () => {
		fault({ type: 'status', status: 503, retryAfter: 2, times: 1 });
		const { status } = await run(getOperator(ownerId));
		expect(status).toBe('success');
		expect(waits).toEqual([2000]);
	});

	it.each([502, 503, 504])('retries a %s with exponential back-off and succeeds', async (code) => {
		fault({ type: 'status', status: code, times: 2 });
		const { status } = await run(getOperator(ownerId));
		expect(status).toBe('success');
		expect(waits).toEqual([1000, 2000]);
		expect(statuses()).toEqual([code, code, 200]);
	});

	it('gives up after 3 retries of a 503 with an error that says so', async () => {
		fault({ type: 'status', status: 503, times: 10 });
		const { status, error } = await run(getOperator(ownerId));
		expect(status).toBe('error');
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('503');
		expect(error?.message).toBe('Chaport had a server-side failure: Injected fault: HTTP 503');
		expect(error?.description).toBe('Still failing after 3 retries. Try again later.');
		expect(waits).toEqual([1000, 2000, 4000]);
		expect(statuses()).toEqual([503, 503, 503, 503]);
		expect(JSON.stringify(error)).not.toContain(sandbox.token);
	});

	it('gives up on a lasting 429 with advice to slow down', async () => {
		fault({ type: 'status', status: 429, retryAfter: 1, times: 10 });
		const { error } = await run(getOperator(ownerId));
		expect(error?.httpCode).toBe('429');
		expect(error?.message).toMatch(/^Chaport is rate limiting requests/);
		expect(error?.description).toMatch(/^Still rate limited after 3 retries/);
		expect(waits).toEqual([1000, 1000, 1000]);
	});

	it('does not wait for a Retry-After longer than a minute', async () => {
		fault({ type: 'status', status: 429, retryAfter: 120, times: 1 });
		const { error } = await run(getOperator(ownerId));
		expect(error?.httpCode).toBe('429');
		expect(waits).toEqual([]);
		expect(statuses()).toEqual([429]);
	});

	it('does not retry a 500, which is not a transient status', async () => {
		fault({ type: 'status', status: 500, times: 1 });
		const { error } = await run(getOperator(ownerId));
		expect(error?.httpCode).toBe('500');
		expect(error?.message).toMatch(/^Chaport had a server-side failure/);
		expect(waits).toEqual([]);
		expect(statuses()).toEqual([500]);
	});

	it('never repeats a POST that is not idempotent after a 502/503/504, and says it may have been applied', async () => {
		for (const code of [502, 503, 504]) {
			sandbox.reset();
			waits.length = 0;
			sandbox.faults.add({
				method: 'POST',
				path: '/operators',
				type: 'status',
				status: code,
				times: 5,
			});
			const operator = await run(createOperator);
			expect(operator.error?.httpCode).toBe(String(code));
			expect(operator.error?.message).toBe(
				`Chaport's answer was lost (HTTP ${code}), so the request may have been applied: Injected fault: HTTP ${code}`,
			);
			expect(operator.error?.description).toMatch(/was not repeated/);
			expect(waits).toEqual([]);
			expect(statuses()).toEqual([code]);
		}
	});

	it('retries a 429 even for a POST without a key: Chaport did not process it', async () => {
		sandbox.faults.add({
			method: 'POST',
			path: '/events/subscriptions',
			type: 'status',
			status: 429,
			retryAfter: 1,
			times: 2,
		});
		const subscription = await run(createSubscription);
		expect(subscription.status).toBe('success');
		expect(waits).toEqual([1000, 1000]);
		// An answer without the subscription (switch subscriptionCreateResponse) is followed by a list.
		const listed = sandbox.state.options.alternatives.subscriptionCreateResponse === 'empty';
		expect(statuses()).toEqual([429, 429, 200, ...(listed ? [200] : [])]);
		expect(sandbox.state.subscriptions).toHaveLength(1);
	});

	it('a create whose answer is lost after it was applied says so, in the message n8n shows and in the error item', async () => {
		sandbox.faults.add({
			method: 'POST',
			path: '/operators',
			type: 'status',
			status: 502,
			when: 'after',
			times: 1,
		});
		const failed = await run(createOperator);
		expect(failed.error?.message).toMatch(/may have been applied/);
		expect(sandbox.state.operators.some((o) => o.email === createOperator.email)).toBe(true);
		expect(statuses()).toEqual([502]);

		sandbox.faults.add({ method: 'POST', path: '/operators', type: 'reset', when: 'after' });
		const item = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			onError: 'continueRegularOutput',
			parameters: { ...createOperator, email: 'second@example.com' },
		});
		expect(item.output[0].json.error).toBe(
			'Could not reach Chaport (ECONNRESET), so the request may have been applied',
		);
		expect(sandbox.state.operators.some((o) => o.email === 'second@example.com')).toBe(true);
	});

	it('retries a POST that is harmless to repeat (operator set status)', async () => {
		sandbox.faults.add({
			method: 'POST',
			path: `/operators/${ownerId}/status`,
			type: 'status',
			status: 503,
			times: 1,
		});
		const { status, output } = await run(setStatus(ownerId));
		expect(status).toBe('success');
		expect(output[0].json).toMatchObject({ id: ownerId, lastStatus: 'online' });
		expect(waits).toEqual([1000]);
	});

	it('reports an HTML error page as such instead of echoing the page', async () => {
		fault({ type: 'html', status: 502, times: 10 });
		const { error } = await run(getOperator(ownerId));
		expect(error?.httpCode).toBe('502');
		expect(error?.message).toBe(
			'Chaport had a server-side failure: Chaport answered with an HTML page instead of JSON (HTTP 502)',
		);
		expect(JSON.stringify(error)).not.toMatch(/<html/i);
		expect(statuses()).toHaveLength(4);
	});

	it('retries past a single HTML 502 page (a proxy hiccup)', async () => {
		fault({ type: 'html', status: 502, times: 1 });
		const { status } = await run(getOperator(ownerId));
		expect(status).toBe('success');
		expect(waits).toEqual([1000]);
	});

	it('retries a 200 whose body is not valid JSON on a GET, then succeeds', async () => {
		fault({ type: 'malformed-json', times: 1 });
		const { status, output } = await run(getOperator(ownerId));
		expect(status).toBe('success');
		expect(output[0].json.id).toBe(ownerId);
		expect(waits).toEqual([1000]);
	});

	it('reports a body that stays malformed after 3 retries', async () => {
		fault({ type: 'malformed-json', times: 10 });
		const { error } = await run(getOperator(ownerId));
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toContain('not valid JSON');
		expect(error?.description).toBe('Still failing after 3 retries. Try again later.');
		expect(statuses()).toEqual([200, 200, 200, 200]);
	});

	it('does not repeat a non-idempotent POST whose 200 answer is malformed', async () => {
		sandbox.faults.add({
			method: 'POST',
			path: '/events/subscriptions',
			type: 'malformed-json',
			times: 5,
		});
		const { error } = await run(createSubscription);
		expect(error?.message).toContain('not valid JSON');
		expect(statuses()).toEqual([200]);
	});

	it('retries a GET after the connection was reset, then succeeds', async () => {
		fault({ type: 'reset', times: 1 });
		const { status } = await run(getOperator(ownerId));
		expect(status).toBe('success');
		expect(waits).toEqual([1000]);
		expect(statuses()).toEqual([0, 200]);
	});

	it('reports a connection that keeps being reset after 3 retries', async () => {
		fault({ type: 'reset', times: 10 });
		const { error } = await run(getOperator(ownerId));
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('Could not reach Chaport (ECONNRESET)');
		expect(error?.description).toMatch(/^Still failing after 3 retries/);
		expect(statuses()).toEqual([0, 0, 0, 0]);
		expect(JSON.stringify(error)).not.toContain(sandbox.token);
	});

	it('does not repeat an operator create whose connection was reset, and says it may have happened', async () => {
		sandbox.faults.add({ method: 'POST', path: '/operators', type: 'reset', times: 5 });
		const { error } = await run(createOperator);
		expect(error?.message).toBe(
			'Could not reach Chaport (ECONNRESET), so the request may have been applied',
		);
		expect(error?.description).toMatch(/may have carried it out/);
		expect(waits).toEqual([]);
		expect(statuses()).toEqual([0]);
	});

	it('maps a wrong token to a 401 without retrying and without the token', async () => {
		const wrong = 'not-the-sandbox-token';
		const { error } = await run(getOperator(ownerId), wrong);
		// 401 by default; 403 with the sandbox's authFailureStatus switch (both allowed).
		const authStatus = sandbox.state.options.alternatives.authFailureStatus;
		expect(error?.httpCode).toBe(String(authStatus));
		expect(error?.message).toBe(
			authStatus === 401
				? 'Chaport did not accept the access token: Missing or invalid bearer token'
				: 'Chaport does not allow this action: Missing or invalid bearer token',
		);
		expect(error?.description).toMatch(/Access Token/);
		expect(error?.description).toMatch(/Region/);
		expect(waits).toEqual([]);
		expect(JSON.stringify(error)).not.toContain(wrong);
	});
});

describe('transport against nock', () => {
	const BASE = 'https://chaport.test';
	const TOKEN = 'transport-test-token';
	const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);
	const OPERATOR_PATH = `/api/v1/operators/${OPERATOR_ID}`;

	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('retries a GET after ECONNRESET and returns the answer of the retry', async () => {
		const scope = nock(BASE)
			.get(OPERATOR_PATH)
			.replyWithError(networkError('ECONNRESET', 'socket hang up'))
			.get(OPERATOR_PATH)
			.reply(200, { result: { id: OPERATOR_ID, name: 'After reset' } });
		const { status, output } = await runNode({ credentials, parameters: getOperator(OPERATOR_ID) });
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({ id: OPERATOR_ID, name: 'After reset' });
		expect(waits).toEqual([1000]);
	});

	it('does not repeat a POST /operators after ECONNRESET', async () => {
		const scope = nock(BASE)
			.post('/api/v1/operators')
			.replyWithError(networkError('ECONNRESET', 'socket hang up'))
			.post('/api/v1/operators')
			.reply(200, { result: { id: OPERATOR_ID } });
		const { error } = await runNode({ credentials, parameters: createOperator });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(
			'Could not reach Chaport (ECONNRESET), so the request may have been applied',
		);
		expect(error?.description).toMatch(/was not repeated/);
		expect(scope.pendingMocks()).toHaveLength(1);
		expect(JSON.stringify(error)).not.toContain(TOKEN);
	});

	it('does not retry an error that is not transient (unknown host)', async () => {
		const scope = nock(BASE)
			.get(OPERATOR_PATH)
			.replyWithError(networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND chaport.test'))
			.get(OPERATOR_PATH)
			.reply(200, { result: { id: OPERATOR_ID } });
		const { error } = await runNode({ credentials, parameters: getOperator(OPERATOR_ID) });
		expect(error?.message).toBe('Could not reach Chaport (ENOTFOUND)');
		expect(error?.description).toBe('Check that the Chaport base URL is reachable.');
		expect(waits).toEqual([]);
		expect(scope.pendingMocks()).toHaveLength(1);
	});

	it('waits until the HTTP date of a Retry-After header', async () => {
		const retryAt = new Date(testClock().now() + 5000).toUTCString();
		nock(BASE)
			.get(OPERATOR_PATH)
			.reply(429, { error: { message: 'Slow down' } }, { 'Retry-After': retryAt })
			.get(OPERATOR_PATH)
			.reply(200, { result: { id: OPERATOR_ID } });
		const { status } = await runNode({ credentials, parameters: getOperator(OPERATOR_ID) });
		expect(status).toBe('success');
		expect(waits).toHaveLength(1);
		// HTTP dates have whole seconds, so the wait is between 4 and 5 s.
		expect(waits[0]).toBeGreaterThan(3000);
		expect(waits[0]).toBeLessThanOrEqual(5000);
	});

	it.each([
		[{ error: { code: 'bad', message: 'Nested message' } }, 'Nested message'],
		[{ error: 'Flat error string' }, 'Flat error string'],
		[{ message: 'Top-level message' }, 'Top-level message'],
		['Plain text answer', 'Plain text answer'],
		[{ unexpected: true }, 'HTTP 400'],
	])("reads Chaport's message from the error body %j", async (body, message) => {
		nock(BASE).get(OPERATOR_PATH).reply(400, body);
		const { error } = await runNode({ credentials, parameters: getOperator(OPERATOR_ID) });
		expect(error?.httpCode).toBe('400');
		expect(error?.message).toBe(`Chaport rejected the request: ${message}`);
		expect(error?.description).toMatch(/Check the node's parameters/);
	});

	it('never puts the token into an error, whatever the failure', async () => {
		const failures: Array<(scope: nock.Scope) => nock.Scope> = [
			(scope) => scope.get(OPERATOR_PATH).reply(401, { error: { message: 'Invalid token' } }),
			(scope) => scope.get(OPERATOR_PATH).reply(403, { error: { message: 'Forbidden' } }),
			(scope) => scope.get(OPERATOR_PATH).reply(404, { error: { message: 'Not found' } }),
			(scope) =>
				scope
					.get(OPERATOR_PATH)
					.times(4)
					.reply(503, '<html>down</html>', { 'Content-Type': 'text/html' }),
			(scope) =>
				scope.get(OPERATOR_PATH).times(4).replyWithError(networkError('ETIMEDOUT', 'timeout')),
		];
		for (const failure of failures) {
			failure(nock(BASE));
			const { error } = await runNode({ credentials, parameters: getOperator(OPERATOR_ID) });
			expect(error).toBeDefined();
			expect(JSON.stringify(error)).not.toContain(TOKEN);
			expect(String(error?.stack)).not.toContain(TOKEN);
			nock.cleanAll();
		}
	});

	it('with Continue on Fail, a transport failure becomes an { error } item paired with its input', async () => {
		nock(BASE)
			.get(OPERATOR_PATH)
			.times(4)
			.reply(503, { error: { message: 'Maintenance' } })
			.get('/api/v1/operators/aaaaaaaaaaaaaaaaaaaaaaaa')
			.reply(200, { result: { id: 'aaaaaaaaaaaaaaaaaaaaaaaa' } });
		const { status, output } = await runNode({
			credentials,
			onError: 'continueRegularOutput',
			input: [{ id: 'aaaaaaaaaaaaaaaaaaaaaaaa' }, { id: OPERATOR_ID }],
			parameters: getOperator('={{ $json.id }}'),
		});
		expect(status).toBe('success');
		expect(output).toEqual([
			{ json: { id: 'aaaaaaaaaaaaaaaaaaaaaaaa' }, pairedItem: { item: 0 } },
			{
				json: {
					error: 'Chaport had a server-side failure: Maintenance',
					details: 'Still failing after 3 retries. Try again later.',
				},
				pairedItem: { item: 1 },
			},
		]);
	});
});
