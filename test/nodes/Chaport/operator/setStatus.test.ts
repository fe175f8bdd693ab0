import nock from 'nock';
import { getGlobalState, setGlobalState } from 'n8n-workflow';

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

const statusParameters = (extra: Record<string, unknown> = {}) =>
	params({
		resource: 'operator',
		operation: 'setStatus',
		operatorId: byId(OPERATOR_ID),
		status: 'online',
		...extra,
	});

const STATUS_PATH = `/api/v1/operators/${OPERATOR_ID}/status`;

describe('Chaport › Operator › Set Status (HTTP contract)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('sends POST /operators/{id}/status with the status and a ttl of 1 hour by default', async () => {
		const scope = nock(BASE, {
			reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		})
			.post(STATUS_PATH, { status: 'online', ttl: 3600 })
			.query({})
			.reply(200, { result: operatorFixture({ lastStatus: 'online', realStatus: 'online' }) });
		const { status, output } = await runNode({ credentials, parameters: statusParameters() });
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		// The operator Chaport sent back, as it is.
		expect(output).toEqual([
			{
				json: operatorFixture({ lastStatus: 'online', realStatus: 'online' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	it.each([
		[30, 'minutes', 1800],
		[45, 'seconds', 45],
		[1.5, 'hours', 5400],
		[2, 'days', 172800],
		[0.6, 'seconds', 1],
	])('turns a duration of %s %s into ttl %s', async (duration, durationUnit, ttl) => {
		const scope = nock(BASE)
			.post(STATUS_PATH, { status: 'invisible', ttl })
			.reply(200, { result: operatorFixture() });
		await runNode({
			credentials,
			parameters: statusParameters({
				status: 'invisible',
				keepStatus: 'duration',
				duration,
				durationUnit,
			}),
		});
		expect(scope.isDone()).toBe(true);
	});

	it('sends validUntil as an ISO date-time for Until a Date and Time', async () => {
		const scope = nock(BASE)
			.post(STATUS_PATH, { status: 'offline', validUntil: '2099-01-15T08:00:00.000Z' })
			.reply(200, { result: operatorFixture() });
		await runNode({
			credentials,
			parameters: statusParameters({
				status: 'offline',
				keepStatus: 'until',
				validUntil: '2099-01-15T10:00:00+02:00',
			}),
		});
		expect(scope.isDone()).toBe(true);
	});

	it("reads an Until without a time zone in the workflow's time zone", async () => {
		const previous = getGlobalState();
		setGlobalState({ ...previous, defaultTimezone: 'Europe/Berlin' });
		try {
			const scope = nock(BASE)
				// Berlin is UTC+2 in July (summer time) and UTC+1 in January.
				.post(STATUS_PATH, { status: 'online', validUntil: '2099-07-01T10:00:00.000Z' })
				.reply(200, { result: operatorFixture() })
				.post(STATUS_PATH, { status: 'online', validUntil: '2099-01-01T11:00:00.000Z' })
				.reply(200, { result: operatorFixture() });
			await runNode({
				credentials,
				parameters: statusParameters({ keepStatus: 'until', validUntil: '2099-07-01T12:00:00' }),
			});
			await runNode({
				credentials,
				parameters: statusParameters({ keepStatus: 'until', validUntil: '2099-01-01T12:00:00' }),
			});
			expect(scope.isDone()).toBe(true);
		} finally {
			setGlobalState(previous);
		}
	});

	it('accepts a date-time computed by an expression', async () => {
		const scope = nock(BASE)
			.post(STATUS_PATH, (body) => {
				const until = Date.parse(body.validUntil);
				return (
					body.status === 'online' && until > Date.now() + 3500_000 && until < Date.now() + 3700_000
				);
			})
			.reply(200, { result: operatorFixture() });
		const { status } = await runNode({
			credentials,
			parameters: statusParameters({
				keepStatus: 'until',
				validUntil: "={{ $now.plus(1, 'hour') }}",
			}),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		[
			'a space instead of the T, read in the workflow time zone',
			'2099-01-01 12:00:00',
			'2099-01-01T11:00:00.000Z',
		],
		['an offset without a colon', '2099-01-15T10:00:00+0200', '2099-01-15T08:00:00.000Z'],
		['more than millisecond precision', '2099-01-15T10:00:00.123456Z', '2099-01-15T10:00:00.123Z'],
		[
			'a wall-clock time inside the spring-forward gap',
			'2099-03-29T02:30:00',
			'2099-03-29T01:30:00.000Z',
		],
	])('reads Until given with %s', async (_case, validUntil, sent) => {
		const previous = getGlobalState();
		setGlobalState({ ...previous, defaultTimezone: 'Europe/Berlin' });
		try {
			const scope = nock(BASE)
				.post(STATUS_PATH, { status: 'online', validUntil: sent })
				.reply(200, { result: operatorFixture() });
			const { status } = await runNode({
				credentials,
				parameters: statusParameters({ keepStatus: 'until', validUntil }),
			});
			expect(status).toBe('success');
			expect(scope.isDone()).toBe(true);
		} finally {
			setGlobalState(previous);
		}
	});

	it("takes 'Keep Status' from an expression, with the other mode's field left empty", async () => {
		const scope = nock(BASE)
			.post(STATUS_PATH, { status: 'online', ttl: 600 })
			.reply(200, { result: operatorFixture() })
			.post(STATUS_PATH, { status: 'online', validUntil: '2099-05-05T05:05:00.000Z' })
			.reply(200, { result: operatorFixture() });
		const { status, output } = await runNode({
			credentials,
			input: [
				{ mode: 'duration', until: '' },
				{ mode: 'until', until: '2099-05-05T05:05:00Z' },
			],
			parameters: statusParameters({
				keepStatus: '={{ $json.mode }}',
				duration: 10,
				durationUnit: 'minutes',
				validUntil: '={{ $json.until }}',
			}),
		});
		expect(status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('reads the operator back when Chaport answers without it', async () => {
		const scope = nock(BASE)
			.post(STATUS_PATH)
			.reply(200, { result: true })
			.get(`/api/v1/operators/${OPERATOR_ID}`)
			.reply(200, { result: operatorFixture({ lastStatus: 'offline' }) });
		const { output } = await runNode({
			credentials,
			parameters: statusParameters({ status: 'offline', duration: 15, durationUnit: 'minutes' }),
		});
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual([operatorFixture({ lastStatus: 'offline' })]);
	});

	it('outputs { id, status, ttl } when the operator cannot be read back either', async () => {
		nock(BASE)
			.post(STATUS_PATH)
			.reply(200, { result: true })
			.get(`/api/v1/operators/${OPERATOR_ID}`)
			.reply(403, { error: { message: 'Not allowed' } });
		const { status, output } = await runNode({
			credentials,
			parameters: statusParameters({ status: 'offline', duration: 15, durationUnit: 'minutes' }),
		});
		expect(status).toBe('success');
		expect(output.map((item) => item.json)).toEqual([
			{ id: OPERATOR_ID, status: 'offline', ttl: 900 },
		]);
	});

	it('outputs { id, status, validUntil } when Chaport answers with an empty body', async () => {
		nock(BASE)
			.post(STATUS_PATH)
			.reply(204)
			.get(`/api/v1/operators/${OPERATOR_ID}`)
			.reply(404, { error: { message: 'Operator not found' } });
		const { output } = await runNode({
			credentials,
			parameters: statusParameters({ keepStatus: 'until', validUntil: '2099-03-01T00:00:00Z' }),
		});
		expect(output.map((item) => item.json)).toEqual([
			{ id: OPERATOR_ID, status: 'online', validUntil: '2099-03-01T00:00:00.000Z' },
		]);
	});

	it('retries a 503, because setting the same status twice is harmless', async () => {
		const recorder = recordRetryWaits();
		try {
			const scope = nock(BASE)
				.post(STATUS_PATH, { status: 'online', ttl: 3600 })
				.reply(503, { error: { message: 'busy' } })
				.post(STATUS_PATH, { status: 'online', ttl: 3600 })
				.reply(200, { result: operatorFixture() });
			const { status } = await runNode({ credentials, parameters: statusParameters() });
			expect(status).toBe('success');
			expect(scope.isDone()).toBe(true);
			expect(recorder.waits).toEqual([1000]);
		} finally {
			recorder.restore();
		}
	});

	// 'Keep Status' given by an expression makes n8n keep both 'Duration' and 'Until', so
	// "both" and "neither" can reach the node; so can bad values through expressions.
	it.each([
		[
			'both a duration and an end time',
			{ keepStatus: '={{ $json.v }}', validUntil: '2099-01-01T00:00:00Z' },
			'duration',
			/^'Until' is set although 'Keep Status' is 'For a Duration'/,
		],
		[
			'neither a duration nor an end time',
			{ keepStatus: '={{ $json.v }}' },
			'',
			/^'Keep Status' is empty/,
		],
		[
			'an unknown way to keep the status',
			{ keepStatus: '={{ $json.v }}' },
			'forever',
			/^'Keep Status' must be one of duration, until, got "forever"/,
		],
		[
			'an end time missing in Until mode',
			{ keepStatus: '={{ $json.v }}' },
			'until',
			/^'Until' is empty/,
		],
		['a duration of 0', { duration: '={{ $json.v }}' }, 0, /^'Duration' must be a number above 0/],
		[
			'a negative duration',
			{ duration: '={{ $json.v }}' },
			-5,
			/^'Duration' must be a number above 0/,
		],
		[
			'a duration that is not a number',
			{ duration: '={{ $json.v }}' },
			'soon',
			/^'Duration' must be a number, got "soon"/,
		],
		[
			'a duration under one second',
			{ duration: '={{ $json.v }}', durationUnit: 'seconds' },
			0.2,
			/^'Duration' must be a number above 0/,
		],
		[
			'an unknown duration unit',
			{ durationUnit: '={{ $json.v }}' },
			'weeks',
			/^'Duration Unit' must be one of/,
		],
		[
			'an end time in the past',
			{ keepStatus: 'until', validUntil: '={{ $json.v }}' },
			'2020-01-01T00:00:00Z',
			/^'Until' must be in the future, got 2020-01-01T00:00:00.000Z/,
		],
		[
			'an end time that is not a date',
			{ keepStatus: 'until', validUntil: '={{ $json.v }}' },
			'next tuesday',
			/^'Until' is not a date and time: "next tuesday"/,
		],
		[
			'an impossible date',
			{ keepStatus: 'until', validUntil: '={{ $json.v }}' },
			'2099-13-45T10:00:00Z',
			/^'Until' is not a date and time/,
		],
		[
			'an unknown status',
			{ status: '={{ $json.v }}' },
			'away',
			/^'Status' must be one of online, offline, invisible, got "away"/,
		],
	])('refuses %s before any request', async (_case, override, value, message) => {
		const seen = trapRequests(BASE);
		const { error } = await runNode({
			credentials,
			input: [{ v: value }],
			parameters: statusParameters(override),
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(seen).toEqual([]);
	});
});

describe('Chaport › Operator › Set Status (sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	const getOperator = async (id: string) =>
		(
			await runNode({
				credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
				parameters: {
					resource: 'operator',
					operation: 'get',
					operatorId: byId(id),
					simplify: false,
				},
			})
		).output[0].json;

	it('sets a status for a duration, which a later Get shows as lastStatus', async () => {
		const operator = sandbox.state.operators.find((o) => o.lastStatus !== 'invisible')!;
		const { output } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: {
				...statusParameters({ status: 'invisible', duration: 20, durationUnit: 'minutes' }),
				operatorId: byId(operator.id),
			},
		});
		expect(output[0].json).toMatchObject({ id: operator.id, lastStatus: 'invisible' });
		expect(sandbox.requests[0].body).toEqual({ status: 'invisible', ttl: 1200 });
		expect(await getOperator(operator.id)).toMatchObject({
			lastStatus: 'invisible',
			realStatus: 'invisible',
		});
	});

	it('sets a status until a date and time', async () => {
		const operator = sandbox.state.owner;
		const until = new Date(Date.now() + 2 * 3600_000).toISOString();
		const { status } = await runNode({
			credentials: chaportCredentials(sandbox.baseUrl, sandbox.token),
			parameters: {
				...statusParameters({ status: 'offline', keepStatus: 'until', validUntil: until }),
				operatorId: byId(operator.id),
			},
		});
		expect(status).toBe('success');
		expect(sandbox.requests[0].body).toEqual({ status: 'offline', validUntil: until });
		expect(await getOperator(operator.id)).toMatchObject({ lastStatus: 'offline' });
	});
});
