import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getVisitor } from '../../../shared/api';
import { simplifyVisitor } from '../../helpers/simplify';
import { simplifyField, visitorLocator } from '../common.descriptions';
import { readVisitorId } from '../common.parameters';
import { readBoolean } from '../../../shared/validation';

const properties: INodeProperties[] = [visitorLocator, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['visitor'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);
	const visitor = await getVisitor.call(this, visitorId, itemIndex);
	return [simplify ? simplifyVisitor(visitor) : visitor];
}
