import { ExecutionLifecycleHooks } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';

export const WEBHOOK_BASE_URL = 'https://n8n.example.test/webhook';
export const WEBHOOK_TEST_BASE_URL = 'https://n8n.example.test/webhook-test';

export interface AdditionalDataOptions {
	credentials: Record<string, ICredentialDataDecryptedObject>;
	workflowData: IWorkflowBase;
	webhookBaseUrl?: string;
	webhookTestBaseUrl?: string;
}

export function buildAdditionalData(
	options: AdditionalDataOptions,
): IWorkflowExecuteAdditionalData {
	const hooks = new ExecutionLifecycleHooks('manual', '1', options.workflowData);
	return {
		hooks,
		credentialsHelper: new TestCredentialsHelper(options.credentials),
		currentNodeExecutionIndex: 0,
		restApiUrl: 'https://n8n.example.test/rest',
		instanceBaseUrl: 'https://n8n.example.test/',
		webhookBaseUrl: options.webhookBaseUrl ?? WEBHOOK_BASE_URL,
		webhookTestBaseUrl: options.webhookTestBaseUrl ?? WEBHOOK_TEST_BASE_URL,
		webhookWaitingBaseUrl: 'https://n8n.example.test/webhook-waiting',
		formBaseUrl: 'https://n8n.example.test/form',
		formTestBaseUrl: 'https://n8n.example.test/form-test',
		formWaitingBaseUrl: 'https://n8n.example.test/form-waiting',
		mcpBaseUrl: 'https://n8n.example.test/mcp',
		mcpTestBaseUrl: 'https://n8n.example.test/mcp-test',
		variables: {},
		executeWorkflow: async () => {
			throw new Error('executeWorkflow is not available in the test harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not available in the test harness');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}
