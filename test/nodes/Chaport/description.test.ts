import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { Chaport } from '../../../nodes/Chaport/Chaport.node';
import { canvasSubtitle, CHAPORT_NODE_TYPE } from '../../harness/nodeTypes';

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

describe('Chaport node on the canvas', () => {
	const subtitleFor = (parameters: Record<string, string>) =>
		canvasSubtitle(CHAPORT_NODE_TYPE, parameters);

	it('subtitles each operation with its action, as n8n does ("Get many visitors")', () => {
		expect(subtitleFor({ resource: 'visitor', operation: 'getAll' })).toBe('Get many visitors');
		expect(subtitleFor({ resource: 'chat', operation: 'getLast' })).toBe(
			operationsOf('chat').find((o) => o.value === 'getLast')!.action,
		);
		for (const resource of ['chat', 'message', 'operator', 'visitor', 'webhook']) {
			for (const option of operationsOf(resource)) {
				expect(subtitleFor({ resource, operation: String(option.value) })).toBe(option.action);
			}
		}
	});

	it('links its Docs entry to the README section without n8n appending to the anchor', () => {
		expect(description.documentationUrl).toBe(
			'https://github.com/chaport-n8n/n8n-nodes-chaport#chaport-node',
		);
	});

	it('uses sentence case for the collection buttons, as n8n does ("Add option")', () => {
		const placeholders: unknown[] = [];
		const walk = (properties: unknown[]) => {
			for (const property of properties as INodeProperties[]) {
				if (property.type === 'collection' || property.type === 'fixedCollection') {
					placeholders.push(property.placeholder);
				}
				if (Array.isArray(property.options)) walk(property.options);
				const values = (property as { values?: unknown[] }).values;
				if (Array.isArray(values)) walk(values);
			}
		};
		walk(description.properties);
		expect(placeholders.length).toBeGreaterThan(5);
		// "Add field", "Add UTM value": lower case apart from acronyms
		for (const placeholder of placeholders)
			expect(placeholder).toMatch(/^Add( [A-Z]{2,}| [a-z]+)+$/);
	});
});
