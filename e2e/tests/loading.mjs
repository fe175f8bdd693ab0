// The package as n8n loads it from $N8N_USER_FOLDER/.n8n/nodes/node_modules (a community install):
// the node types the editor is served, including the AI-agent tool variant n8n derives from a
// node marked usableAsTool.
import assert from 'node:assert/strict';

async function nodeTypes(n8n) {
	const res = await n8n.session('GET', '/types/nodes.json');
	assert.equal(res.status, 200, `types/nodes.json -> ${res.status}`);
	return res.body;
}

const find = (types, name) => types.find((t) => t.name === name);

export const tests = [
	[
		'Chaport, Chaport Trigger and the Chaport API credential are registered',
		async ({ n8n }) => {
			const types = await nodeTypes(n8n);
			const action = find(types, 'n8n-nodes-chaport.chaport');
			const trigger = find(types, 'n8n-nodes-chaport.chaportTrigger');
			assert.ok(action, 'n8n-nodes-chaport.chaport is not among the node types');
			assert.ok(trigger, 'n8n-nodes-chaport.chaportTrigger is not among the node types');
			assert.equal(action.displayName, 'Chaport');
			assert.equal(trigger.displayName, 'Chaport Trigger');
			const resource = action.properties.find((p) => p.name === 'resource');
			// n8n itself appends "Custom API Call" to nodes whose credential can authenticate requests
			assert.deepEqual(
				resource.options.map((o) => o.value),
				['chat', 'message', 'operator', 'visitor', 'webhook', '__CUSTOM_API_CALL__'],
			);
			const credentials = await n8n.session('GET', '/types/credentials.json');
			assert.equal(credentials.status, 200);
			const chaportApi = credentials.body.find((c) => c.name === 'chaportApi');
			assert.ok(chaportApi, 'chaportApi is not among the credential types');
			assert.equal(chaportApi.displayName, 'Chaport API');
		},
	],
	[
		'the node is offered as an AI-agent tool (n8n-nodes-chaport.chaportTool)',
		async ({ n8n }) => {
			const types = await nodeTypes(n8n);
			const tool = find(types, 'n8n-nodes-chaport.chaportTool');
			assert.ok(tool, 'n8n registered no tool variant: is the node usableAsTool?');
			assert.deepEqual(tool.outputs, ['ai_tool']);
			assert.ok(
				tool.codex?.categories?.includes('AI'),
				'the tool variant is not in the AI category',
			);
			const resource = tool.properties.find((p) => p.name === 'resource');
			assert.ok(resource, 'the tool variant lost the Resource parameter');
		},
	],
];
