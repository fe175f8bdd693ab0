import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { paths } from '../../../shared/apiContract';
import { chaportResult } from '../../../shared/transport';
import { asObject } from '../../../shared/utils';
import { subscriptionIdField, subscriptionIdParameter, subscriptionSubject } from './fields';

const properties: INodeProperties[] = [subscriptionIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const subscriptionId = subscriptionIdParameter.call(this, itemIndex);
	const subscription = asObject(
		await chaportResult.call(this, {
			method: 'GET',
			path: paths.subscription(subscriptionId),
			subject: subscriptionSubject(subscriptionId),
			ids: { subscription: subscriptionId },
			itemIndex,
		}),
	);
	return [subscription];
}
