import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { description } from '../../../../nodes/Chaport/actions/message/Message.resource';
import { startSandbox, type Sandbox } from '../../../../sandbox';
import { chaportCredentials, runNode } from '../../../harness';
import { trapRequests } from '../../../helpers/requests';

const BASE = 'https://chaport.test';
const TOKEN = 'message-update-token';
const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';
const EVENT_ID = '66b0a1c2d3e4f5a6b7c8d9f3';
const PATH = `/api/v1/visitors/${VISITOR_ID}/chats/1042/events/${EVENT_ID}`;

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Chaport › Message › Update', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);
	const parameters = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'message',
		operation: 'update',
		visitorId: rl(VISITOR_ID),
		chatId: '1042',
		eventId: EVENT_ID,
		text: 'Corrected: 2-4 days.',
		...extra,
	});

	it('is described as experimental and relying on an unconfirmed endpoint', () => {
		const operation = description[0].options?.find(
			(option) => 'value' in option && option.value === 'update',
		) as { description?: string };
		expect(operation.description).toMatch(/experimental/i);
		expect(operation.description).toMatch(/unconfirmed/i);
	});

	it('sends PUT …/events/{eventId} with { params: { text } }', async () => {
		const event = {
			id: EVENT_ID,
			type: 'operator-message',
			params: { text: 'Corrected: 2-4 days.' },
		};
		const scope = nock(BASE, {
			reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		})
			.put(PATH, (body) => {
				expect(body).toEqual({ params: { text: 'Corrected: 2-4 days.' } });
				return true;
			})
			.query({})
			.reply(200, { result: event });
		const { status, output } = await runNode({ credentials, parameters: parameters() });
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({ visitorId: VISITOR_ID, chatId: 1042, ...event });
	});

	it.each([
		// Through an expression: n8n itself refuses an empty literal for a required parameter.
		['empty text', { text: '={{ " " }}' }, /'Text' is empty/],
		['a message ID that is ..', { eventId: '..' }, /'Message ID' cannot be "\.\."/],
		['an absurdly long chat ID', { chatId: '9'.repeat(400) }, /'Chat ID' is 400 characters long/],
	])('refuses %s before any request', async (_label, extra, message) => {
		const trap = trapRequests(BASE);
		const { error } = await runNode({ credentials, parameters: parameters(extra) });
		expect(error?.message).toMatch(message);
		expect(trap.length).toBe(0);
	});
});

describe('Chaport › Message › Update (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 2 });
	});
	afterAll(async () => await sandbox.close());

	it('changes the text, and Get then returns the new text', async () => {
		const visitor = sandbox.state.visitors[0];
		const chat = visitor.chats[0];
		const event = chat.events.find(
			(e) => e.type === 'operator-message' || e.type === 'visitor-message',
		);
		if (!event) throw new Error('the seeded chat has no message');
		const credentials = chaportCredentials(sandbox.baseUrl, sandbox.token);
		const common = { visitorId: rl(visitor.id), chatId: String(chat.id), eventId: event.id };
		const update = await runNode({
			credentials,
			parameters: { resource: 'message', operation: 'update', ...common, text: 'Edited text' },
		});
		expect(update.status).toBe('success');
		expect(update.output[0].json).toMatchObject({ id: event.id, params: { text: 'Edited text' } });

		const { output } = await runNode({
			credentials,
			parameters: { resource: 'message', operation: 'get', ...common },
		});
		expect(output[0].json).toMatchObject({ id: event.id, params: { text: 'Edited text' } });
	});
});
