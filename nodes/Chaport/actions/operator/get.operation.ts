import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { paths } from '../../../shared/apiContract';
import { chaportResult } from '../../../shared/transport';
import { asObject } from '../../../shared/utils';
import { simplifyOperator } from '../../helpers/simplify';
import { operatorLocator } from '../../../shared/descriptions';
import { simplifyField } from '../common.descriptions';
import { readOperatorId } from '../common.parameters';
import { operatorSubject } from './fields';

const properties: INodeProperties[] = [operatorLocator(), simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['operator'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const operatorId = readOperatorId.call(this, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const operator = asObject(
		await chaportResult.call(this, {
			method: 'GET',
			path: paths.operator(operatorId),
			subject: operatorSubject(operatorId),
			ids: { operator: operatorId },
			itemIndex,
		}),
	);
	return [simplify ? simplifyOperator(operator) : operator];
}
