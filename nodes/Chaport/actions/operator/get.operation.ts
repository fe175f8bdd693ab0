import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestObject, target } from '../../../shared/api';
import { simplifyOperator } from '../../helpers/simplify';
import { operatorLocator } from '../../../shared/descriptions';
import { simplifyField } from '../common.descriptions';
import { readOperatorId } from '../common.parameters';
import { readBoolean } from '../../../shared/validation';

const properties: INodeProperties[] = [operatorLocator(), simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['operator'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const operatorId = readOperatorId.call(this, itemIndex);
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);
	const operator = await requestObject.call(this, 'GET', target.operator(operatorId), itemIndex);
	return [simplify ? simplifyOperator(operator) : operator];
}
