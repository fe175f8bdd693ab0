import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { startSandbox, type Sandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import { trapRequests } from '../../../helpers/requests';

const BASE = 'https://chaport.test';
const TOKEN = 'chat-get-last-token';
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';
const OTHER_VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f1';

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const chat = (id: number, stage = 'engaged') => ({
	id,
	stage,
	missed: false,
	rating: null,
	operators: [],
	team: null,
	createdAt: '2024-05-06T06:54:01.990Z',
	events: [{ id: `e${id}`, type: 'visitor-message', params: { text: 'Hi' } }],
});

describe('Chaport › Chat › Get Last', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);
	const parameters = (visitorId: INodeParameters[string] = rl(VISITOR_ID)): INodeParameters => ({
		resource: 'chat',
		operation: 'getLast',
		visitorId,
	});

	it("sends GET /visitors/{v}/chats and returns the visitor's current chat", async () => {
		const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.get(`/api/v1/visitors/${VISITOR_ID}/chats`)
			.query({})
			.reply(200, { result: chat(1042), links: { more: ['/api/v1/visitors/x/chats/1041'] } });
		const { status, output } = await runNode({ credentials, parameters: parameters() });
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			id: 1042,
			visitorId: VISITOR_ID,
			stage: 'engaged',
			messageCount: 1,
		});
	});

	it('lists the assigned operators, with names where the answer has them', async () => {
		nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}/chats`)
			.reply(200, {
				result: {
					...chat(1042),
					operators: ['5f2b7c9e1a4d3e0012ab34cd', { id: '5f2b7c9e1a4d3e0012ab34ce', name: 'Dana' }],
				},
			});
		const { output } = await runNode({ credentials, parameters: parameters() });
		expect(output[0].json.operators).toEqual([
			{ id: '5f2b7c9e1a4d3e0012ab34cd', name: null },
			{ id: '5f2b7c9e1a4d3e0012ab34ce', name: 'Dana' },
		]);
	});

	it('raises a 404 "never chatted" when Chaport answers 404 for a visitor that exists', async () => {
		const scope = nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}/chats`)
			.reply(404, { error: { message: 'Visitor has no chats' } })
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(200, { result: { id: VISITOR_ID } });
		const { status, error } = await runNode({ credentials, parameters: parameters() });
		expect(scope.isDone()).toBe(true);
		expect(status).toBe('error');
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toBe(
			`Chaport has no chat of visitor "${VISITOR_ID}": the visitor has never chatted`,
		);
	});

	it('raises the same 404 when Chaport answers result: null', async () => {
		const scope = nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}/chats`)
			.reply(200, { result: null })
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(200, { result: { id: VISITOR_ID } });
		const { error } = await runNode({ credentials, parameters: parameters() });
		expect(scope.isDone()).toBe(true);
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain('never chatted');
	});

	it('names the visitor, not the chat, when the visitor itself does not exist', async () => {
		nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}/chats`)
			.reply(404, { error: { message: 'Visitor not found' } })
			.get(`/api/v1/visitors/${VISITOR_ID}`)
			.reply(404, { error: { message: 'Visitor not found' } });
		const { error } = await runNode({ credentials, parameters: parameters() });
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toBe(`Chaport has no visitor "${VISITOR_ID}": Visitor not found`);
	});

	it('refuses a visitor ID that cannot be an ID before any request', async () => {
		const trap = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ visitorId: '..' }],
			parameters: parameters(rl('={{ $json.visitorId }}')),
		});
		expect(error?.message).toMatch(/'Visitor' cannot be "\.\." \[item 0\]/);
		expect(trap.length).toBe(0);
	});

	it('sends an ID of another form percent-encoded as one segment; the 404 points out its form', async () => {
		const odd = 'visitor/1 #2';
		const scope = nock(BASE)
			.get('/api/v1/visitors/visitor%2F1%20%232/chats')
			.reply(404, { error: { message: 'Visitor not found' } })
			.get('/api/v1/visitors/visitor%2F1%20%232')
			.reply(404, { error: { message: 'Visitor not found' } });
		const { error } = await runNode({
			credentials,
			input: [{ visitorId: odd }],
			parameters: parameters(rl('={{ $json.visitorId }}')),
		});
		expect(scope.isDone()).toBe(true);
		expect(error?.httpCode).toBe('404');
		expect(error?.description).toContain(
			'"visitor/1 #2" does not look like a Chaport visitor ID (usually 24 hexadecimal characters)',
		);
	});

	it('with "Continue (using error output)", routes the visitor without a chat to the error output', async () => {
		nock(BASE)
			.get(`/api/v1/visitors/${VISITOR_ID}/chats`)
			.reply(200, { result: chat(1042) })
			.get(`/api/v1/visitors/${OTHER_VISITOR_ID}/chats`)
			.reply(404, { error: { message: 'Visitor has no chats' } })
			.get(`/api/v1/visitors/${OTHER_VISITOR_ID}`)
			.reply(200, { result: { id: OTHER_VISITOR_ID } });
		const { status, output, errorOutput } = await runNode({
			credentials,
			onError: 'continueErrorOutput',
			input: [{ visitorId: VISITOR_ID }, { visitorId: OTHER_VISITOR_ID }, { visitorId: '' }],
			parameters: parameters(rl('={{ $json.visitorId }}')),
		});
		expect(status).toBe('success');
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ id: 1042, visitorId: VISITOR_ID });
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(errorOutput).toHaveLength(2);
		expect(errorOutput[0].json.error).toContain('never chatted');
		expect(errorOutput[0].pairedItem).toEqual({ item: 1 });
		expect(errorOutput[1].json.error).toMatch(/'Visitor'.*\[item 2\]/);
		expect(errorOutput[1].pairedItem).toEqual({ item: 2 });
	});
});

describe('Chaport › Chat › Get Last (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 3 });
	});
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.reset());

	it("returns the visitor's newest chat", async () => {
		const visitor = sandbox.state.visitors[1];
		const newest = visitor.chats[visitor.chats.length - 1];
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: { resource: 'chat', operation: 'getLast', visitorId: rl(visitor.id) },
		});
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			id: newest.id,
			visitorId: visitor.id,
			stage: newest.stage,
			messageCount: newest.events.filter((event) => event.type.endsWith('-message')).length,
		});
	});

	it('raises a 404 for a visitor who never chatted', async () => {
		const visitor = sandbox.state.createVisitor({ name: 'Quiet Visitor' });
		const { status, error } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: { resource: 'chat', operation: 'getLast', visitorId: rl(visitor.id) },
		});
		expect(status).toBe('error');
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain('never chatted');
	});
});
