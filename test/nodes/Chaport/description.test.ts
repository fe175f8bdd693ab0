import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { Chaport } from '../../../nodes/Chaport/Chaport.node';

const { description } = new Chaport();
const byName = (name: string) =>
	description.properties.filter((property) => property.name === name);
const operationsOf = (resource: string) =>
	(byName('operation').find((property) =>
		property.displayOptions?.show?.resource?.includes(resource),
	)?.options ?? []) as INodePropertyOptions[];

describe('Chaport node description', () => {
	it('offers the five resources with the operations the issue names', () => {
		const resources = (byName('resource')[0].options as INodePropertyOptions[]).map((o) => o.value);
		expect(resources).toEqual(['chat', 'message', 'operator', 'visitor', 'webhook']);
		const expected: Record<string, string[]> = {
			visitor: ['delete', 'get', 'getAll', 'update'],
			chat: ['get', 'getAll', 'getLast', 'updateLast'],
			message: ['get', 'getAll', 'send', 'update'],
			operator: ['create', 'delete', 'get', 'getAll', 'setStatus', 'update'],
			webhook: ['create', 'delete', 'get', 'getAll', 'update'],
		};
		for (const [resource, operations] of Object.entries(expected)) {
			expect(
				operationsOf(resource)
					.map((o) => o.value)
					.sort(),
			).toEqual(operations);
		}
	});

	it('gives every operation an action and lists them alphabetically', () => {
		for (const resource of ['chat', 'message', 'operator', 'visitor', 'webhook']) {
			const options = operationsOf(resource);
			expect(options.every((o) => typeof o.action === 'string' && o.action.length > 0)).toBe(true);
			const names = options.map((o) => o.name);
			expect(names).toEqual([...names].sort());
		}
	});

	it('pairs every Return All with a Limit shown only when Return All is off', () => {
		const returnAll = byName('returnAll');
		const limits = byName('limit') as INodeProperties[];
		expect(returnAll.length).toBeGreaterThanOrEqual(5);
		for (const property of returnAll) {
			const show = property.displayOptions?.show ?? {};
			const limit = limits.find(
				(candidate) =>
					JSON.stringify(candidate.displayOptions?.show?.resource) ===
						JSON.stringify(show.resource) &&
					JSON.stringify(candidate.displayOptions?.show?.operation) ===
						JSON.stringify(show.operation),
			);
			expect(limit).toBeDefined();
			expect(limit?.default).toBe(50);
			expect(limit?.displayOptions?.show?.returnAll).toEqual([false]);
		}
	});

	it('is usable as an AI tool and warns that visitor text is untrusted', () => {
		expect(description.usableAsTool).toBe(true);
		expect(description.description).toMatch(/untrusted/);
	});
});
