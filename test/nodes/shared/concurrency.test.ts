/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// The Concurrency setting: how many requests one execution has in flight, that output order is
// input order, that changes to one visitor stay in input order, that a 429 holds back every
// request, and that Return All pages and older chats use it without asking for more than needed.
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { mapInOrder } from '../../../nodes/shared/transport/execution';
import type { Sandbox } from '../../../sandbox';
import { startSandbox } from '../../../sandbox';
import { useClock } from '../../../nodes/shared/clock';
import { chaportCredentials, runNode } from '../../harness';

const BASE = 'https://chaport.test';
const credentials = chaportCredentials(`${BASE}/api/v1`, 'token');
const hexId = (n: number) => n.toString(16).padStart(24, '0');

function deferred<T = void>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

/** Lets every pending callback, timer-free, run a number of times. */
async function settle(turns = 20) {
	for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

describe('mapInOrder', () => {
	it('runs at most `limit` tasks at once and returns results in index order', async () => {
		const gates = Array.from({ length: 6 }, () => deferred());
		let running = 0;
		let most = 0;
		const done = mapInOrder(6, 3, async (i) => {
			running++;
			most = Math.max(most, running);
			await gates[i].promise;
			running--;
			return `r${i}`;
		});
		await settle();
		expect(running).toBe(3);
		// finish in reverse order
		for (const gate of [...gates].reverse()) {
			gate.resolve();
			await settle();
		}
		expect(await done).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
		expect(most).toBe(3);
	});

	it('runs tasks with the same key one after another, in index order', async () => {
		// a task waiting for its key's previous task keeps its place among the `limit` running
		const keys = ['a', 'b', 'a', 'b', 'a', undefined];
		const events: string[] = [];
		const gates = keys.map(() => deferred());
		const done = mapInOrder(
			keys.length,
			4,
			async (i) => {
				events.push(`start ${i}`);
				await gates[i].promise;
				events.push(`end ${i}`);
			},
			(i) => keys[i],
		);
		await settle();
		expect(events).toEqual(['start 0', 'start 1']);
		gates[2].resolve(); // may finish at once, but must not start before 0 has ended
		gates[1].resolve();
		await settle();
		expect(events).toEqual(['start 0', 'start 1', 'end 1', 'start 3']);
		for (const gate of gates) gate.resolve();
		await done;
		for (const [first, second] of [
			[0, 2],
			[2, 4],
			[1, 3],
		]) {
			expect(events.indexOf(`end ${first}`)).toBeLessThan(events.indexOf(`start ${second}`));
		}
	});

	it('starts nothing new after a failure and throws the failure of the lowest index', async () => {
		const started: number[] = [];
		const run = mapInOrder(10, 2, async (i) => {
			started.push(i);
			await settle(i === 1 ? 1 : 5);
			if (i === 1 || i === 2) throw new Error(`failed ${i}`);
			return i;
		});
		await expect(run).rejects.toThrow('failed 1');
		expect(Math.max(...started)).toBeLessThan(4);
	});
});

describe('Chaport › Concurrency (nock)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const visitorGet = (concurrency?: number) =>
		({
			resource: 'visitor',
			operation: 'get',
			visitorId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			simplify: false,
			...(concurrency === undefined ? {} : { concurrency }),
		}) as INodeParameters;

	/** Holds answers until `wave` requests are waiting, then answers them last-come first. */
	function heldVisitors(wave: number) {
		const waiting: Array<() => void> = [];
		const seen = { inFlight: 0, most: 0, order: [] as string[] };
		nock(BASE)
			.persist()
			.get(/\/api\/v1\/visitors\/[0-9a-f]{24}$/)
			.reply(async (uri) => {
				const id = uri.split('/').pop()!;
				seen.order.push(id);
				seen.inFlight++;
				seen.most = Math.max(seen.most, seen.inFlight);
				const answered = deferred();
				waiting.push(answered.resolve);
				if (waiting.length === wave) for (const release of waiting.splice(0).reverse()) release();
				await answered.promise;
				seen.inFlight--;
				return [200, { result: { id, name: `V${parseInt(id, 16)}` } }];
			});
		return seen;
	}

	it('keeps Concurrency requests in flight and outputs items in input order', async () => {
		const seen = heldVisitors(4);
		const input = Array.from({ length: 8 }, (_, i) => ({ id: hexId(i + 1) }));
		const { output, status } = await runNode({ credentials, parameters: visitorGet(4), input });
		expect(status).toBe('success');
		expect(seen.most).toBe(4);
		expect(output.map((item) => item.json.id)).toEqual(input.map((i) => i.id));
		expect(output.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
	});

	it('sends one request at a time by default', async () => {
		const seen = heldVisitors(1);
		const input = Array.from({ length: 3 }, (_, i) => ({ id: hexId(i + 1) }));
		const { output } = await runNode({ credentials, parameters: visitorGet(), input });
		expect(seen.most).toBe(1);
		expect(output).toHaveLength(3);
	});

	it('refuses a Concurrency that is not a whole number from 1 to 20 before any request', async () => {
		for (const concurrency of [0, 21, 2.5]) {
			const { status, error } = await runNode({
				credentials,
				parameters: visitorGet(concurrency),
				input: [{ id: hexId(1) }],
			});
			expect(status).toBe('error');
			expect(error?.message).toContain("'Concurrency' must be a whole number from 1 to 20");
		}
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('never has two messages to the same visitor in flight, while other visitors go in parallel', async () => {
		const [a, b, c] = [hexId(0xa), hexId(0xb), hexId(0xc)];
		const targets = [a, b, a, c, a, b, a, c];
		const open = new Map<string, number>();
		const overlaps: string[] = [];
		let inFlight = 0;
		let most = 0;
		nock(BASE)
			.persist()
			.post('/api/v1/messages')
			.reply(async (_uri, body) => {
				const { visitorId, chatEvent } = body as {
					visitorId: string;
					chatEvent: { params: { text: string } };
				};
				if (open.get(visitorId)) overlaps.push(chatEvent.params.text);
				open.set(visitorId, (open.get(visitorId) ?? 0) + 1);
				most = Math.max(most, ++inFlight);
				await settle(10); // long enough for any request sent alongside to arrive
				open.set(visitorId, open.get(visitorId)! - 1);
				inFlight--;
				return [200, { result: { id: `e-${chatEvent.params.text}`, type: 'operator-message' } }];
			});
		const { output, status } = await runNode({
			credentials,
			parameters: {
				resource: 'message',
				operation: 'send',
				visitorId: { __rl: true, mode: 'id', value: '={{ $json.visitorId }}' },
				text: '={{ $json.text }}',
				operatorId: { __rl: true, mode: 'id', value: hexId(0xf) },
				concurrency: 4,
			} as INodeParameters,
			input: targets.map((visitorId, i) => ({ visitorId, text: `message ${i}` })),
		});
		expect(status).toBe('success');
		expect(overlaps).toEqual([]);
		expect(most).toBeGreaterThan(1);
		expect(output.map((item) => item.json.id)).toEqual(targets.map((_, i) => `e-message ${i}`));
	});

	it('a 429 with Retry-After holds back every request of the execution', async () => {
		const sleeping = deferred();
		const wakeUp = deferred();
		const waits: number[] = [];
		// A clock whose wait ends only when the test says so.
		const restoreClock = useClock({
			now: () => Date.now(),
			sleep: async (ms: number) => {
				waits.push(ms);
				sleeping.resolve();
				await wakeUp.promise;
			},
		});
		const sent: string[] = [];
		nock(BASE)
			.get(`/api/v1/visitors/${hexId(1)}`)
			.reply(() => {
				sent.push('1 (429)');
				return [429, { error: { message: 'slow down' } }, { 'Retry-After': '5' }];
			})
			.get(`/api/v1/visitors/${hexId(1)}`)
			.reply(() => {
				sent.push('1');
				return [200, { result: { id: hexId(1) } }];
			})
			.get(`/api/v1/visitors/${hexId(2)}`)
			.reply(async () => {
				sent.push('2');
				await sleeping.promise; // answer only once the 429 has started the pause
				return [200, { result: { id: hexId(2) } }];
			});
		for (const n of [3, 4]) {
			nock(BASE)
				.get(`/api/v1/visitors/${hexId(n)}`)
				.reply(() => {
					sent.push(String(n));
					return [200, { result: { id: hexId(n) } }];
				});
		}
		try {
			const input = [1, 2, 3, 4].map((n) => ({ id: hexId(n) }));
			const run = runNode({ credentials, parameters: visitorGet(2), input });
			await sleeping.promise;
			await settle(50);
			// item 2 is answered and its worker is free, but item 3 waits for the pause
			expect(sent.sort()).toEqual(['1 (429)', '2']);
			wakeUp.resolve();
			const { output, status } = await run;
			expect(status).toBe('success');
			expect(output.map((item) => item.json.id)).toEqual(input.map((i) => i.id));
			expect(waits).toEqual([5000]);
		} finally {
			restoreClock();
		}
	});
});

describe('Chaport › Concurrency (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, visitors: 45, pageSize: 5, chatsPerVisitor: 6 });
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const run = (parameters: object, input?: object[]) =>
		runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: parameters as INodeParameters,
			input: input as never,
		});
	const visitorPages = () =>
		sandbox.requests.filter((r) => r.path.startsWith('/api/v1/visitors?')).map((r) => r.query.page);

	it('Return All requests pages ahead, keeps page order and stops at the last page', async () => {
		const sequential = await run({ resource: 'visitor', operation: 'getAll', returnAll: true });
		sandbox.requests.length = 0;
		const { output } = await run({
			resource: 'visitor',
			operation: 'getAll',
			returnAll: true,
			concurrency: 4,
		});
		expect(output.map((item) => item.json.id)).toEqual(sequential.output.map((i) => i.json.id));
		expect(output).toHaveLength(45);
		const pages = visitorPages().map(Number);
		// 9 pages, plus at most 3 asked for past the end while the last one was on its way
		expect(pages.slice(0, 9).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(pages.length).toBeLessThanOrEqual(12);
		expect(pages[0]).toBe(1);
	});

	it('with a Limit asks only for the pages the Limit can use', async () => {
		const { output } = await run({
			resource: 'visitor',
			operation: 'getAll',
			returnAll: false,
			limit: 12,
			concurrency: 8,
		});
		expect(output).toHaveLength(12);
		expect(visitorPages().sort()).toEqual(['1', '2', '3']);
	});

	it('Chat Get Many fetches only the older chats a Limit keeps, in the listed order', async () => {
		const visitorId = sandbox.state.visitors[0].id;
		const parameters = {
			resource: 'chat',
			operation: 'getAll',
			visitorId: { __rl: true, mode: 'id', value: visitorId },
			simplify: false,
		};
		const all = await run({ ...parameters, returnAll: true, concurrency: 3 });
		expect(all.output.map((item) => item.json.id)).toEqual(
			[...sandbox.state.visitors[0].chats].reverse().map((c) => c.id),
		);
		sandbox.requests.length = 0;
		const some = await run({ ...parameters, returnAll: false, limit: 3, concurrency: 3 });
		expect(some.output.map((item) => item.json.id)).toEqual(
			all.output.slice(0, 3).map((item) => item.json.id),
		);
		expect(sandbox.requests).toHaveLength(3);
	});

	it('messages to the same visitor arrive in input order while others go in parallel', async () => {
		const [a, b, c] = sandbox.state.visitors.map((v) => v.id);
		const targets = [a, b, a, c, a, b, a, c];
		const input = targets.map((visitorId, i) => ({ visitorId, text: `message ${i}` }));
		const { output, status } = await run(
			{
				resource: 'message',
				operation: 'send',
				visitorId: { __rl: true, mode: 'id', value: '={{ $json.visitorId }}' },
				text: '={{ $json.text }}',
				operatorId: { __rl: true, mode: 'id', value: sandbox.state.ownerId },
				concurrency: 4,
			},
			input,
		);
		expect(status).toBe('success');
		expect(output.map((item) => item.json.visitorId)).toEqual(targets);
		const sentTo = (visitorId: string) =>
			sandbox.state
				.findVisitor(visitorId)!
				.chats.at(-1)!
				.events.map((e) => String(e.params.text))
				.filter((text) => text.startsWith('message '));
		expect(sentTo(a)).toEqual(['message 0', 'message 2', 'message 4', 'message 6']);
		expect(sentTo(b)).toEqual(['message 1', 'message 5']);
		expect(sentTo(c)).toEqual(['message 3', 'message 7']);
	});
});
