import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as chat from './chat/Chat.resource';
import * as message from './message/Message.resource';
import * as operator from './operator/Operator.resource';
import type { ChaportResource, OperationModule } from './types';
import * as visitor from './visitor/Visitor.resource';
import * as webhook from './webhook/Webhook.resource';

const resources: Record<ChaportResource, { operations: Record<string, OperationModule> }> = {
	chat,
	message,
	operator,
	visitor,
	webhook,
};

function errorItem(error: Error & { description?: unknown }): IDataObject {
	// Only these keys let n8n route the item to the error output ("Continue (using error output)").
	const json: IDataObject = { error: error.message };
	if (typeof error.description === 'string' && error.description) json.details = error.description;
	return json;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as ChaportResource;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = resources[resource]?.operations[operation];
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not known for the resource "${resource}"`,
		);
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const results = await module.execute.call(this, itemIndex);
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({
					json: errorItem(error),
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw error instanceof NodeOperationError || error instanceof NodeApiError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return [output];
}
