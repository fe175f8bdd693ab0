import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestObject, target } from '../../../shared/api';
import { visitorLocator } from '../common.descriptions';
import { readVisitorId } from '../common.parameters';

const properties: INodeProperties[] = [visitorLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['visitor'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	await requestObject.call(this, 'DELETE', target.visitor(visitorId), itemIndex);
	return [{ deleted: true }];
}
