// What the editor asks of the main in queue mode: the credential test and the list searches
// (resource locators) run on the main itself, not on a worker, with the credential decrypted there.
import assert from 'node:assert/strict';

import { CHAPORT } from '../../lib/workflows.mjs';

async function listSearch(main, credential, methodName, currentNodeParameters, filter) {
	const res = await main.rest('POST', '/dynamic-node-parameters/resource-locator-results', {
		path: 'parameters.visitorId',
		nodeTypeAndVersion: { name: CHAPORT, version: 1 },
		methodName,
		filter,
		currentNodeParameters,
		credentials: { chaportApi: { id: credential.id, name: credential.name } },
	});
	assert.equal(res.status, 200, `resource-locator-results -> ${res.status} ${res.text}`);
	return res.body.data;
}

export const tests = [
	[
		'the credential test runs on the main against the sandbox',
		async ({ main, sandbox, credential }) => {
			const form = await main.rest('GET', `/credentials/${credential.id}?includeData=true`);
			assert.equal(form.status, 200, `GET credential -> ${form.status} ${form.text}`);
			const { id, name, type, data } = form.body.data;
			const before = (await sandbox.requests()).length;
			const res = await main.rest('POST', '/credentials/test', {
				credentials: { id, name, type, data },
			});
			assert.equal(res.status, 200, `credentials/test -> ${res.status} ${res.text}`);
			assert.equal(res.body.data.status, 'OK', JSON.stringify(res.body.data));
			const calls = (await sandbox.requests()).slice(before);
			assert.ok(
				calls.some((r) => r.path.startsWith('/api/v1/me.json') && r.status === 200),
				'the sandbox saw no successful GET /me.json',
			);
		},
	],
	[
		'the visitor and operator list searches answer from the main',
		async ({ main, sandbox, credential }) => {
			const { visitorId } = await sandbox.startChat({ name: 'Queue Searcher', text: 'hi' });
			const visitors = await listSearch(
				main,
				credential,
				'searchVisitors',
				{ resource: 'visitor', operation: 'get' },
				'Queue Searcher',
			);
			assert.ok(
				visitors.results.some((r) => r.value === visitorId),
				`visitor ${visitorId} not found: ${JSON.stringify(visitors)}`,
			);
			const operators = await listSearch(main, credential, 'searchOperators', {
				resource: 'operator',
				operation: 'get',
			});
			assert.ok(
				operators.results.some((r) => r.value === sandbox.ownerId),
				`the sandbox owner is not among the operators: ${JSON.stringify(operators)}`,
			);
		},
	],
];
