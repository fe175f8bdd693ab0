import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { paths } from '../../../shared/apiContract';
import { visitorSubject } from '../../../shared/api';
import { chaportRequest } from '../../../shared/transport';
import { visitorLocator } from '../common.descriptions';
import { readVisitorId } from '../common.parameters';

const properties: INodeProperties[] = [visitorLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['visitor'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	await chaportRequest.call(this, {
		method: 'DELETE',
		path: paths.visitor(visitorId),
		subject: visitorSubject(visitorId),
		ids: { visitor: visitorId },
		itemIndex,
	});
	return [{ deleted: true }];
}
