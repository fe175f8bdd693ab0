import { HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { buildAdditionalData, WEBHOOK_BASE_URL, WEBHOOK_TEST_BASE_URL } from './additionalData';
import { CHAPORT_TRIGGER_NODE_TYPE } from './nodeTypes';
import { chaportCredentials, nodeTypes } from './runNode';

export interface TriggerHarnessOptions {
	parameters: INodeParameters;
	credentials?: ICredentialDataDecryptedObject;
	/** Pass the same object to a later harness to model n8n keeping static data between activations. */
	staticData?: IDataObject;
	workflowId?: string;
	webhookId?: string;
	isTest?: boolean;
	webhookBaseUrl?: string;
	webhookTestBaseUrl?: string;
}

export interface IncomingRequest {
	body?: unknown;
	query?: Record<string, string>;
	headers?: Record<string, string>;
}

export interface WebhookCallResult {
	result: IWebhookResponseData;
	/** What webhook() wrote itself (e.g. a 401), when it took over the response. */
	response: { status?: number; body?: unknown; ended: boolean };
}

/**
 * Drives a trigger node's webhook lifecycle through n8n-core's own HookContext and WebhookContext,
 * the way n8n does on publish, "Listen for test event", deactivation and incoming requests.
 */
export function createTriggerHarness(options: TriggerHarnessOptions) {
	const workflowId = options.workflowId ?? 'wf-trigger-1';
	const node: INode = {
		id: `node-${workflowId}`,
		name: 'Chaport Trigger',
		type: CHAPORT_TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { chaportApi: { id: 'cred-1', name: 'Chaport account' } },
		webhookId: options.webhookId ?? `hook-${workflowId}`,
	};
	const staticData = options.staticData ?? {};
	const workflow = new Workflow({
		id: workflowId,
		nodes: [node],
		connections: {},
		active: !options.isTest,
		nodeTypes,
		staticData,
		settings: { executionOrder: 'v1' },
	});
	const workflowData = {
		id: workflowId,
		name: 'trigger test',
		nodes: [node],
		connections: {},
	} as unknown as IWorkflowBase;
	const additionalData: IWorkflowExecuteAdditionalData = buildAdditionalData({
		credentials: {
			chaportApi:
				options.credentials ?? chaportCredentials('https://chaport.test/api/v1', 'test-token'),
		},
		workflowData,
		webhookBaseUrl: options.webhookBaseUrl ?? WEBHOOK_BASE_URL,
		webhookTestBaseUrl: options.webhookTestBaseUrl ?? WEBHOOK_TEST_BASE_URL,
	});
	const nodeType = nodeTypes.getByNameAndVersion(CHAPORT_TRIGGER_NODE_TYPE, 1) as INodeType;
	const webhookDescription = nodeType.description.webhooks![0];
	const webhookData: IWebhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: String(webhookDescription.path),
		webhookDescription,
		workflowId,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest: options.isTest ?? false,
	};
	const mode = options.isTest ? 'manual' : 'trigger';
	const hookContext = () =>
		new HookContext(
			workflow,
			node,
			additionalData,
			mode,
			options.isTest ? 'manual' : 'activate',
			webhookData,
		);
	const methods = nodeType.webhookMethods!.default!;

	return {
		workflow,
		node,
		/** The object n8n persists as the workflow's static data. */
		staticData,
		nodeStaticData: () => (staticData[`node:${node.name}`] ?? {}) as IDataObject,
		webhookUrl: () => hookContext().getNodeWebhookUrl('default') as string,
		checkExists: async () => await methods.checkExists.call(hookContext()),
		create: async () => await methods.create.call(hookContext()),
		delete: async () => await methods.delete.call(hookContext()),
		/** n8n's activation sequence: create only when checkExists says nothing is there. */
		activate: async () => {
			if (!(await methods.checkExists.call(hookContext())))
				await methods.create.call(hookContext());
		},
		receive: async (request: IncomingRequest): Promise<WebhookCallResult> => {
			const response: WebhookCallResult['response'] = { ended: false };
			const headers = Object.fromEntries(
				Object.entries(request.headers ?? { 'content-type': 'application/json' }).map(([k, v]) => [
					k.toLowerCase(),
					v,
				]),
			);
			const rawBody = Buffer.from(request.body === undefined ? '' : JSON.stringify(request.body));
			const fakeRequest = {
				body: request.body,
				rawBody,
				query: request.query ?? {},
				headers,
				params: {},
				method: 'POST',
				header: (name: string) => headers[name.toLowerCase()],
				get: (name: string) => headers[name.toLowerCase()],
			};
			const fakeResponse = {
				status(code: number) {
					response.status = code;
					return fakeResponse;
				},
				send(body?: unknown) {
					response.body = body;
					response.ended = true;
					return fakeResponse;
				},
				json(body?: unknown) {
					return fakeResponse.send(body);
				},
				end(body?: unknown) {
					return fakeResponse.send(body);
				},
				setHeader() {
					return fakeResponse;
				},
			};
			additionalData.httpRequest =
				fakeRequest as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
			additionalData.httpResponse =
				fakeResponse as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
			const context = new WebhookContext(
				workflow,
				node,
				additionalData,
				mode,
				webhookData,
				[],
				null,
			);
			const result = await nodeType.webhook!.call(context);
			return { result, response };
		},
	};
}

export type TriggerHarness = ReturnType<typeof createTriggerHarness>;
