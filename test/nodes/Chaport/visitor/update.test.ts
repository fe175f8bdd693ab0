import nock from 'nock';

import type { Sandbox } from '../../../../sandbox';
import { startSandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';

const BASE = 'https://chaport.test';
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';
const credentials = chaportCredentials(`${BASE}/api/v1`, 'token');
const locator = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Chaport › Visitor › Update (nock)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('sends only the chosen fields; custom fields and UTM values merged into the current ones', async () => {
		const scope = nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(200, {
				result: {
					id: VISITOR_ID,
					custom: { plan: 'pro', region: 'EU' },
					utm: { source: 'bing', medium: 'cpc' },
				},
			})
			.put(`/api/v1/visitors/${VISITOR_ID}`, {
				name: 'Tom Becker',
				email: 'tom@example.org',
				custom: { plan: 'enterprise', region: 'EU', accountId: 'A-481' },
				utm: { source: 'google', medium: 'cpc' },
			})
			.reply(200, { result: { id: VISITOR_ID, name: 'Tom Becker' } });
		const { output, status } = await runNode({
			credentials,
			parameters: {
				resource: 'visitor',
				operation: 'update',
				visitorId: locator(VISITOR_ID),
				updateFields: {
					name: 'Tom Becker',
					email: 'tom@example.org',
					customFields: {
						field: [
							{ key: 'plan', value: 'enterprise' },
							{ key: 'accountId', value: 'A-481' },
						],
					},
					utm: { source: 'google' },
				},
			},
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toMatchObject({ id: VISITOR_ID, name: 'Tom Becker' });
	});

	it('reads nothing first when neither custom fields nor UTM values change', async () => {
		const scope = nock(BASE)
			.put(`/api/v1/visitors/${VISITOR_ID}`, { notes: 'Called back' })
			.reply(200, { result: { id: VISITOR_ID, notes: 'Called back' } });
		const { status } = await runNode({
			credentials,
			parameters: {
				resource: 'visitor',
				operation: 'update',
				visitorId: locator(VISITOR_ID),
				updateFields: { notes: 'Called back' },
			},
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
	});

	it('sends the custom fields alone when the visitor has none yet (or Chaport omits them)', async () => {
		const scope = nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(200, { result: { id: VISITOR_ID } })
			.put(`/api/v1/visitors/${VISITOR_ID}`, { custom: { plan: 'pro' } })
			.reply(200, {});
		const { status } = await runNode({
			credentials,
			parameters: {
				resource: 'visitor',
				operation: 'update',
				visitorId: locator(VISITOR_ID),
				updateFields: { customFields: { field: [{ key: 'plan', value: 'pro' }] } },
			},
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		[{ email: 'not-an-email' }, /'Email' is not a valid e-mail address/],
		[
			{
				customFields: {
					field: [
						{ key: 'plan', value: 'a' },
						{ key: 'plan', value: 'b' },
					],
				},
			},
			/'Custom Fields' has the key "plan" more than once/,
		],
		[
			{ customFields: { field: [{ key: ' ', value: 'a' }] } },
			/'Custom Fields' has a field with an empty key/,
		],
		[{}, /'Update Fields' has no field to change/],
	])('refuses %j before sending anything', async (updateFields, message) => {
		const scope = nock(BASE).put(/.*/).reply(200, {});
		const { status, error } = await runNode({
			credentials,
			parameters: {
				resource: 'visitor',
				operation: 'update',
				visitorId: locator(VISITOR_ID),
				updateFields,
			},
		});
		expect(status).toBe('error');
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(scope.isDone()).toBe(false);
	});
});

describe('Chaport › Visitor › Update (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => await sandbox.close());

	it('changes the visitor and merges custom fields key by key', async () => {
		const target = sandbox.state.visitors[0];
		const before = { ...target.custom };
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: {
				resource: 'visitor',
				operation: 'update',
				visitorId: locator(target.id),
				updateFields: {
					notes: 'Upgraded in May',
					customFields: { field: [{ key: 'tier', value: 'gold' }] },
				},
				simplify: false,
			},
		});
		expect(output[0].json.notes).toBe('Upgraded in May');
		expect(output[0].json.custom).toEqual({ ...before, tier: 'gold' });
	});
});
