import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { paths } from '../../../shared/apiContract';
import { chaportRequestPages } from '../../../shared/transport/pagination';
import { simplifyVisitor } from '../../helpers/simplify';
import { limitField, returnAllField, simplifyField } from '../common.descriptions';
import { readBoolean, readResultLimit } from '../../../shared/validation';

const properties: INodeProperties[] = [returnAllField, limitField, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['visitor'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const limit = readResultLimit(this, itemIndex);
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);
	const visitors = await chaportRequestPages.call(
		this,
		{ method: 'GET', path: paths.visitors(), itemIndex },
		limit,
	);
	return simplify ? visitors.map(simplifyVisitor) : visitors;
}
