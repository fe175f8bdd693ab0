// Operator resource in the real n8n, checked against the sandbox's operators.
import assert from 'node:assert/strict';

import { byId, runChaport as run } from '../lib/workflows.mjs';

const state = {};

async function sandboxOperator(sandbox, id) {
	return await sandbox.api('GET', `/operators/${id}`);
}

export const tests = [
	[
		'Get Many returns every operator of the account (simplified)',
		async (ctx) => {
			const operators = await run(ctx, 'Get Operators', {
				resource: 'operator',
				operation: 'getAll',
				returnAll: true,
				filters: {},
			});
			const expected = (await ctx.sandbox.state()).operators;
			assert.deepEqual(
				operators.map((o) => o.id),
				expected.map((o) => o.id),
			);
			assert.deepEqual(
				operators.map((o) => o.email),
				expected.map((o) => o.email),
			);
			assert.ok(operators.every((o) => ['online', 'offline', 'invisible'].includes(o.status)));
		},
	],
	[
		'Create invites an operator; Get returns it',
		async (ctx) => {
			const [created] = await run(ctx, 'Create Operator', {
				resource: 'operator',
				operation: 'create',
				email: 'new.agent@example.com',
				name: 'New Agent',
				additionalFields: {},
			});
			assert.equal(created.email, 'new.agent@example.com');
			state.operatorId = created.id;
			assert.equal((await sandboxOperator(ctx.sandbox, created.id)).body.result.name, 'New Agent');
			const [got] = await run(ctx, 'Get Operator', {
				resource: 'operator',
				operation: 'get',
				operatorId: byId(created.id),
			});
			assert.equal(got.id, created.id);
			assert.equal(got.name, 'New Agent');
		},
	],
	[
		'Update renames the operator',
		async (ctx) => {
			await run(ctx, 'Update Operator', {
				resource: 'operator',
				operation: 'update',
				operatorId: byId(state.operatorId),
				updateFields: { name: 'Renamed Agent', jobTitle: 'Support' },
			});
			const stored = (await sandboxOperator(ctx.sandbox, state.operatorId)).body.result;
			assert.equal(stored.name, 'Renamed Agent');
			assert.equal(stored.jobTitle, 'Support');
		},
	],
	[
		'Set Status makes the operator online for an hour',
		async (ctx) => {
			await run(ctx, 'Set Status', {
				resource: 'operator',
				operation: 'setStatus',
				operatorId: byId(state.operatorId),
				status: 'online',
				keepStatus: 'duration',
				duration: 1,
				durationUnit: 'hours',
			});
			const stored = (await sandboxOperator(ctx.sandbox, state.operatorId)).body.result;
			assert.equal(stored.lastStatus, 'online');
			const status = (await ctx.sandbox.requests())
				.filter((r) => r.path === `/api/v1/operators/${state.operatorId}/status`)
				.at(-1);
			assert.equal(status.body.status, 'online');
			assert.equal(status.body.ttl, 3600);
		},
	],
	[
		'Delete removes the operator',
		async (ctx) => {
			const items = await run(ctx, 'Delete Operator', {
				resource: 'operator',
				operation: 'delete',
				operatorId: byId(state.operatorId),
			});
			assert.deepEqual(items, [{ deleted: true }]);
			assert.equal((await sandboxOperator(ctx.sandbox, state.operatorId)).status, 404);
		},
	],
];
