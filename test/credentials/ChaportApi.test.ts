import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ChaportApi } from '../../credentials/ChaportApi.credentials';
import type { Sandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { resolveBaseUrl } from '../../nodes/shared/baseUrl';
import { chaportCredentials, runNode } from '../harness';
import { TestCredentialsHelper } from '../harness/credentials';
import { nodeTypes } from '../harness/runNode';

const credential = new ChaportApi();
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';

/** Resolves an expression from the credential type as n8n does, with $credentials in scope. */
function resolveCredentialExpression(expression: string, credentials: Record<string, unknown>) {
	const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });
	return workflow.expression.getParameterValue(expression, null, 0, 0, '', [], 'internal', {
		$credentials: credentials as IDataObject,
	});
}

describe('Chaport API credential', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('is named chaportApi, hides the token and documents itself with a full URL', () => {
		expect(credential.name).toBe('chaportApi');
		const token = credential.properties.find((property) => property.name === 'accessToken');
		expect(token?.typeOptions?.password).toBe(true);
		expect(credential.documentationUrl).toMatch(/^https:\/\/.+#credentials$/);
	});

	it('applies the token as a Bearer Authorization header through generic authentication', async () => {
		const helper = new TestCredentialsHelper({});
		const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });
		const options = await helper.authenticate(
			{ accessToken: 'abc123', region: 'custom', baseUrl: 'http://x/api/v1' },
			'chaportApi',
			{ url: '/me.json', headers: { Accept: 'application/json' } },
			workflow,
			{ name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: '1' },
		);
		expect(options.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer abc123' });
	});

	it.each([
		['https://app.chaport.com/api/v1', 'https://app.chaport.com/api/v1'],
		['https://app.chaport.ru/api/v1', 'https://app.chaport.ru/api/v1'],
	])('offers the region %s and sends requests there', async (region, expected) => {
		const option = (credential.properties.find((p) => p.name === 'region')?.options ?? []).find(
			(o) => 'value' in o && o.value === region,
		);
		expect(option).toBeDefined();
		expect(resolveBaseUrl({ region })).toBe(expected);
		const host = new URL(expected);
		const scope = nock(host.origin)
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(200, { result: { id: VISITOR_ID } });
		await runNode({
			credentials: { accessToken: 't', region },
			parameters: {
				resource: 'visitor',
				operation: 'get',
				visitorId: { __rl: true, mode: 'id', value: VISITOR_ID },
			},
		});
		expect(scope.isDone()).toBe(true);
	});

	it('takes a custom Base URL without its trailing slashes', () => {
		expect(resolveBaseUrl({ region: 'custom', baseUrl: ' http://127.0.0.1:5780/api/v1// ' })).toBe(
			'http://127.0.0.1:5780/api/v1',
		);
		expect(
			resolveCredentialExpression(credential.test.request.baseURL as string, {
				region: 'custom',
				baseUrl: 'https://proxy.example.com/api/v1/',
			}),
		).toBe('https://proxy.example.com/api/v1');
	});

	it.each([
		'ftp://host/api/v1',
		'app.chaport.com/api/v1',
		'',
		'https://',
		'https://user:secret-token@proxy.example.com/api/v1',
		'https://proxy.example.com/api/v1?token=secret-token',
		'https://proxy.example.com/api/v1#secret-token',
		'https://proxy.example.com:99999999/api/v1',
	])(
		'refuses the custom Base URL %p with a clear error that does not repeat it, and sends nothing',
		async (baseUrl) => {
			expect(() => resolveBaseUrl({ region: 'custom', baseUrl })).toThrow(
				/not an http:\/\/ or https:\/\/ URL/,
			);
			expect(
				resolveCredentialExpression(credential.test.request.baseURL as string, {
					region: 'custom',
					baseUrl,
				}),
			).toBe('http://invalid-base-url.invalid');
			const { error } = await runNode({
				credentials: { accessToken: 't', region: 'custom', baseUrl },
				parameters: {
					resource: 'visitor',
					operation: 'get',
					visitorId: { __rl: true, mode: 'id', value: VISITOR_ID },
				},
			});
			expect(error?.message).toMatch(/Base URL/);
			if (baseUrl.includes('secret-token')) {
				expect(JSON.stringify(error)).not.toContain('secret-token');
				expect(String(error?.stack)).not.toContain('secret-token');
			}
		},
	);

	it.each<Record<string, string>>([
		{ region: 'https://app.chaport.com/api/v1' },
		{ region: 'https://app.chaport.ru/api/v1/' },
		{ region: 'custom', baseUrl: 'http://127.0.0.1:5780/api/v1' },
		{ region: 'custom', baseUrl: ' https://proxy.example.com/api/v1/?a=1#x ' },
		{ region: 'custom', baseUrl: 'https://host?x' },
		{ region: 'custom', baseUrl: 'https://host name/api' },
		{ region: 'custom', baseUrl: 'HTTPS://HOST/API/V1' },
		{ region: 'custom', baseUrl: 'mailto:someone@example.com' },
		{ region: 'custom', baseUrl: 'http:/host/api' },
		{ region: 'custom', baseUrl: 'https://user:pw@host/api/v1' },
		{ region: 'custom', baseUrl: 'https://host:8443/api/v1' },
		{ region: 'custom', baseUrl: 'http://[::1]:5780/api/v1' },
	])('gives the credential test the base URL the node uses: %p', (credentials) => {
		let expected: string;
		try {
			expected = resolveBaseUrl(credentials);
		} catch {
			expected = 'http://invalid-base-url.invalid';
		}
		expect(
			resolveCredentialExpression(credential.test.request.baseURL as string, credentials),
		).toBe(expected);
	});

	it('tests the token with GET /me.json against the chosen base URL', () => {
		expect(credential.test.request).toMatchObject({ url: '/me.json', method: 'GET' });
		expect(
			resolveCredentialExpression(credential.test.request.baseURL as string, {
				region: 'https://app.chaport.ru/api/v1',
			}),
		).toBe('https://app.chaport.ru/api/v1');
	});

	it('keeps the token out of errors', async () => {
		nock('https://chaport.test')
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(401, { error: { message: 'Invalid token' } });
		const { error } = await runNode({
			credentials: chaportCredentials('https://chaport.test/api/v1', 'super-secret-token-value'),
			parameters: {
				resource: 'visitor',
				operation: 'get',
				visitorId: { __rl: true, mode: 'id', value: VISITOR_ID },
			},
		});
		expect(error?.message).toContain('Invalid token');
		expect(error?.description).toMatch(/Access Token.*Region/);
		expect(JSON.stringify(error)).not.toContain('super-secret-token-value');
		expect(String(error?.stack)).not.toContain('super-secret-token-value');
	});
});

describe('Chaport API credential test request against the sandbox', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		nock.enableNetConnect(/127\.0\.0\.1/);
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => await sandbox.close());

	/** What n8n's credential tester does: resolve test.request, authenticate it, send it. */
	async function testCredential(accessToken: string): Promise<number> {
		const data = { accessToken, region: 'custom', baseUrl: `${sandbox.baseUrl}/` };
		const helper = new TestCredentialsHelper({});
		const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });
		const request = credential.test.request;
		const baseURL = resolveCredentialExpression(request.baseURL as string, data) as string;
		const options = await helper.authenticate(
			data,
			'chaportApi',
			{ url: request.url as string, headers: { ...(request.headers as Record<string, string>) } },
			workflow,
			{ name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: '1' },
		);
		const response = await fetch(`${baseURL}${options.url}`, {
			method: request.method,
			headers: options.headers as Record<string, string>,
		});
		return response.status;
	}

	it('passes with the sandbox token', async () => {
		expect(await testCredential(sandbox.token)).toBe(200);
		expect(sandbox.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v1/me.json' });
	});

	it('fails with a wrong token (401, or 403 with the sandbox switch authFailureStatus)', async () => {
		expect(await testCredential('wrong-token')).toBe(
			sandbox.state.options.alternatives.authFailureStatus,
		);
	});
});

describe('Chaport API credential › what the credential test says', () => {
	const ruleFor = (status: number) =>
		credential.test.rules?.find(
			(rule) => rule.type === 'responseCode' && rule.properties.value === status,
		)?.properties.message;

	it('on 401 says to check the token and the region instead of a bare "Unauthorized"', () => {
		expect(ruleFor(401)).toMatch(/token/);
		expect(ruleFor(401)).toMatch(/Region/);
		expect(ruleFor(401)).toMatch(/app\.chaport\.com.*Global.*app\.chaport\.ru.*Russia/);
	});

	it('on 404 points at the region or the base URL', () => {
		expect(ruleFor(404)).toMatch(/Base URL/);
	});

	it('puts the key help in the field descriptions, not only in tooltips', () => {
		const field = (name: string) => credential.properties.find((p) => p.name === name)!;
		expect(field('accessToken').description).toMatch(/Settings → API/);
		expect(field('region').description).toMatch(/app\.chaport\.com/);
		const regions = (field('region').options ?? []).map((o) => (o as { name: string }).name);
		// the two Chaport regions first, as you sign in to them; the custom URL last
		expect(regions).toEqual(['Global (app.chaport.com)', 'Russia (app.chaport.ru)', 'Custom URL']);
	});
});
