import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestObject, target } from '../../../shared/api';
import { subscriptionIdField, subscriptionIdParameter, TRIGGER_NOTE } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: `${TRIGGER_NOTE}. Deleting a subscription of an active Chaport Trigger stops that workflow from receiving the event.`,
		name: 'triggerNotice',
		type: 'notice',
		default: '',
	},
	subscriptionIdField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const subscriptionId = subscriptionIdParameter.call(this, itemIndex);
	// Chaport's answer body is not documented; any 2xx means the subscription is gone.
	await requestObject.call(this, 'DELETE', target.subscription(subscriptionId), itemIndex);
	return [{ deleted: true }];
}
