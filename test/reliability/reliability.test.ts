/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// The reliability suite: the package tried as a hostile user and an unreliable network would,
// against the sandbox on loopback, with fixed seeds. It checks that nothing is lost, nothing is
// sent twice and nothing is left behind, and prints one line of figures (recorded in the README's
// Reliability section):
//   bad inputs refused/tried, faults survived/tried, duplicates, orphans, token leaks.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { forgetDeliveriesSeenInProcess } from '../../nodes/ChaportTrigger/state';
import { startSandbox } from '../../sandbox';
import type { FaultRule, Sandbox } from '../../sandbox';
import { Prng } from '../../sandbox/prng';
import { chaportCredentials, createTriggerHarness, runNode } from '../harness';
import type { RunNodeResult, TriggerHarness } from '../harness';

const figures = {
	badInputsTried: 0,
	badInputsRefused: 0,
	faultsTried: 0,
	faultsSurvived: 0,
	duplicates: 0,
	missing: 0,
	orphans: 0,
	tokenLeaks: 0,
};

let sandbox: Sandbox;
/** Every secret the suite must never see in an output or an error. */
const secrets = new Set<string>();

function countLeaks(value: unknown) {
	const text = JSON.stringify(value ?? null) + String((value as Error)?.stack ?? '');
	for (const secret of secrets) if (text.includes(secret)) figures.tokenLeaks++;
}

/**
 * The request timeout of the suite: long enough that a busy machine does not time out a request
 * the sandbox answers, short enough that the stall faults cost little.
 */
const TIMEOUT_SECONDS = 2;

const credentials = (timeout = TIMEOUT_SECONDS) => ({
	...chaportCredentials(sandbox.baseUrl, sandbox.token),
	timeout,
});

async function run(
	parameters: INodeParameters,
	input: IDataObject[] = [{}],
	extra: Partial<Parameters<typeof runNode>[0]> = {},
): Promise<RunNodeResult> {
	const result = await runNode({ credentials: credentials(), parameters, input, ...extra });
	countLeaks(result.output);
	countLeaks(result.error);
	return result;
}

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, seed: 8, visitors: 12, pageSize: 5 });
	secrets.add(sandbox.token);
});
afterAll(async () => {
	await sandbox.close();
	const line =
		`reliability: bad inputs refused ${figures.badInputsRefused}/${figures.badInputsTried}, ` +
		`faults survived ${figures.faultsSurvived}/${figures.faultsTried}, ` +
		`duplicates ${figures.duplicates}, missing ${figures.missing}, orphans ${figures.orphans}, ` +
		`token leaks ${figures.tokenLeaks}\n`;
	process.stdout.write(line);
});

// ---------------------------------------------------------------------------------------------
// Bad input: each case names its parameter in the error, and no request is sent.

const rl = (value: string) => ({ __rl: true as const, mode: 'id', value });
const V = '={{ $json.v }}';
const VISITOR = '6630c1d2e3f4a5b6c7d8e9f0';
const OPERATOR = '5f2b7c9e1a4d3e0012ab34cd';

type Case = [label: string, parameters: INodeParameters, bad: unknown, names: string];

const BAD_IDS: unknown[] = ['', '.', '..', 'x'.repeat(300), { id: 1 }, [1], true];
const BAD_BOOLEANS: unknown[] = ['yes', 1, { a: 1 }, [true], 'False!'];
const BAD_LIMITS: unknown[] = [0, -1, 1.5, '0x5', true, [4], 'ten'];
const BAD_TEXTS: unknown[] = [{ text: 'hi' }, ['hi'], true];
const BAD_COLLECTIONS: unknown[] = ['name=Tom', [1, 2], 5];

const ops: Record<string, INodeParameters> = {
	visitorGet: { resource: 'visitor', operation: 'get', visitorId: rl(VISITOR) },
	visitorGetAll: { resource: 'visitor', operation: 'getAll', returnAll: false, limit: 5 },
	visitorUpdate: {
		resource: 'visitor',
		operation: 'update',
		visitorId: rl(VISITOR),
		updateFields: { name: 'Tom' },
	},
	visitorDelete: { resource: 'visitor', operation: 'delete', visitorId: rl(VISITOR) },
	chatGet: { resource: 'chat', operation: 'get', visitorId: rl(VISITOR), chatId: '1001' },
	chatGetAll: { resource: 'chat', operation: 'getAll', visitorId: rl(VISITOR), returnAll: true },
	chatGetLast: { resource: 'chat', operation: 'getLast', visitorId: rl(VISITOR) },
	chatUpdateLast: {
		resource: 'chat',
		operation: 'updateLast',
		visitorId: rl(VISITOR),
		updateFields: { stage: 'closed' },
	},
	messageSend: {
		resource: 'message',
		operation: 'send',
		visitorId: rl(VISITOR),
		operatorId: rl(OPERATOR),
		text: 'Hello',
	},
	messageGet: {
		resource: 'message',
		operation: 'get',
		visitorId: rl(VISITOR),
		chatId: '1001',
		eventId: 'abc',
	},
	messageGetAll: {
		resource: 'message',
		operation: 'getAll',
		visitorId: rl(VISITOR),
		chatId: '1001',
		returnAll: true,
	},
	messageUpdate: {
		resource: 'message',
		operation: 'update',
		visitorId: rl(VISITOR),
		chatId: '1001',
		eventId: 'abc',
		text: 'Fixed',
	},
	operatorGet: { resource: 'operator', operation: 'get', operatorId: rl(OPERATOR) },
	operatorGetAll: { resource: 'operator', operation: 'getAll', returnAll: true },
	operatorCreate: {
		resource: 'operator',
		operation: 'create',
		email: 'new@example.com',
		name: 'New',
	},
	operatorUpdate: {
		resource: 'operator',
		operation: 'update',
		operatorId: rl(OPERATOR),
		updateFields: { name: 'Renamed' },
	},
	operatorDelete: { resource: 'operator', operation: 'delete', operatorId: rl(OPERATOR) },
	operatorSetStatus: {
		resource: 'operator',
		operation: 'setStatus',
		operatorId: rl(OPERATOR),
		status: 'online',
		keepStatus: 'duration',
		duration: 5,
		durationUnit: 'minutes',
	},
	webhookCreate: {
		resource: 'webhook',
		operation: 'create',
		event: 'chat.started',
		targetUrl: 'https://n8n.example.com/webhook/x',
	},
	webhookGet: { resource: 'webhook', operation: 'get', subscriptionId: 'abc' },
	webhookGetAll: { resource: 'webhook', operation: 'getAll', returnAll: true },
	webhookUpdate: {
		resource: 'webhook',
		operation: 'update',
		subscriptionId: 'abc',
		updateFields: { essential: false },
	},
	webhookDelete: { resource: 'webhook', operation: 'delete', subscriptionId: 'abc' },
};

function with_(op: string, override: INodeParameters): INodeParameters {
	const base = ops[op];
	const merged: INodeParameters = { ...base };
	for (const [key, value] of Object.entries(override)) {
		const current = base[key];
		merged[key] =
			current &&
			typeof current === 'object' &&
			!Array.isArray(current) &&
			!(current as IDataObject).__rl &&
			value &&
			typeof value === 'object' &&
			!Array.isArray(value)
				? ({ ...(current as IDataObject), ...(value as IDataObject) } as INodeParameters)
				: value;
	}
	return merged;
}

const cases: Case[] = [];
const add = (op: string, override: INodeParameters, bads: unknown[], names: string) => {
	for (const bad of bads)
		cases.push([`${op} ${names} = ${JSON.stringify(bad)}`, with_(op, override), bad, names]);
};
for (const op of ['visitorGet', 'visitorUpdate', 'visitorDelete', 'chatGetLast', 'chatGetAll']) {
	add(op, { visitorId: rl(V) }, BAD_IDS, 'Visitor');
}
for (const op of ['operatorGet', 'operatorUpdate', 'operatorDelete', 'operatorSetStatus']) {
	add(op, { operatorId: rl(V) }, BAD_IDS.slice(0, 5), 'Operator');
}
add('messageSend', { operatorId: rl(V) }, BAD_IDS.slice(1, 4), 'Sending Operator');
add('chatGet', { chatId: V }, BAD_IDS.slice(0, 5), 'Chat ID');
add('messageGet', { eventId: V }, BAD_IDS.slice(0, 5), 'Message ID');
add('webhookGet', { subscriptionId: V }, BAD_IDS.slice(0, 5), 'Subscription ID');
add('webhookDelete', { subscriptionId: V }, BAD_IDS.slice(1, 3), 'Subscription ID');
for (const op of ['visitorGet', 'chatGet', 'operatorGet', 'operatorGetAll', 'visitorGetAll']) {
	add(op, { simplify: V }, BAD_BOOLEANS.slice(0, 3), 'Simplify');
}
add('visitorGetAll', { limit: V }, BAD_LIMITS, 'Limit');
add('operatorGetAll', { returnAll: false, limit: V }, BAD_LIMITS.slice(0, 4), 'Limit');
add('webhookGetAll', { returnAll: false, limit: V }, BAD_LIMITS.slice(3), 'Limit');
add('visitorGetAll', { returnAll: V }, ['false ish', 1, { no: true }], 'Return All');
add('messageSend', { text: V }, [...BAD_TEXTS, ''], 'Text');
add('messageUpdate', { text: V }, BAD_TEXTS, 'Text');
add(
	'messageSend',
	{ options: { preventDuplicates: V } },
	BAD_BOOLEANS.slice(0, 3),
	'Prevent Duplicates',
);
add('visitorUpdate', { updateFields: V }, BAD_COLLECTIONS, 'Update Fields');
add('operatorUpdate', { updateFields: V }, BAD_COLLECTIONS.slice(0, 2), 'Update Fields');
add('visitorUpdate', { updateFields: { name: V } }, BAD_TEXTS, 'Name');
add('visitorUpdate', { updateFields: { email: V } }, ['not-an-email', 'a@b'], 'Email');
add(
	'visitorUpdate',
	{ updateFields: { emailMarketingConsent: V } },
	['no', 0],
	'Email Marketing Consent',
);
add(
	'visitorUpdate',
	{ updateFields: { customFields: { field: [{ key: 'plan', value: V }] } } },
	[{ tier: 'pro' }, ['pro']],
	'Custom Fields',
);
add('chatUpdateLast', { updateFields: { stage: V } }, ['done', { s: 1 }], 'Stage');
add('chatUpdateLast', { updateFields: { missed: V } }, ['maybe', 1], 'Missed');
add('chatUpdateLast', { updateFields: { rating: V } }, [0, 6, 2.5, 'great'], 'Rating');
add('operatorSetStatus', { status: V }, ['away', ''], 'Status');
add('operatorSetStatus', { duration: V }, ['soon', true, [5], 0, '0x5'], 'Duration');
add('operatorSetStatus', { durationUnit: V }, ['weeks'], 'Duration Unit');
add(
	'operatorSetStatus',
	{ keepStatus: 'until', validUntil: V },
	['next tuesday', '2020-01-01T00:00:00Z'],
	'Until',
);
add('operatorCreate', { email: V }, ['nobody', { e: 1 }], 'Email');
add('operatorCreate', { additionalFields: { role: V } }, ['boss'], 'Role');
add('operatorCreate', { additionalFields: { jobTitle: V } }, [{ t: 1 }], 'Job Title');
add('operatorCreate', { additionalFields: { image: V } }, ['ftp://x/y.png'], 'Image URL');
add('operatorGetAll', { filters: { role: V } }, ['boss'], 'Role');
add('messageGetAll', { output: V }, ['xml', ''], 'Output');
add(
	'messageGetAll',
	{ options: { eventTypes: V } },
	['bogus-type', ['visitor-message', 'nope']],
	'Event Types',
);
add('webhookCreate', { event: V }, ['not an event', ''], 'Event');
add('webhookCreate', { targetUrl: V }, ['n8n.example.com/hook', ''], 'Target URL');
add('webhookCreate', { essential: V }, ['yes'], 'Essential');
add('webhookUpdate', { updateFields: { essential: V } }, ['nope', 2], 'Essential');

describe('reliability › bad input is refused before any request', () => {
	beforeAll(() => sandbox.reset());

	it('has at least 100 cases across all operations', () => {
		expect(cases.length).toBeGreaterThanOrEqual(100);
		const covered = new Set(cases.map(([label]) => label.split(' ')[0]));
		expect([...covered].sort()).toEqual(
			Object.keys(ops)
				.filter((op) => covered.has(op))
				.sort(),
		);
		expect(covered.size).toBeGreaterThanOrEqual(20);
	});

	it.each(cases)('%s', async (_label, parameters, bad, names) => {
		figures.badInputsTried++;
		const before = sandbox.requests.length;
		const { status, error } = await run(parameters, [{ v: bad as IDataObject[string] }]);
		expect(status).toBe('error');
		expect(error?.message).toMatch(new RegExp(`^'${names}' .*\\[item 0\\]$`));
		expect(sandbox.requests.length).toBe(before);
		figures.badInputsRefused++;
	});

	it.each([
		[
			'a custom-field key "constructor"',
			{ customFields: { field: [{ key: 'constructor', value: 'x' }] } },
		],
		[
			'a custom-field key "__proto__"',
			{ customFields: { field: [{ key: '__proto__', value: 'y' }] } },
		],
		['"true" for Email Marketing Consent', { emailMarketingConsent: 'true' }],
	])('accepts valid input: %s', async (_label, updateFields) => {
		const visitor = sandbox.state.visitors[0];
		const { status, error } = await run({
			resource: 'visitor',
			operation: 'update',
			visitorId: rl(visitor.id),
			updateFields: updateFields as INodeParameters,
		});
		expect(error).toBeUndefined();
		expect(status).toBe('success');
	});

	it('accepts Until as epoch milliseconds', async () => {
		const [owner] = sandbox.state.operators;
		const { status } = await run(
			with_('operatorSetStatus', { operatorId: rl(owner.id), keepStatus: 'until', validUntil: V }),
			[{ v: Date.now() + 3_600_000 }],
		);
		expect(status).toBe('success');
	});
});

// ---------------------------------------------------------------------------------------------
// Sends under faults: 40 sends per scenario, 20% of the send requests failing before Chaport
// sees them or after it applied them; re-run the way users do. 0 duplicates, 0 missing.

const SEND_FAULTS: Array<Omit<FaultRule, 'path' | 'fraction'>> = [
	{ type: 'status', status: 502 },
	{ type: 'status', status: 503, when: 'after' },
	{ type: 'status', status: 504, when: 'after' },
	{ type: 'status', status: 429, retryAfter: 0 },
	{ type: 'status', status: 429 },
	{ type: 'reset' },
	{ type: 'reset', when: 'after' },
	{ type: 'stall', when: 'after' },
	{ type: 'truncated', when: 'after' },
	{ type: 'html', status: 502, when: 'after' },
	{ type: 'malformed-json', when: 'after' },
];

/** One rule per kind; together they fail `fraction` of the requests (the first match wins). */
function addFaults(
	path: FaultRule['path'],
	method: string | undefined,
	kinds: typeof SEND_FAULTS,
	fraction: number,
) {
	const share = 1 - Math.pow(1 - fraction, 1 / kinds.length);
	for (const fault of kinds) {
		sandbox.faults.add({
			...fault,
			...(method ? { method } : {}),
			path,
			fraction: share,
		} as FaultRule);
	}
}

interface Send {
	visitorId: string;
	text: string;
}

function sendInput(count: number, tag: string): Send[] {
	const visitors = sandbox.state.visitors;
	const sends = Array.from({ length: count }, (_, i) => ({
		visitorId: visitors[i % visitors.length].id,
		text: `${tag}: order ${i + 1} has shipped`,
	}));
	// The same text to the same visitor twice on purpose: two messages are expected.
	sends[count - 1] = { ...sends[0] };
	return sends;
}

const sendParameters = (operatorId: string): INodeParameters => ({
	resource: 'message',
	operation: 'send',
	visitorId: rl('={{ $json.visitorId }}'),
	operatorId: rl(operatorId),
	text: '={{ $json.text }}',
});

/** Messages sent with this tag, per visitor + text, against what the input asked for. */
function tally(expected: Send[], tag: string) {
	const want = new Map<string, number>();
	for (const send of expected) {
		const key = `${send.visitorId}|${send.text}`;
		want.set(key, (want.get(key) ?? 0) + 1);
	}
	const got = new Map<string, number>();
	for (const visitor of sandbox.state.visitors) {
		for (const chat of visitor.chats) {
			for (const event of chat.events) {
				const text = String((event.params as IDataObject | undefined)?.text ?? '');
				if (event.type !== 'operator-message' || !text.startsWith(`${tag}:`)) continue;
				const key = `${visitor.id}|${text}`;
				got.set(key, (got.get(key) ?? 0) + 1);
			}
		}
	}
	let duplicates = 0;
	let missing = 0;
	for (const [key, count] of want) {
		const sent = got.get(key) ?? 0;
		if (sent > count) duplicates += sent - count;
		if (sent < count) missing += count - sent;
	}
	for (const [key, sent] of got) if (!want.has(key)) duplicates += sent;
	return { duplicates, missing };
}

describe('reliability › 40 sends under 20% faults, re-run as users do', () => {
	let operatorId: string;
	let injectedAtStart: number;

	beforeEach(() => {
		sandbox.reset();
		operatorId = sandbox.state.operators[0].id;
		// Two bursts that outlast the retries, so that failures reach the user and the re-runs are
		// really exercised: one before Chaport sees the send, one after it applied it.
		sandbox.faults.add({
			method: 'POST',
			path: '/messages',
			type: 'status',
			status: 503,
			times: 4,
		});
		sandbox.faults.add({
			method: 'POST',
			path: '/messages',
			type: 'reset',
			when: 'after',
			skip: 20,
			times: 4,
		});
		addFaults('/messages', 'POST', SEND_FAULTS, 0.2);
		injectedAtStart = sandbox.faults.injected;
	});

	function settle(tag: string, expected: Send[]) {
		sandbox.faults.clear();
		const { duplicates, missing } = tally(expected, tag);
		const injected = sandbox.faults.injected - injectedAtStart;
		figures.faultsTried += injected;
		if (duplicates === 0 && missing === 0) figures.faultsSurvived += injected;
		figures.duplicates += duplicates;
		figures.missing += missing;
		expect(injected).toBeGreaterThan(0);
		expect({ duplicates, missing }).toEqual({ duplicates: 0, missing: 0 });
	}

	it('stop on the first failure, then run everything again until it goes through', async () => {
		const sends = sendInput(40, 'stop');
		for (let round = 0; round < 30; round++) {
			const { status } = await run(sendParameters(operatorId), sends as unknown as IDataObject[]);
			if (status === 'success') break;
		}
		settle('stop', sends);
	});

	it('continue on fail, then feed back only the failed items', async () => {
		const sends = sendInput(40, 'failed');
		let pending: Send[] = sends;
		for (let round = 0; round < 30 && pending.length; round++) {
			const { output } = await run(
				sendParameters(operatorId),
				pending as unknown as IDataObject[],
				{
					onError: 'continueRegularOutput',
				},
			);
			pending = output
				.filter((item) => item.json.error !== undefined)
				.map((item) => pending[(item.pairedItem as { item: number }).item]);
		}
		expect(pending).toEqual([]);
		settle('failed', sends);
	});

	it('re-run reordered, and with a new item in front', async () => {
		const sends = sendInput(40, 'order');
		const prng = new Prng(40);
		await run(sendParameters(operatorId), sends as unknown as IDataObject[], {
			onError: 'continueRegularOutput',
		});
		const shuffled = [...sends];
		for (let i = shuffled.length - 1; i > 0; i--) {
			const j = Math.floor(prng.next() * (i + 1));
			[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
		}
		await run(sendParameters(operatorId), shuffled as unknown as IDataObject[], {
			onError: 'continueRegularOutput',
		});
		const withNew = [{ visitorId: sends[3].visitorId, text: 'order: a new message' }, ...shuffled];
		for (let round = 0; round < 30; round++) {
			const { output } = await run(
				sendParameters(operatorId),
				withNew as unknown as IDataObject[],
				{
					onError: 'continueRegularOutput',
				},
			);
			if (output.every((item) => item.json.error === undefined)) break;
		}
		settle('order', withNew);
	});

	it("n8n's Retry On Fail", async () => {
		const sends = sendInput(40, 'retry');
		const { status } = await run(sendParameters(operatorId), sends as unknown as IDataObject[], {
			settings: { retryOnFail: true, maxTries: 5, waitBetweenTries: 0 },
		});
		expect(status).toBe('success');
		settle('retry', sends);
	});
});

// ---------------------------------------------------------------------------------------------
// Reads under faults: never silently less. Each Return All either fails with an error or returns
// exactly the visitors Chaport holds, each once.

const READ_FAULTS: Array<Omit<FaultRule, 'path' | 'fraction'>> = [
	{ type: 'status', status: 429, retryAfter: 1 },
	{ type: 'status', status: 502 },
	{ type: 'status', status: 504 },
	{ type: 'reset' },
	{ type: 'stall' },
	{ type: 'truncated' },
	{ type: 'html', status: 503 },
	{ type: 'malformed-json' },
	{ type: 'wrong-shape', shape: 'no-result' },
	{ type: 'wrong-shape', shape: 'null-result' },
	{ type: 'wrong-shape', shape: 'object' },
	{ type: 'wrong-shape', shape: 'empty' },
];

describe('reliability › reads under 20% faults', () => {
	it('Return All is exactly the set Chaport holds, or an error; never silently less', async () => {
		sandbox.reset();
		const injectedAtStart = sandbox.faults.injected;
		addFaults('/visitors', 'GET', READ_FAULTS, 0.2);
		const expected = sandbox.state.visitors.map((v) => v.id).sort();
		let wrong = 0;
		let complete = 0;
		for (let round = 0; round < 10; round++) {
			const { status, output } = await run({
				resource: 'visitor',
				operation: 'getAll',
				returnAll: true,
				simplify: false,
			});
			if (status !== 'success') continue;
			const ids = output.map((item) => String(item.json.id)).sort();
			if (JSON.stringify(ids) === JSON.stringify(expected)) complete++;
			else wrong++;
		}
		sandbox.faults.clear();
		const injected = sandbox.faults.injected - injectedAtStart;
		figures.faultsTried += injected;
		if (wrong === 0) figures.faultsSurvived += injected;
		figures.missing += wrong;
		expect(injected).toBeGreaterThan(0);
		expect(complete).toBeGreaterThan(0);
		expect(wrong).toBe(0);
	});
});

// ---------------------------------------------------------------------------------------------
// The trigger's subscriptions: 30 activate/deactivate cycles with 25% faults on the subscription
// endpoints (lost answers included) and restarts that lose static data; then one clean cycle.

const SUBSCRIPTION_FAULTS: Array<Omit<FaultRule, 'path' | 'fraction'>> = [
	{ type: 'status', status: 500 },
	{ type: 'status', status: 502, when: 'after' },
	{ type: 'status', status: 504, when: 'after' },
	{ type: 'status', status: 429 },
	{ type: 'reset', when: 'after' },
	{ type: 'reset' },
	{ type: 'stall', when: 'after' },
	{ type: 'wrong-shape', shape: 'no-result' },
];

describe('reliability › trigger activation cycles under 25% faults', () => {
	it('leaves 0 orphans and 0 duplicates after one clean cycle', async () => {
		sandbox.reset();
		const events = ['chat.started', 'chat.finished'];
		const prng = new Prng(30);
		const injectedAtStart = sandbox.faults.injected;
		let saved: IDataObject = {};
		const harness = (staticData: IDataObject): TriggerHarness =>
			createTriggerHarness({
				parameters: { events, options: {} } as INodeParameters,
				credentials: credentials(),
				workflowId: 'wf-cycles',
				staticData,
			});
		// Bursts that outlast the retries (a create answered 502 after it was applied, a delete that
		// keeps failing), then 25% of every subscription request failing in one of many ways.
		for (const skip of [0, 9, 23, 41]) {
			sandbox.faults.add({
				path: /^\/events\/subscriptions/,
				type: 'status',
				status: skip % 2 ? 500 : 502,
				when: 'after',
				skip,
				times: 4,
			});
		}
		addFaults(/^\/events\/subscriptions/, undefined, SUBSCRIPTION_FAULTS, 0.25);
		for (let cycle = 0; cycle < 30; cycle++) {
			// A restart that lost what n8n had saved.
			if (prng.next() < 0.2) saved = {};
			// n8n saves static data after a successful activation; after a failed one it runs
			// delete() on the data it had saved and keeps what that leaves.
			const working = JSON.parse(JSON.stringify(saved)) as IDataObject;
			const trigger = harness(working);
			try {
				await trigger.activate();
				saved = working;
				for (const secret of collectSecrets(working)) secrets.add(secret);
			} catch (error) {
				countLeaks(error);
				const cleanup = JSON.parse(JSON.stringify(saved)) as IDataObject;
				await harness(cleanup)
					.delete()
					.catch(() => false);
				saved = cleanup;
			}
			// Deactivation (when n8n considers the workflow active) or a second try.
			const deactivating = JSON.parse(JSON.stringify(saved)) as IDataObject;
			await harness(deactivating)
				.delete()
				.catch((error: unknown) => countLeaks(error));
			saved = deactivating;
		}
		sandbox.faults.clear();
		const injected = sandbox.faults.injected - injectedAtStart;

		// One clean cycle.
		const clean = harness(saved);
		await clean.activate();
		const url = clean.webhookUrl();
		const ours = () =>
			sandbox.state.subscriptions.filter((s) => s.targetUrl.split('?')[0] === url.split('?')[0]);
		const duplicates = events
			.map((event) => ours().filter((s) => s.event === event).length)
			.reduce((sum, count) => sum + Math.max(0, count - 1), 0);
		const missing = events.filter((event) => !ours().some((s) => s.event === event)).length;
		await clean.delete();
		const orphans = ours().length;

		figures.faultsTried += injected;
		if (duplicates === 0 && orphans === 0 && missing === 0) figures.faultsSurvived += injected;
		figures.duplicates += duplicates;
		figures.orphans += orphans;
		figures.missing += missing;
		expect(injected).toBeGreaterThan(0);
		expect({ duplicates, orphans, missing }).toEqual({ duplicates: 0, orphans: 0, missing: 0 });
	});
});

function collectSecrets(staticData: IDataObject): string[] {
	const text = JSON.stringify(staticData);
	return [...text.matchAll(/"secret":"([0-9a-f]{64})"/g)].map((m) => m[1]);
}

// ---------------------------------------------------------------------------------------------
// Deliveries.

describe('reliability › deliveries', () => {
	let trigger: TriggerHarness;
	let secret: string;
	const VISITOR_ID = '6630c1d2e3f4a5b6c7d8e9f0';

	beforeAll(async () => {
		sandbox.reset();
		forgetDeliveriesSeenInProcess();
		trigger = createTriggerHarness({
			parameters: { events: ['chat.newEvent.visitorMessage'], options: {} } as INodeParameters,
			credentials: credentials(),
			workflowId: 'wf-deliveries',
		});
		await trigger.activate();
		const [subscription] = sandbox.state.subscriptions;
		secret = new URL(subscription.targetUrl).searchParams.get('n8nSecret')!;
		secrets.add(secret);
	});

	const message = (eventId: string, text = 'Hi') => ({
		link: `/api/v1/visitors/${VISITOR_ID}/chats/5/events/${eventId}`,
		extras: { visitorId: VISITOR_ID, chatId: 5, eventId },
		chatEvent: { type: 'visitor-message', params: { text } },
	});
	const receive = async (body: unknown, query: Record<string, string> = { n8nSecret: secret }) => {
		const result = await trigger.receive({ body, query });
		countLeaks(result);
		return result;
	};
	const runs = (results: Array<{ result: { workflowData?: unknown } }>) =>
		results.filter((r) => r.result.workflowData).length;

	it('forged deliveries get 401 and start no run', async () => {
		const forged: Array<Record<string, string>> = [
			{},
			{ n8nSecret: '' },
			{ n8nSecret: 'wrong' },
			{ n8nSecret: secret.toUpperCase() },
			{ n8nSecret: secret.slice(0, -1) },
			{ n8nSecret: `${secret}0` },
			{ n8nsecret: secret },
			{ secret },
		];
		const results = await Promise.all(forged.map((query, i) => receive(message(`f${i}`), query)));
		expect(results.map((r) => r.response.status)).toEqual(forged.map(() => 401));
		expect(runs(results)).toBe(0);
	});

	it('200 concurrent distinct deliveries start 200 runs; 200 identical start 1', async () => {
		const distinct = await Promise.all(
			Array.from({ length: 200 }, (_, i) => receive(message(`d${i}`))),
		);
		expect(runs(distinct)).toBe(200);
		const identical = await Promise.all(
			Array.from({ length: 200 }, () => receive(message('same'))),
		);
		const started = runs(identical);
		figures.duplicates += Math.max(0, started - 1);
		expect(started).toBe(1);
	});

	it('different messages without an event ID start one run each', async () => {
		const body = (text: string) => ({
			link: `/api/v1/visitors/${VISITOR_ID}/chats/6`,
			extras: { visitorId: VISITOR_ID, chatId: 6 },
			chatEvent: { type: 'visitor-message', params: { text } },
		});
		const results = await Promise.all(['one', 'two', 'three', 'one'].map((t) => receive(body(t))));
		expect(runs(results)).toBe(3);
	});

	it('malformed bodies get 400 and start no run', async () => {
		const malformed: unknown[] = [
			'not json',
			[message('m1')],
			42,
			{ link: `/api/v1/visitors/%E0%A4%A/chats/3` },
			{ extras: { visitorId: '..', chatId: 3 } },
			{ extras: { visitorId: VISITOR_ID, chatId: '.' } },
			{ extras: { visitorId: 'x'.repeat(400), chatId: 3 } },
		];
		const results = await Promise.all(malformed.map((body) => receive(body)));
		expect(results.map((r) => r.response.status)).toEqual(malformed.map(() => 400));
		expect(runs(results)).toBe(0);
	});

	it('never shows a secret or the token in any output or error', () => {
		expect(figures.tokenLeaks).toBe(0);
	});
});
