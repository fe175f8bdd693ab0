import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeParameters, IWorkflowBase } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import nock from 'nock';

import { Chaport } from '../../../../nodes/Chaport/Chaport.node';
import { startSandbox, type Sandbox } from '../../../../sandbox';
import {
	buildAdditionalData,
	CHAPORT_NODE_TYPE,
	chaportCredentials,
	nodeTypes,
	runNode,
} from '../../../harness';
import { trapRequests } from '../../../helpers/requests';

const BASE = 'https://chaport.test';
const TOKEN = 'chat-update-last-token';
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';
const OPERATOR_A = '5f2b7c9e1a4d3e0012ab34cd';
const OPERATOR_B = '5f2b7c9e1a4d3e0012ab34ce';
const TEAM_ID = '60d5f1a2b3c4d5e6f7a8b9c0';
const PATH = `/api/v1/visitors/${VISITOR_ID}/chats`;

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const updatedChat = (extra: Record<string, unknown> = {}) => ({
	id: 1042,
	stage: 'engaged',
	missed: false,
	rating: null,
	operators: [],
	team: null,
	events: [],
	...extra,
});

describe('Chaport › Chat › Update Last', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);
	const parameters = (
		updateFields: INodeParameters,
		extra: INodeParameters = {},
	): INodeParameters => ({
		resource: 'chat',
		operation: 'updateLast',
		visitorId: rl(VISITOR_ID),
		updateFields,
		...extra,
	});

	it.each([
		[
			'assigns operators',
			{ operatorIds: [OPERATOR_A, OPERATOR_B] },
			{ operators: [OPERATOR_A, OPERATOR_B] },
		],
		[
			'assigns a team, its ID as given',
			{ teamId: TEAM_ID.toUpperCase() },
			{ team: TEAM_ID.toUpperCase() },
		],
		['unassigns every operator', { unassign: true }, { operators: [] }],
		['closes the chat', { stage: 'closed' }, { stage: 'closed' }],
		['marks the chat as not missed', { missed: false }, { missed: false }],
		['rates the chat', { rating: 3 }, { rating: 3 }],
		[
			'changes several things at once',
			{ stage: 'closed', missed: true, rating: 5, operatorIds: [OPERATOR_A] },
			{ stage: 'closed', missed: true, rating: 5, operators: [OPERATOR_A] },
		],
	])('%s with PUT /visitors/{v}/chats and exactly that body', async (_label, fields, body) => {
		const scope = nock(BASE, {
			reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		})
			.put(PATH, (sent) => {
				expect(sent).toEqual(body);
				return true;
			})
			.query({})
			.reply(200, { result: updatedChat(body) });
		const { status, output } = await runNode({ credentials, parameters: parameters(fields) });
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ id: 1042, visitorId: VISITOR_ID });
	});

	it('accepts operator IDs given as a comma-separated expression', async () => {
		const scope = nock(BASE)
			.put(PATH, { operators: [OPERATOR_A, OPERATOR_B] })
			.reply(200, { result: updatedChat({ operators: [OPERATOR_A, OPERATOR_B] }) });
		const { output } = await runNode({
			credentials,
			input: [{ ids: `${OPERATOR_A}, ${OPERATOR_B}` }],
			parameters: parameters({ operatorIds: '={{ $json.ids }}' }),
		});
		expect(scope.isDone()).toBe(true);
		expect(output[0].json.operators).toEqual([
			{ id: OPERATOR_A, name: null },
			{ id: OPERATOR_B, name: null },
		]);
	});

	it("reads the chat back when Chaport's reply carries no chat", async () => {
		const scope = nock(BASE)
			.put(PATH, { stage: 'closed' })
			.reply(200, {})
			.get(PATH)
			.reply(200, { result: updatedChat({ stage: 'closed' }) });
		const { output } = await runNode({ credentials, parameters: parameters({ stage: 'closed' }) });
		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toMatchObject({ id: 1042, stage: 'closed', visitorId: VISITOR_ID });
	});

	it.each([
		['nothing to change', {}, /'Update Fields' has nothing to change \[item 0\]/],
		['only an Unassign left off', { unassign: false }, /'Update Fields' has nothing to change/],
		[
			'a rating of 0',
			{ rating: '={{ 0 }}' },
			/'Rating' must be a whole number from 1 to 5, got "0" \[item 0\]/,
		],
		[
			'a rating of 6',
			{ rating: '={{ 6 }}' },
			/'Rating' must be a whole number from 1 to 5, got "6"/,
		],
		['a rating of 2.5', { rating: '={{ 2.5 }}' }, /'Rating' must be a whole number from 1 to 5/],
		['a team ID that cannot be an ID', { teamId: '..' }, /'Team ID' cannot be "\.\."/],
		[
			'an operator ID that cannot be an ID',
			{ operatorIds: [OPERATOR_A, '.'] },
			/'Operator Names or IDs' cannot be "\."/,
		],
		[
			'no operator selected',
			{ operatorIds: [] },
			/'Operator Names or IDs' has no operator selected/,
		],
		[
			'operators and Unassign together',
			{ operatorIds: [OPERATOR_A], unassign: true },
			/'Unassign' cannot be combined with 'Operator Names or IDs'/,
		],
		[
			'an unknown stage',
			{ stage: '={{ "archived" }}' },
			/'Stage' must be one of initiated, offline, responded, engaged, closed/,
		],
	])('refuses %s before any request', async (_label, fields, message) => {
		const trap = trapRequests(BASE);
		const { status, error } = await runNode({ credentials, parameters: parameters(fields) });
		expect(status).toBe('error');
		expect(error?.message).toMatch(message);
		expect(trap.length).toBe(0);
	});

	it('sends IDs of another form as they are; the 400 points out which ones look unusual', async () => {
		const scope = nock(BASE)
			.put('/api/v1/visitors/zzzzzzzzzzzzzzzzzzzzzzzz/chats', {
				operators: [OPERATOR_A, 'bob'],
				team: 'sales-team',
			})
			.reply(400, { error: { message: 'Unknown operator' } });
		const { error } = await runNode({
			credentials,
			input: [{ v: 'zzzzzzzzzzzzzzzzzzzzzzzz' }],
			parameters: parameters(
				{ operatorIds: [OPERATOR_A, 'bob'], teamId: 'sales-team' },
				{ visitorId: rl('={{ $json.v }}') },
			),
		});
		expect(scope.isDone()).toBe(true);
		expect(error?.httpCode).toBe('400');
		expect(error?.description).toContain(
			'"zzzzzzzzzzzzzzzzzzzzzzzz" does not look like a Chaport visitor ID',
		);
		expect(error?.description).toContain('"bob" does not look like a Chaport operator ID');
		expect(error?.description).toContain('"sales-team" does not look like a Chaport team ID');
		expect(error?.description).not.toContain(OPERATOR_A);
	});

	it('names the chat of the visitor on a 404', async () => {
		nock(BASE)
			.put(PATH)
			.reply(404, { error: { message: 'Visitor has no chats' } });
		const { error } = await runNode({ credentials, parameters: parameters({ stage: 'closed' }) });
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain(`chat of visitor "${VISITOR_ID}"`);
	});
});

describe('Chaport › Chat › Update Last (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 3 });
	});
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.reset());

	const credentials = () => chaportCredentials(sandbox.baseUrl, sandbox.token);

	it('closes the chat, and Get Last then shows it closed', async () => {
		const visitor = sandbox.state.visitors[0];
		const chat = visitor.chats[visitor.chats.length - 1];
		chat.stage = 'engaged';
		const update = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'chat',
				operation: 'updateLast',
				visitorId: rl(visitor.id),
				updateFields: { stage: 'closed', rating: 2 },
			},
		});
		expect(update.status).toBe('success');
		expect(update.output[0].json).toMatchObject({ id: chat.id, stage: 'closed', rating: 2 });

		const { output } = await runNode({
			credentials: credentials(),
			parameters: { resource: 'chat', operation: 'getLast', visitorId: rl(visitor.id) },
		});
		expect(output[0].json).toMatchObject({ id: chat.id, stage: 'closed', rating: 2 });
		expect(sandbox.state.lastChat(visitor.id)?.stage).toBe('closed');
	});

	it('assigns operators, then unassigns them', async () => {
		const visitor = sandbox.state.visitors[1];
		const operatorIds = sandbox.state.operators.slice(1, 3).map((o) => o.id);
		const assign = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'chat',
				operation: 'updateLast',
				visitorId: rl(visitor.id),
				updateFields: { operatorIds },
			},
		});
		expect(assign.status).toBe('success');
		expect(sandbox.state.lastChat(visitor.id)?.operators).toEqual(operatorIds);

		await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'chat',
				operation: 'updateLast',
				visitorId: rl(visitor.id),
				updateFields: { unassign: true },
			},
		});
		expect(sandbox.state.lastChat(visitor.id)?.operators).toEqual([]);
	});

	it('loads the operators to choose from the API, sorted by name', async () => {
		const node: INode = {
			id: 'chaport-node-1',
			name: 'Chaport',
			type: CHAPORT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'chat', operation: 'updateLast' },
			credentials: { chaportApi: { id: 'cred-1', name: 'Chaport account' } },
		};
		const workflow = new Workflow({
			id: 'wf-1',
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes,
		});
		const additionalData = buildAdditionalData({
			credentials: { chaportApi: credentials() },
			workflowData: {
				id: 'wf-1',
				name: 'test',
				nodes: [node],
				connections: {},
			} as unknown as IWorkflowBase,
		});
		const context = new LoadOptionsContext(
			workflow,
			node,
			additionalData,
			'updateFields.operatorIds',
		);
		const options = await new Chaport().methods.loadOptions.getOperators.call(context);

		const expected = sandbox.state.operators
			.map((o) => ({ name: `${o.name} (${o.email})`, value: o.id }))
			.sort((a, b) => a.name.localeCompare(b.name));
		expect(options).toEqual(expected);
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/operators']);
	});
});
