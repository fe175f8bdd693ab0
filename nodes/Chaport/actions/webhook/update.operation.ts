import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestObject, target } from '../../../shared/api';
import { buildSubscriptionBody } from '../../../shared/apiContract';
import {
	readCollection,
	requireFieldsToChange,
	strictBoolean,
	validateHttpUrl,
} from '../../../shared/validation';
import {
	eventField,
	eventParameter,
	redactSubscription,
	subscriptionIdField,
	subscriptionIdParameter,
} from './fields';
import { collection } from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	subscriptionIdField,
	collection(
		'updateFields',
		[
			{
				displayName: 'Essential',
				name: 'essential',
				type: 'boolean',
				default: true,
				description:
					"Whether the subscription is marked as essential (Chaport's 'essential' flag; its exact effect is undocumented)",
			},
			eventField(
				'The Chaport event the subscription listens to. Another event name can be given as an expression.',
			),
			{
				displayName: 'Target URL',
				name: 'targetUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/hooks/chaport',
				description: 'The http:// or https:// address Chaport sends the event to',
			},
		],
		'Only the fields added here are changed; everything else stays as it is',
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const subscriptionId = subscriptionIdParameter.call(this, itemIndex);
	const fields = readCollection(this, 'updateFields', 'Update Fields', itemIndex);
	const body = buildSubscriptionBody({
		targetUrl:
			fields.targetUrl === undefined
				? undefined
				: validateHttpUrl(this, fields.targetUrl, 'Target URL', itemIndex),
		event:
			fields.event === undefined ? undefined : eventParameter.call(this, fields.event, itemIndex),
		essential:
			fields.essential === undefined
				? undefined
				: strictBoolean(this, fields.essential, 'Essential', itemIndex),
	});
	requireFieldsToChange(this, body, itemIndex);

	const subscription = await requestObject.call(
		this,
		'PUT',
		target.subscription(subscriptionId),
		itemIndex,
		{ body },
	);
	return [redactSubscription(subscription)];
}
