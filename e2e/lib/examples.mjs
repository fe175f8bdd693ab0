// The example workflows in examples/*.json: imported as they are for the demo, and, for the e2e
// suite, with every node that talks to an outside service (Slack, e-mail, a helpdesk, an LLM)
// replaced by an HTTP Request to the local sink, so their Chaport part runs for real.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readExamples(dir) {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(dir, file), 'utf8')) }));
}

/** Points every credential reference of the given type (e.g. 'chaportApi') at `credential`. */
export function useCredentialOfType(workflow, type, credential) {
	const nodes = workflow.nodes.map((node) =>
		node.credentials?.[type]
			? {
					...node,
					credentials: {
						...node.credentials,
						[type]: { id: credential.id, name: credential.name },
					},
				}
			: node,
	);
	return { ...workflow, nodes };
}

/**
 * Points every Chaport credential reference of the workflow at `credential`, and every HubSpot
 * one at `hubspotCredential` when given (the stack's credential for the local HubSpot stand-in).
 */
export function useCredential(workflow, credential, hubspotCredential) {
	const withChaport = useCredentialOfType(workflow, 'chaportApi', credential);
	return hubspotCredential
		? useCredentialOfType(withChaport, 'hubspotAppToken', hubspotCredential)
		: withChaport;
}

/** Creates the examples (inactive) in n8n with the stack's Chaport credential. */
export async function importExamples({ n8n, credential, hubspotCredential }, dir) {
	const created = [];
	for (const { workflow } of readExamples(dir)) {
		created.push(await n8n.createWorkflow(useCredential(workflow, credential, hubspotCredential)));
	}
	return created;
}

/** Node types that reach services outside this machine, and what the sink answers for them. */
const OUTSIDE_SERVICES = new Set([
	'n8n-nodes-base.slack',
	'n8n-nodes-base.emailSend',
	'n8n-nodes-base.gmail',
	'n8n-nodes-base.zendesk',
	'n8n-nodes-base.freshdesk',
	'n8n-nodes-base.helpScout',
	'@n8n/n8n-nodes-langchain.agent',
	'@n8n/n8n-nodes-langchain.openAi',
	'@n8n/n8n-nodes-langchain.chainLlm',
]);

/** Sink channel name of a node: its name, lower-case, dashes for everything else. */
export const channelOf = (nodeName) => nodeName.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/**
 * The workflow with outside services swapped for the sink:
 * - each node of a type in OUTSIDE_SERVICES becomes an HTTP Request that POSTs the node's
 *   parameters (expressions resolved by n8n) to `${sinkUrl}/<channel>`, under the same name, so
 *   connections and later expressions like $('Slack') keep working; the sink's answer (set per
 *   channel by the test) becomes the node's output;
 * - AI sub-nodes (language models, memories, tools) attached through ai_* connections are dropped;
 * - a Schedule Trigger becomes a Webhook trigger at `schedulePath`, so the test runs it on demand.
 */
export function withSink(workflow, sinkUrl, { schedulePath } = {}) {
	const aiSubNodes = new Set();
	for (const [from, outputs] of Object.entries(workflow.connections)) {
		for (const type of Object.keys(outputs)) if (type.startsWith('ai_')) aiSubNodes.add(from);
	}
	const nodes = [];
	for (const node of workflow.nodes) {
		if (aiSubNodes.has(node.name) || node.type === 'n8n-nodes-base.stickyNote') continue;
		if (OUTSIDE_SERVICES.has(node.type)) {
			nodes.push({
				id: node.id ?? randomUUID(),
				name: node.name,
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: node.position,
				...(node.executeOnce ? { executeOnce: true } : {}),
				parameters: {
					method: 'POST',
					url: `${sinkUrl}/${channelOf(node.name)}`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: `={{ JSON.stringify(${resolvedParameters(node.parameters)}) }}`,
					options: {},
				},
			});
		} else if (node.type === 'n8n-nodes-base.scheduleTrigger' && schedulePath) {
			nodes.push({
				id: node.id ?? randomUUID(),
				name: node.name,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: node.position,
				webhookId: randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path: schedulePath,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			});
		} else if (node.webhookId) {
			// a fresh webhook URL, so the copy never collides with the imported original
			nodes.push({ ...node, webhookId: randomUUID() });
		} else nodes.push(node);
	}
	const connections = {};
	for (const [from, outputs] of Object.entries(workflow.connections)) {
		if (aiSubNodes.has(from)) continue;
		connections[from] = Object.fromEntries(
			Object.entries(outputs).filter(([type]) => !type.startsWith('ai_')),
		);
	}
	return { ...workflow, nodes, connections };
}

/**
 * A JavaScript object literal of the node's string parameters (text, message, subject, …) in
 * which n8n expressions ("={{ … }}" or "=… {{ … }} …") are evaluated for the current item, so the
 * sink receives exactly what Slack or the mail server would have.
 */
function resolvedParameters(parameters) {
	const entries = [];
	const walk = (prefix, value) => {
		if (typeof value === 'string') entries.push([prefix, value]);
		else if (value && typeof value === 'object' && !Array.isArray(value)) {
			for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
		}
	};
	walk('', parameters);
	const literal = entries
		.map(([key, value]) => `${JSON.stringify(key)}: ${templateOf(value)}`)
		.join(', ');
	return `{ ${literal} }`;
}

/** "=Hello {{ $json.name }}!" -> `Hello ${ $json.name }!` ; plain strings stay literal. */
function templateOf(value) {
	if (!value.startsWith('=')) return JSON.stringify(value);
	const body = value.slice(1);
	const parts = [];
	let rest = body;
	for (;;) {
		const open = rest.indexOf('{{');
		if (open === -1) break;
		const close = rest.indexOf('}}', open);
		if (close === -1) break;
		parts.push(JSON.stringify(rest.slice(0, open)), `(${rest.slice(open + 2, close)})`);
		rest = rest.slice(close + 2);
	}
	parts.push(JSON.stringify(rest));
	return `String(${parts.join(' + ')})`;
}

/**
 * For the demo: an active copy of every example with its outside services replaced by the sink,
 * so a chat started in the sandbox visibly runs them. Operator pickers left empty in an example
 * (the operator a bot writes as) are set to the sandbox's owner; the sink plays the LLM.
 */
export async function activateDemoCopies(
	{ n8n, credential, hubspotCredential, sink, sandbox },
	dir,
) {
	sink.reply(channelOf('AI Agent'), () => ({
		output:
			'Thanks for your message! (This reply comes from the local sink standing in for the LLM.)',
	}));
	const activated = [];
	for (const { workflow } of readExamples(dir)) {
		const copy = withSink(useCredential(workflow, credential, hubspotCredential), sink.url);
		copy.name = `${workflow.name} [demo: services -> local sink]`;
		for (const node of copy.nodes) {
			const operator = node.parameters?.operatorId;
			if (node.type === 'n8n-nodes-chaport.chaport' && operator && operator.value === '') {
				node.parameters.operatorId = { __rl: true, mode: 'id', value: sandbox.ownerId };
			}
		}
		const created = await n8n.createWorkflow(copy);
		await n8n.activate(created.id);
		activated.push(created);
	}
	return activated;
}
