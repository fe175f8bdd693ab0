// Visitor resource in the real n8n: each operation through a workflow, checked against the
// sandbox's own API.
import assert from 'node:assert/strict';

import { byId, runChaport as run } from '../lib/workflows.mjs';

const HEX24 = /^[0-9a-f]{24}$/i;
const SIMPLE_VISITOR_KEYS = [
	'city',
	'country',
	'createdAt',
	'email',
	'id',
	'lastSeenAt',
	'name',
	'notes',
	'phone',
	'sourceHost',
];

export const tests = [
	[
		'Get Many (Limit 7) returns the first 7 visitors of the account, simplified',
		async (ctx) => {
			const items = await run(ctx, 'Get Many Visitors', {
				resource: 'visitor',
				operation: 'getAll',
				returnAll: false,
				limit: 7,
			});
			const page = await ctx.sandbox.api('GET', '/visitors');
			const expected = page.body.result.slice(0, 7).map((v) => v.id);
			assert.deepEqual(
				items.map((v) => v.id),
				expected,
			);
			for (const item of items) assert.deepEqual(Object.keys(item).sort(), SIMPLE_VISITOR_KEYS);
		},
	],
	[
		'Get Many (Return All) pages through every visitor',
		async (ctx) => {
			const items = await run(ctx, 'All Visitors', {
				resource: 'visitor',
				operation: 'getAll',
				returnAll: true,
				simplify: false,
			});
			const { counts } = await ctx.sandbox.state();
			assert.equal(items.length, counts.visitors);
			assert.equal(new Set(items.map((v) => v.id)).size, items.length);
			assert.ok(items.every((v) => HEX24.test(v.id)));
		},
	],
	[
		'Get by ID returns that visitor',
		async (ctx) => {
			const target = (await ctx.sandbox.api('GET', '/visitors')).body.result[3];
			const [item] = await run(ctx, 'Get Visitor', {
				resource: 'visitor',
				operation: 'get',
				visitorId: byId(target.id),
			});
			assert.equal(item.id, target.id);
			assert.equal(item.name, target.name);
			assert.equal(item.email, target.email);
		},
	],
	[
		'Update changes the visitor in Chaport and returns it',
		async (ctx) => {
			const target = (await ctx.sandbox.api('GET', '/visitors')).body.result[4];
			const [item] = await run(ctx, 'Update Visitor', {
				resource: 'visitor',
				operation: 'update',
				visitorId: byId(target.id),
				updateFields: { name: 'Renamed By E2E', notes: 'updated from a real n8n' },
			});
			assert.equal(item.id, target.id);
			assert.equal(item.name, 'Renamed By E2E');
			const stored = (await ctx.sandbox.api('GET', `/visitors/${target.id}`)).body.result;
			assert.equal(stored.name, 'Renamed By E2E');
			assert.equal(stored.notes, 'updated from a real n8n');
		},
	],
	[
		'Delete removes the visitor and returns { deleted: true }',
		async (ctx) => {
			const { visitorId } = await ctx.sandbox.startChat({ name: 'To Be Deleted', text: 'bye' });
			const items = await run(ctx, 'Delete Visitor', {
				resource: 'visitor',
				operation: 'delete',
				visitorId: byId(visitorId),
			});
			assert.deepEqual(items, [{ deleted: true }]);
			assert.equal((await ctx.sandbox.api('GET', `/visitors/${visitorId}`)).status, 404);
		},
	],
];
