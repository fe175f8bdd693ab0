// The webhook lifecycle (checkExists / create / delete) against the stateful sandbox, driven the
// way n8n drives it on publish, re-publish, "Listen for test event" and deactivation.
import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox';
import type { Sandbox } from '../../../sandbox';
import { createTriggerHarness } from '../../harness';
import {
	eventsOf,
	failNthRequest,
	queryOf,
	SECRET_PARAM,
	sandboxCredentials,
	spyOnWarnings,
	storedOf,
	subscriptionsOf,
	triggerParameters,
	withoutQuery,
} from './helpers';

describe('Chaport Trigger › subscription lifecycle (sandbox)', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());
	afterEach(() => jest.restoreAllMocks());

	const harness = (
		events: string[],
		extra: {
			staticData?: IDataObject;
			workflowId?: string;
			isTest?: boolean;
			options?: IDataObject;
		} = {},
	) =>
		createTriggerHarness({
			parameters: triggerParameters(events, extra.options),
			credentials: sandboxCredentials(sandbox),
			staticData: extra.staticData,
			workflowId: extra.workflowId,
			isTest: extra.isTest,
		});

	const apiCalls = (method: string, pathPrefix = '/api/v1/events/subscriptions') =>
		sandbox.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));

	it('creates one subscription per selected event, each with its own secret in the target URL', async () => {
		const trigger = harness(['chat.started', 'chat.finished']);
		expect(await trigger.checkExists()).toBe(false);
		await trigger.create();

		const remote = subscriptionsOf(sandbox, trigger);
		expect(eventsOf(remote)).toEqual(['chat.finished', 'chat.started']);
		for (const subscription of remote) {
			expect(withoutQuery(subscription.targetUrl)).toBe(trigger.webhookUrl());
			expect(queryOf(subscription.targetUrl)[SECRET_PARAM]).toMatch(/^[0-9a-f]{64}$/);
			expect(subscription.essential).toBe(true);
		}
		const secrets = remote.map((s) => queryOf(s.targetUrl)[SECRET_PARAM]);
		expect(new Set(secrets).size).toBe(2);

		const stored = storedOf(trigger);
		expect(stored.map((s) => s.id).sort()).toEqual(remote.map((s) => s.id).sort());
		for (const s of stored) {
			expect(s.secret).toBe(queryOf(remote.find((r) => r.id === s.id)!.targetUrl)[SECRET_PARAM]);
		}
		expect(await trigger.checkExists()).toBe(true);
	});

	it('activating again with the same static data creates no duplicate', async () => {
		const staticData: IDataObject = {};
		await harness(['chat.started', 'chat.newEvent.visitorMessage'], { staticData }).activate();
		const before = sandbox.state.subscriptions.map((s) => s.id).sort();

		const again = harness(['chat.started', 'chat.newEvent.visitorMessage'], { staticData });
		expect(await again.checkExists()).toBe(true);
		await again.activate();

		expect(sandbox.state.subscriptions.map((s) => s.id).sort()).toEqual(before);
		expect(apiCalls('POST')).toHaveLength(2);
	});

	it('adopts the subscriptions already pointing at its URL when its static data was lost, recovering their secrets', async () => {
		const first = harness(['chat.started']);
		await first.activate();
		const [original] = subscriptionsOf(sandbox, first);

		const fresh = harness(['chat.started'], { staticData: {} });
		expect(await fresh.checkExists()).toBe(true);
		await fresh.activate();

		expect(sandbox.state.subscriptions).toHaveLength(1);
		expect(storedOf(fresh)).toEqual([
			expect.objectContaining({
				id: original.id,
				event: 'chat.started',
				secret: queryOf(original.targetUrl)[SECRET_PARAM],
			}),
		]);
		expect(apiCalls('DELETE')).toHaveLength(0);
	});

	it('recreates a subscription deleted behind its back, and only that one', async () => {
		const staticData: IDataObject = {};
		const trigger = harness(['chat.started', 'chat.finished'], { staticData });
		await trigger.activate();
		const finished = subscriptionsOf(sandbox, trigger).find((s) => s.event === 'chat.finished')!;
		const started = subscriptionsOf(sandbox, trigger).find((s) => s.event === 'chat.started')!;
		sandbox.state.subscriptions = sandbox.state.subscriptions.filter((s) => s.id !== finished.id);

		const again = harness(['chat.started', 'chat.finished'], { staticData });
		expect(await again.checkExists()).toBe(false);
		await again.create();

		const remote = subscriptionsOf(sandbox, again);
		expect(eventsOf(remote)).toEqual(['chat.finished', 'chat.started']);
		expect(remote.find((s) => s.event === 'chat.started')!.id).toBe(started.id);
		expect(remote.find((s) => s.event === 'chat.finished')!.id).not.toBe(finished.id);
		expect(
			storedOf(again)
				.map((s) => s.id)
				.sort(),
		).toEqual(remote.map((s) => s.id).sort());
		expect(apiCalls('DELETE')).toHaveLength(0);
	});

	it('rolls back when one of several creations fails, and says why', async () => {
		failNthRequest(sandbox, 'POST', '/events/subscriptions', 2, 500);
		const trigger = harness(['chat.started', 'chat.finished', 'chat.newEvent.visitorMessage']);
		expect(await trigger.checkExists()).toBe(false);

		const error = await trigger.create().then(
			() => undefined,
			(e: Error & { description?: string; httpCode?: string }) => e,
		);
		expect(error).toBeDefined();
		expect(error!.constructor.name).toBe('NodeApiError');
		// Events are created in the order selected: the second is chat.finished.
		expect(error!.message).toContain('Could not subscribe to the Chaport event "chat.finished"');
		expect(error!.message).toContain('Injected fault: HTTP 500');
		expect(error!.httpCode).toBe('500');
		expect(error!.description).toMatch(
			/1 subscription\(s\) created just before were removed again/,
		);

		expect(sandbox.state.subscriptions).toHaveLength(0);
		expect(apiCalls('POST')).toHaveLength(2);
		expect(apiCalls('DELETE')).toHaveLength(1);
		expect(storedOf(trigger)).toEqual([]);
	});

	it('after a change of events, leaves exactly the new set (removing only the deselected ones it owned)', async () => {
		const staticData: IDataObject = {};
		const first = harness(['chat.started', 'chat.finished'], { staticData });
		await first.activate();
		const started = subscriptionsOf(sandbox, first).find((s) => s.event === 'chat.started')!;

		const changed = harness(['chat.started', 'chat.newEvent.operatorMessage'], { staticData });
		expect(await changed.checkExists()).toBe(false);
		expect(apiCalls('DELETE')).toHaveLength(0); // checkExists never deletes
		await changed.create();

		const remote = subscriptionsOf(sandbox, changed);
		expect(eventsOf(remote)).toEqual(['chat.newEvent.operatorMessage', 'chat.started']);
		expect(remote.find((s) => s.event === 'chat.started')!.id).toBe(started.id);
		expect(eventsOf(storedOf(changed))).toEqual(['chat.newEvent.operatorMessage', 'chat.started']);
		expect(await changed.checkExists()).toBe(true);

		// Narrowing the selection only removes.
		const narrowed = harness(['chat.newEvent.operatorMessage'], { staticData });
		await narrowed.activate();
		expect(eventsOf(subscriptionsOf(sandbox, narrowed))).toEqual(['chat.newEvent.operatorMessage']);
		expect(sandbox.state.subscriptions).toHaveLength(1);
	});

	it("deactivation removes only its own subscriptions and clears them, leaving another workflow's alone", async () => {
		const mine = harness(['chat.started', 'chat.finished'], { workflowId: 'wf-mine' });
		const theirs = harness(['chat.started'], { workflowId: 'wf-theirs' });
		await mine.activate();
		await theirs.activate();
		const theirIds = subscriptionsOf(sandbox, theirs).map((s) => s.id);
		expect(sandbox.state.subscriptions).toHaveLength(3);

		expect(await mine.delete()).toBe(true);

		expect(sandbox.state.subscriptions.map((s) => s.id)).toEqual(theirIds);
		expect(storedOf(mine)).toEqual([]);
		expect(mine.nodeStaticData().webhooks).toBeUndefined();
		expect(storedOf(theirs)).toHaveLength(1);
		// Activating again starts from scratch.
		expect(await mine.checkExists()).toBe(false);
	});

	it('counts a subscription already gone as removed on deactivation', async () => {
		const trigger = harness(['chat.started', 'chat.finished']);
		await trigger.activate();
		sandbox.state.subscriptions = [];
		const warn = spyOnWarnings();
		expect(await trigger.delete()).toBe(true);
		expect(warn).not.toHaveBeenCalled();
		expect(storedOf(trigger)).toEqual([]);
	});

	it('logs, and reports false for, what it could not remove on deactivation', async () => {
		const trigger = harness(['chat.started']);
		await trigger.activate();
		const [subscription] = subscriptionsOf(sandbox, trigger);
		sandbox.faults.add({
			method: 'DELETE',
			path: `/events/subscriptions/${subscription.id}`,
			type: 'status',
			status: 403,
		});
		const warn = spyOnWarnings();

		expect(await trigger.delete()).toBe(false);

		expect(warn).toHaveBeenCalledWith(
			expect.stringContaining(
				`could not remove Chaport subscription ${subscription.id} (chat.started) during deactivation`,
			),
			expect.anything(),
		);
		// Remembered, and removed by the next deactivation once Chaport lets it.
		expect(storedOf(trigger).map((s) => s.id)).toEqual([subscription.id]);
		sandbox.faults.clear();
		expect(await trigger.delete()).toBe(true);
		expect(sandbox.state.subscriptions).toHaveLength(0);
		expect(storedOf(trigger)).toEqual([]);
	});

	it('a subscription whose removal failed is reused by the next activation, not duplicated', async () => {
		const trigger = harness(['chat.started']);
		await trigger.activate();
		const [subscription] = subscriptionsOf(sandbox, trigger);
		sandbox.faults.add({ method: 'DELETE', path: /^\/events\/subscriptions\//, type: 'reset' });
		expect(await trigger.delete()).toBe(false);
		sandbox.faults.clear();
		await trigger.activate();
		expect(subscriptionsOf(sandbox, trigger).map((s) => s.id)).toEqual([subscription.id]);
	});

	it('after a create whose answer was lost, finds it by its secret instead of creating another', async () => {
		const trigger = harness(['chat.started', 'chat.finished']);
		sandbox.faults.add({
			method: 'POST',
			path: '/events/subscriptions',
			type: 'status',
			status: 504,
			when: 'after',
			times: 1,
		});
		await trigger.activate();
		expect(eventsOf(subscriptionsOf(sandbox, trigger))).toEqual(['chat.finished', 'chat.started']);
		expect(apiCalls('POST')).toHaveLength(2);
		expect(await trigger.checkExists()).toBe(true);
		await trigger.delete();
		expect(sandbox.state.subscriptions).toHaveLength(0);
	});

	it('adopts, then removes, a duplicate it lost track of (static data n8n did not keep)', async () => {
		const first = harness(['chat.started'], { workflowId: 'wf-lost' });
		await first.activate();
		// The same workflow, restarted with empty static data, activates again: one create too many?
		const second = harness(['chat.started'], { workflowId: 'wf-lost' });
		await second.activate();
		expect(subscriptionsOf(sandbox, second)).toHaveLength(1);
		// A stray duplicate with this node's URL and a secret (left by a lost create): removed.
		const third = harness(['chat.started'], { workflowId: 'wf-lost' });
		const [kept] = subscriptionsOf(sandbox, third);
		sandbox.state.subscriptions.push({
			...kept,
			id: 'ffffffffffffffffffffffff',
			targetUrl: `${third.webhookUrl()}?n8nSecret=${'a'.repeat(64)}`,
		});
		expect(await third.checkExists()).toBe(false);
		await third.create();
		expect(subscriptionsOf(sandbox, third)).toHaveLength(1);
		await third.delete();
		expect(sandbox.state.subscriptions).toHaveLength(0);
	});

	it('never deletes a subscription to its URL that carries none of its secrets', async () => {
		const trigger = harness(['chat.started'], { options: { verifySecret: false } });
		const foreign = {
			id: 'eeeeeeeeeeeeeeeeeeeeeeee',
			event: 'chat.started',
			targetUrl: trigger.webhookUrl(),
			essential: true,
			createdAt: new Date().toISOString(),
		};
		sandbox.state.subscriptions.push(foreign as (typeof sandbox.state.subscriptions)[number]);
		await trigger.activate();
		expect(storedOf(trigger).map((s) => s.id)).toEqual([foreign.id]);
		expect(await trigger.delete()).toBe(true);
		expect(sandbox.state.subscriptions.map((s) => s.id)).toEqual([foreign.id]);
	});

	it('keeps test-URL and production-URL subscriptions apart, even in shared static data', async () => {
		const staticData: IDataObject = {};
		const production = harness(['chat.started'], { staticData });
		const test = harness(['chat.started', 'chat.finished'], { staticData, isTest: true });
		expect(test.webhookUrl()).toContain('/webhook-test/');
		expect(production.webhookUrl()).not.toContain('/webhook-test/');

		await production.activate();
		await test.activate();
		expect(eventsOf(subscriptionsOf(sandbox, production))).toEqual(['chat.started']);
		expect(eventsOf(subscriptionsOf(sandbox, test))).toEqual(['chat.finished', 'chat.started']);
		expect(await production.checkExists()).toBe(true);

		// The test listener ends: only its subscriptions go.
		await test.delete();
		expect(eventsOf(subscriptionsOf(sandbox, production))).toEqual(['chat.started']);
		expect(subscriptionsOf(sandbox, test)).toEqual([]);
		expect(sandbox.state.subscriptions).toHaveLength(1);
		expect(await production.checkExists()).toBe(true);
	});

	it('does not adopt a secret-less subscription to its URL while Verify Secret is on', async () => {
		const trigger = harness(['chat.started']);
		sandbox.state.subscriptions.push({
			id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
			targetUrl: trigger.webhookUrl(),
			event: 'chat.started',
			essential: true,
			createdAt: new Date().toISOString(),
		});
		const warn = spyOnWarnings();
		expect(await trigger.checkExists()).toBe(false);
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('without a secret'));
		await trigger.create();
		expect(storedOf(trigger).map((s) => s.id)).not.toContain('aaaaaaaaaaaaaaaaaaaaaaaa');
		expect(sandbox.state.subscriptions).toHaveLength(2);

		// With Verify Secret off the same subscription is adopted instead of duplicated.
		sandbox.reset();
		const lenient = harness(['chat.started'], { options: { verifySecret: false }, staticData: {} });
		sandbox.state.subscriptions.push({
			id: 'bbbbbbbbbbbbbbbbbbbbbbbb',
			targetUrl: lenient.webhookUrl(),
			event: 'chat.started',
			essential: true,
			createdAt: new Date().toISOString(),
		});
		expect(await lenient.checkExists()).toBe(true);
		expect(storedOf(lenient).map((s) => s.id)).toEqual(['bbbbbbbbbbbbbbbbbbbbbbbb']);
	});

	it('refuses to create with no event selected', async () => {
		const trigger = harness([]);
		await expect(trigger.create()).rejects.toThrow("'Events' is empty");
		expect(apiCalls('POST')).toHaveLength(0);
	});

	it('refuses a webhook URL Chaport cannot call, and warns about one it cannot reach', async () => {
		const unusable = createTriggerHarness({
			parameters: triggerParameters(['chat.started']),
			credentials: sandboxCredentials(sandbox),
			webhookBaseUrl: 'ftp://n8n.example.test/webhook',
		});
		await expect(unusable.create()).rejects.toThrow(/cannot be registered with Chaport/);
		expect(apiCalls('POST')).toHaveLength(0);

		const local = createTriggerHarness({
			parameters: triggerParameters(['chat.started']),
			credentials: sandboxCredentials(sandbox),
			webhookBaseUrl: 'http://localhost:5678/webhook',
		});
		const warn = spyOnWarnings();
		await local.create();
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('not reachable from the internet'));
		expect(apiCalls('POST')).toHaveLength(1);
	});
});
