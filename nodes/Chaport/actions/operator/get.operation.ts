import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { paths } from '../../../shared/apiContract';
import { chaportResult } from '../../../shared/transport';
import { requireHexId } from '../../../shared/validation';
import { asObject, simplifyOperator } from '../../helpers/simplify';
import { operatorLocator, simplifyField } from '../common.descriptions';

const properties: INodeProperties[] = [operatorLocator(), simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['operator'], operation: ['get'] } },
	properties,
);

/** The operator ID of the 'Operator' locator, checked before any request. */
export function operatorIdParameter(this: IExecuteFunctions, itemIndex: number): string {
	return requireHexId(
		this,
		this.getNodeParameter('operatorId', itemIndex, '', { extractValue: true }),
		'Operator',
		itemIndex,
	);
}

export const operatorSubject = (operatorId: string) => `operator "${operatorId}"`;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const operatorId = operatorIdParameter.call(this, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const operator = asObject(
		await chaportResult.call(this, {
			method: 'GET',
			path: paths.operator(operatorId),
			subject: operatorSubject(operatorId),
			itemIndex,
		}),
	);
	return [simplify ? simplifyOperator(operator) : operator];
}
