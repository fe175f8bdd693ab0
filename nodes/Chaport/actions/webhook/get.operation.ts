import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestObject, target } from '../../../shared/api';
import { redactSubscription, subscriptionIdField, subscriptionIdParameter } from './fields';

const properties: INodeProperties[] = [subscriptionIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const subscriptionId = subscriptionIdParameter.call(this, itemIndex);
	const subscription = await requestObject.call(
		this,
		'GET',
		target.subscription(subscriptionId),
		itemIndex,
	);
	return [redactSubscription(subscription)];
}
