import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestObject, target } from '../../../shared/api';
import { operatorLocator } from '../../../shared/descriptions';
import { readOperatorId } from '../common.parameters';

const properties: INodeProperties[] = [
	operatorLocator({
		description:
			'The Chaport operator to remove from the account. The account owner cannot be deleted.',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['operator'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const operatorId = readOperatorId.call(this, itemIndex);
	// Chaport's answer body is not documented; any 2xx means the operator is gone.
	await requestObject.call(this, 'DELETE', target.operator(operatorId), itemIndex);
	return [{ deleted: true }];
}
