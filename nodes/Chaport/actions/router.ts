import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { limitRequestsInFlight, mapInOrder } from '../../shared/transport/execution';
import * as chat from './chat/Chat.resource';
import { orderKeyFor, readConcurrency } from './concurrency';
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

	// Read before any request: a bad value fails the node, not an item.
	const concurrency = readConcurrency(this);
	limitRequestsInFlight(this, concurrency);

	const perItem = await mapInOrder(
		items.length,
		concurrency,
		async (itemIndex): Promise<INodeExecutionData[]> => {
			try {
				const results = await module.execute.call(this, itemIndex);
				return results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			} catch (error) {
				if (this.continueOnFail()) {
					return [{ json: errorItem(error), pairedItem: { item: itemIndex } }];
				}
				throw error instanceof NodeOperationError || error instanceof NodeApiError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		},
		orderKeyFor(this, resource, operation),
	);
	const output: INodeExecutionData[] = [];
	for (const results of perItem) for (const item of results) output.push(item);
	return [output];
}
