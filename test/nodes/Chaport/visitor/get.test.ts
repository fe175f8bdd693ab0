import nock from 'nock';

import type { Sandbox } from '../../../../sandbox';
import { startSandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';

const BASE = 'https://chaport.test';
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';
const TOKEN = 'visitor-get-token';

describe('Chaport › Visitor › Get', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);

	it('sends GET /visitors/{id} with the bearer token and returns the simplified visitor', async () => {
		const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(200, {
				result: {
					id: VISITOR_ID,
					name: 'Tom',
					email: 'tom@example.org',
					custom: { plan: 'pro' },
					extra: 1,
				},
			});
		const { output, status } = await runNode({
			credentials,
			parameters: {
				resource: 'visitor',
				operation: 'get',
				visitorId: { __rl: true, mode: 'id', value: VISITOR_ID },
			},
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ id: VISITOR_ID, name: 'Tom', email: 'tom@example.org' });
		expect(output[0].json).not.toHaveProperty('extra');
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('passes unknown fields through when Simplify is off', async () => {
		nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(200, { result: { id: VISITOR_ID, brandNewField: { nested: true } } });
		const { output } = await runNode({
			credentials,
			parameters: {
				resource: 'visitor',
				operation: 'get',
				visitorId: { __rl: true, mode: 'id', value: VISITOR_ID },
				simplify: false,
			},
		});
		expect(output[0].json).toEqual({ id: VISITOR_ID, brandNewField: { nested: true } });
	});

	it('sends a visitor ID with a path change percent-encoded as one segment', async () => {
		// Through an expression, as an AI agent or an upstream item would supply it.
		const scope = nock(BASE)
			.get('/api/v1/visitors/..%2Foperators')
			.reply(404, { error: { message: 'Visitor not found' } });
		const { status, error } = await runNode({
			credentials,
			input: [{ visitorId: '../operators' }],
			parameters: {
				resource: 'visitor',
				operation: 'get',
				visitorId: { __rl: true, mode: 'id', value: '={{ $json.visitorId }}' },
			},
		});
		expect(status).toBe('error');
		expect(scope.isDone()).toBe(true);
		expect(error?.message).toContain('Chaport has no visitor "../operators"');
		expect(error?.description).toContain('does not look like a Chaport visitor ID');
	});

	it('maps a 404 to an error naming the visitor, without the token', async () => {
		nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(404, { error: { code: 'not_found', message: 'Visitor not found' } });
		const { error } = await runNode({
			credentials,
			parameters: {
				resource: 'visitor',
				operation: 'get',
				visitorId: { __rl: true, mode: 'id', value: VISITOR_ID },
			},
		});
		expect(error?.message).toContain('Visitor not found');
		expect(error?.message).toContain(VISITOR_ID);
		expect(error?.httpCode).toBe('404');
		expect(JSON.stringify(error)).not.toContain(TOKEN);
	});
});

describe('Chaport › Visitor › Get (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => await sandbox.close());

	it('returns the stored visitor, raw with every field or simplified', async () => {
		const stored = sandbox.state.visitors[2];
		const credentials = chaportCredentials(sandbox.baseUrl, sandbox.token);
		const parameters = {
			resource: 'visitor',
			operation: 'get',
			visitorId: { __rl: true, mode: 'id', value: stored.id },
		};
		const raw = await runNode({ credentials, parameters: { ...parameters, simplify: false } });
		expect(raw.output[0].json).toMatchObject({
			id: stored.id,
			name: stored.name,
			email: stored.email,
			custom: stored.custom,
		});
		const simple = await runNode({ credentials, parameters });
		expect(simple.output[0].json).toMatchObject({
			id: stored.id,
			name: stored.name,
			email: stored.email,
		});
		expect(simple.output[0].json).not.toHaveProperty('custom');
	});

	it('fails with a 404 for a visitor the account does not have', async () => {
		const { error } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: {
				resource: 'visitor',
				operation: 'get',
				visitorId: { __rl: true, mode: 'id', value: 'ffffffffffffffffffffffff' },
			},
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.description).toMatch(/Check the ID of visitor/);
	});
});
