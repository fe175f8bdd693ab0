import nock from 'nock';

import type { Sandbox } from '../../../../sandbox';
import { startSandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import {
	BASE,
	byId,
	credentials,
	OPERATOR_ID,
	operatorFixture,
	recordRetryWaits,
	TOKEN,
	trapRequests,
	params,
} from './helpers';

const createParameters = (extra: Record<string, unknown> = {}) =>
	params({
		resource: 'operator',
		operation: 'create',
		email: 'li.wei@example.com',
		name: 'Li Wei',
		...extra,
	});

describe('Chaport › Operator › Create (HTTP contract)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('sends POST /operators with every given field and returns the simplified operator', async () => {
		const scope = nock(BASE, {
			reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		})
			.post('/api/v1/operators', {
				email: 'li.wei@example.com',
				name: 'Li Wei',
				role: 'admin',
				language: 'de',
				jobTitle: 'Sales',
				image: 'https://cdn.example.com/li.png',
			})
			.query({})
			.reply(200, { result: operatorFixture({ email: 'li.wei@example.com', name: 'Li Wei' }) });
		const { status, output } = await runNode({
			credentials,
			parameters: createParameters({
				additionalFields: {
					role: 'admin',
					language: 'de',
					jobTitle: 'Sales',
					image: 'https://cdn.example.com/li.png',
				},
			}),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			id: OPERATOR_ID,
			email: 'li.wei@example.com',
			name: 'Li Wei',
		});
		expect(Object.keys(output[0].json)).toHaveLength(10);
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('sends only e-mail and name when no additional field is set, and returns the raw operator without Simplify', async () => {
		const scope = nock(BASE)
			.post('/api/v1/operators', (body) => {
				expect(body).toEqual({ email: 'li.wei@example.com', name: 'Li Wei' });
				return true;
			})
			.reply(200, { result: operatorFixture() });
		const { output } = await runNode({
			credentials,
			parameters: createParameters({ simplify: false }),
		});
		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(operatorFixture());
	});

	it('trims the e-mail address and name', async () => {
		const scope = nock(BASE)
			.post('/api/v1/operators', { email: 'li.wei@example.com', name: 'Li Wei' })
			.reply(200, { result: operatorFixture() });
		await runNode({
			credentials,
			parameters: createParameters({ email: '  li.wei@example.com ', name: ' Li Wei  ' }),
		});
		expect(scope.isDone()).toBe(true);
	});

	it('does not repeat the request after a 503, because a second invitation is not harmless', async () => {
		const recorder = recordRetryWaits();
		try {
			const scope = nock(BASE)
				.post('/api/v1/operators')
				.times(2)
				.reply(503, { error: { message: 'Service unavailable' } });
			const { error } = await runNode({ credentials, parameters: createParameters() });
			expect(error?.httpCode).toBe('503');
			expect(recorder.waits).toEqual([]);
			expect(scope.pendingMocks()).toHaveLength(1);
		} finally {
			recorder.restore();
		}
	});

	// Values come through expressions, as an AI agent or an upstream item would supply them.
	it.each([
		[
			'an invalid e-mail address',
			{ email: '={{ $json.v }}' },
			'li.wei(at)example.com',
			/^'Email' is not a valid e-mail address/,
		],
		['an empty name', { name: '={{ $json.v }}' }, '   ', /^'Name' is empty/],
		[
			'an image that is not an http(s) URL',
			{ additionalFields: { image: '={{ $json.v }}' } },
			'ftp://cdn/li.png',
			/^'Image URL' must be an http/,
		],
		[
			'an unknown role',
			{ additionalFields: { role: '={{ $json.v }}' } },
			'owner',
			/^'Role' must be one of operator, admin, got "owner"/,
		],
		[
			'an empty language',
			{ additionalFields: { language: '={{ $json.v }}' } },
			' ',
			/^'Language' is empty/,
		],
	])('refuses %s before any request', async (_case, override, value, message) => {
		const seen = trapRequests(BASE);
		const { status, error } = await runNode({
			credentials,
			input: [{ v: value }],
			parameters: createParameters(override),
		});
		expect(status).toBe('error');
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(seen).toEqual([]);
	});
});

describe('Chaport › Operator › Create (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('creates an operator that Get then returns', async () => {
		const sandboxCredentials = chaportCredentials(sandbox.baseUrl, sandbox.token);
		const created = await runNode({
			credentials: sandboxCredentials,
			parameters: createParameters({
				email: 'new.hire@example.com',
				name: 'Noa Hire',
				additionalFields: { role: 'admin', language: 'fr', jobTitle: 'Support lead' },
			}),
		});
		expect(created.error).toBeUndefined();
		const id = created.output[0].json.id as string;
		expect(id).toMatch(/^[0-9a-f]{24}$/);
		expect(sandbox.state.operators.map((o) => o.id)).toContain(id);

		const fetched = await runNode({
			credentials: sandboxCredentials,
			parameters: { resource: 'operator', operation: 'get', operatorId: byId(id) },
		});
		expect(fetched.output[0].json).toEqual(created.output[0].json);
		expect(fetched.output[0].json).toMatchObject({
			email: 'new.hire@example.com',
			name: 'Noa Hire',
			role: 'admin',
			language: 'fr',
			jobTitle: 'Support lead',
			status: 'offline',
		});
	});

	it("passes on Chaport's reason when the e-mail address is taken", async () => {
		const { error } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: createParameters({ email: sandbox.state.owner.email }),
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe(String(sandbox.state.options.alternatives.validationStatus));
		expect(error?.message).toContain(
			`An operator with e-mail ${sandbox.state.owner.email} already exists`,
		);
		expect(sandbox.state.operators).toHaveLength(4);
	});
});
