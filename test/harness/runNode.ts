import { WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import { CHAPORT_NODE_TYPE, TestNodeTypes } from './nodeTypes';

export const nodeTypes = new TestNodeTypes();

export interface RunNodeOptions {
	parameters: INodeParameters;
	/** Input items' JSON; one empty item by default. */
	input?: IDataObject[];
	credentials?: ICredentialDataDecryptedObject;
	onError?: INode['onError'];
	/** n8n's node settings, e.g. { retryOnFail: true, maxTries: 5, waitBetweenTries: 0 }. */
	settings?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>;
	nodeType?: string;
}

export interface RunNodeResult {
	status: IRun['status'];
	/** Items on the main output. */
	output: INodeExecutionData[];
	/** Items on the error output (only with onError: 'continueErrorOutput'). */
	errorOutput: INodeExecutionData[];
	/** The error the node raised, if the run failed. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	run: IRun;
}

export function chaportCredentials(
	baseUrl: string,
	accessToken: string,
): ICredentialDataDecryptedObject {
	return { accessToken, region: 'custom', baseUrl };
}

/** Runs one Chaport node inside a real n8n-core WorkflowExecute, as n8n would. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const node: INode = {
		id: 'chaport-node-1',
		name: 'Chaport',
		type: options.nodeType ?? CHAPORT_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { chaportApi: { id: 'cred-1', name: 'Chaport account' } },
		...(options.onError ? { onError: options.onError } : {}),
		...(options.settings ?? {}),
	};
	const workflowData: IWorkflowBase = {
		id: 'wf-1',
		name: 'test',
		active: false,
		isArchived: false,
		nodes: [node],
		connections: {},
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: 'wf-1',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const additionalData = buildAdditionalData({
		credentials: {
			chaportApi:
				options.credentials ?? chaportCredentials('https://chaport.test/api/v1', 'test-token'),
		},
		workflowData,
	});
	const input = (options.input ?? [{}]).map((json) => ({ json }));
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node, data: { main: [input] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: null,
		},
	} as unknown as IRunExecutionData;

	const run = await new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	const taskData = run.data.resultData.runData[node.name]?.[0];
	const main = taskData?.data?.main ?? [];
	return {
		status: run.status,
		output: (main[0] ?? []) as INodeExecutionData[],
		errorOutput: (main[1] ?? []) as INodeExecutionData[],
		error: (run.data.resultData.error ?? taskData?.error) as RunNodeResult['error'],
		run,
	};
}
