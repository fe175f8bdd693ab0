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
	TOKEN,
	trapRequests,
	params,
} from './helpers';

const updateParameters = (
	updateFields: Record<string, unknown>,
	extra: Record<string, unknown> = {},
) =>
	params({
		resource: 'operator',
		operation: 'update',
		operatorId: byId(OPERATOR_ID),
		updateFields,
		...extra,
	});

describe('Chaport › Operator › Update (HTTP contract)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('sends PUT /operators/{id} with only the fields to change', async () => {
		const scope = nock(BASE, {
			reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		})
			.put(`/api/v1/operators/${OPERATOR_ID}`, (body) => {
				expect(body).toEqual({ name: 'Maria L.', jobTitle: '' });
				return true;
			})
			.query({})
			.reply(200, { result: operatorFixture({ name: 'Maria L.', jobTitle: '' }) });
		const { status, output } = await runNode({
			credentials,
			parameters: updateParameters({ name: 'Maria L.', jobTitle: '' }),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toMatchObject({ id: OPERATOR_ID, name: 'Maria L.', jobTitle: '' });
		expect(output[0].json).not.toHaveProperty('futureField');
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('sends every editable field and returns the raw operator without Simplify', async () => {
		const fields = {
			email: 'maria.lopez@example.com',
			name: 'Maria Lopez',
			role: 'admin',
			language: 'es',
			jobTitle: 'Team lead',
			image: 'https://cdn.example.com/m.png',
		};
		const scope = nock(BASE)
			.put(`/api/v1/operators/${OPERATOR_ID}`, fields)
			.reply(200, { result: operatorFixture(fields) });
		const { output } = await runNode({
			credentials,
			parameters: updateParameters(fields, { simplify: false }),
		});
		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(operatorFixture(fields));
	});

	it.each([
		['nothing to change', {}, undefined, /^'Update Fields' has no field to change \[item 0\]$/],
		[
			'an invalid e-mail address',
			{ email: '={{ $json.v }}' },
			'maria@',
			/^'Email' is not a valid e-mail address/,
		],
		['an empty name', { name: '={{ $json.v }}' }, '', /^'Name' is empty/],
		[
			'an unknown role',
			{ role: '={{ $json.v }}' },
			'owner',
			/^'Role' must be one of operator, admin/,
		],
		[
			'an image URL without http(s)',
			{ image: '={{ $json.v }}' },
			'javascript:alert(1)',
			/^'Image URL' must be an http/,
		],
	])('refuses %s before any request', async (_case, fields, value, message) => {
		const seen = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ v: value }],
			parameters: updateParameters(fields),
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(seen).toEqual([]);
	});

	it("explains how to fix an empty update in the error's description", async () => {
		trapRequests(BASE);
		const { error } = await runNode({ credentials, parameters: updateParameters({}) });
		expect(error?.description).toBe("Add at least one field under 'Update Fields'.");
	});
});

describe('Chaport › Operator › Update (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('changes only the given fields, as a later Get shows', async () => {
		const sandboxCredentials = chaportCredentials(sandbox.baseUrl, sandbox.token);
		const operator = sandbox.state.operators[2];
		const before = { ...operator };
		const updated = await runNode({
			credentials: sandboxCredentials,
			parameters: {
				...updateParameters({ jobTitle: 'Night shift', language: 'ru' }),
				operatorId: byId(operator.id),
			},
		});
		expect(updated.status).toBe('success');
		const fetched = await runNode({
			credentials: sandboxCredentials,
			parameters: {
				resource: 'operator',
				operation: 'get',
				operatorId: byId(operator.id),
				simplify: false,
			},
		});
		expect(fetched.output[0].json).toEqual({ ...before, jobTitle: 'Night shift', language: 'ru' });
	});

	it("passes on Chaport's 403 when the owner would be demoted", async () => {
		const { error } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: {
				...updateParameters({ role: 'operator' }),
				operatorId: byId(sandbox.state.owner.id),
			},
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toContain('The account owner cannot be demoted');
		expect(sandbox.state.owner.role).toBe('admin');
	});
});
