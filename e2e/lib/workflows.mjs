// Builders for the workflows the suite creates through the public API, and a way to run a
// workflow on demand: the public API has no "execute" endpoint, so each test workflow starts with
// a Webhook node that answers with the last node's items once the run has finished.
import { randomUUID } from 'node:crypto';

import { nodeOutput } from './n8n.mjs';
import { http, waitFor } from './net.mjs';
import { CREDENTIAL_NAME } from './stack.mjs';

export const CHAPORT = 'n8n-nodes-chaport.chaport';
export const CHAPORT_TRIGGER = 'n8n-nodes-chaport.chaportTrigger';

export function credentialRef(credential) {
	return { chaportApi: { id: credential.id, name: credential.name ?? CREDENTIAL_NAME } };
}

/** A Chaport action node. `parameters` are the node's parameters (resource, operation, …). */
export function chaportNode(name, parameters, credential) {
	return {
		id: randomUUID(),
		name,
		type: CHAPORT,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: credentialRef(credential),
	};
}

/** A resource-locator value given by ID, as the editor stores it. */
export const byId = (value) => ({ __rl: true, mode: 'id', value });

/** An n8n HTTP Request node (v4.2) posting the incoming item to the sink under `channel`. */
export function sinkNode(name, sinkUrl, channel, jsonBody = '={{ JSON.stringify($json) }}') {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [0, 0],
		parameters: {
			method: 'POST',
			url: `${sinkUrl}/${channel}`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody,
			options: {},
		},
	};
}

/**
 * A workflow `Webhook -> nodes[0] -> nodes[1] -> …`, laid out left to right. The webhook answers
 * with every item of the last node, so a POST runs the chain and returns its output.
 */
export function webhookChain(name, nodes) {
	const path = `e2e-${randomUUID()}`;
	const webhook = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
	const all = [webhook, ...nodes].map((node, i) => ({ ...node, position: [i * 220, 0] }));
	const connections = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes: all, connections, settings: { executionOrder: 'v1' }, path };
}

/**
 * Creates and activates `workflow` (from webhookChain), POSTs `body` to its production URL, and
 * returns the finished execution with its data plus the webhook's answer. The workflow is
 * deactivated afterwards so it leaves nothing registered.
 */
export async function runChain(n8n, workflow, body = {}) {
	const created = await n8n.createWorkflow(workflow);
	await n8n.activate(created.id);
	try {
		// n8n 2.41 answers 404 for a moment after activation, until its webhook registry has the
		// new path; a 404 runs nothing, so retrying is safe
		const response = await waitFor(`the webhook of workflow ${created.id}`, async () => {
			const res = await http('POST', `${n8n.url}/webhook/${workflow.path}`, {
				json: body,
				timeoutMs: 60000,
			});
			return res.status === 404 ? false : res;
		});
		const [summary] = await n8n.waitForExecutions(created.id, 1);
		const execution = await n8n.api('GET', `/executions/${summary.id}?includeData=true`);
		return { workflowId: created.id, response, execution };
	} finally {
		await n8n.deactivate(created.id);
	}
}

/**
 * Runs `Webhook -> one Chaport node` named `name` with `parameters`; returns that node's output
 * items (json). Throws with n8n's error message when the node failed.
 */
export async function runChaport({ n8n, credential }, name, parameters) {
	const workflow = webhookChain(`e2e: ${name}`, [chaportNode(name, parameters, credential)]);
	const { execution } = await runChain(n8n, workflow);
	const items = nodeOutput(execution, name);
	if (execution.status !== 'success')
		throw new Error(`execution ${execution.id} ended ${execution.status}`);
	return items;
}

/**
 * Waits until the Chaport Trigger whose webhook path is `webhookId` (in a workflow just activated)
 * listens: the sandbox has its subscription, and n8n serves the production URL. n8n answers 404
 * for a moment after activation, and a delivery that meets the 404 is lost (Chaport does not
 * retry); once the URL is live, a POST without the trigger's secret gets 401 and starts nothing.
 * Returns the trigger's subscriptions.
 */
export async function triggerListening({ sandbox }, webhookId) {
	const subscriptions = await waitFor('the trigger subscription', async () => {
		const mine = (await sandbox.subscriptions()).filter((s) => s.targetUrl.includes(webhookId));
		return mine.length > 0 && mine;
	});
	const url = subscriptions[0].targetUrl.split('?')[0];
	await waitFor('the trigger webhook to be live', async () => {
		const res = await http('POST', url, { json: {} });
		return res.status === 401;
	});
	return subscriptions;
}
