import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildSubscriptionBody, paths } from '../../../shared/apiContract';
import { listSubscriptions } from '../../../shared/api';
import { chaportResult } from '../../../shared/transport';
import { readBoolean, validateHttpUrl } from '../../../shared/validation';
import { asObject } from '../../../shared/utils';
import { TRIGGER_NOTE, eventField, eventParameter, redactSubscription } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: `${TRIGGER_NOTE}. A subscription made here is not removed when a workflow stops.`,
		name: 'triggerNotice',
		type: 'notice',
		default: '',
	},
	eventField(
		'The Chaport event to subscribe to (one event per subscription). Another Chaport event name, e.g. chat.newEvent.botMessage, can be given as an expression.',
		true,
	),
	{
		displayName: 'Target URL',
		name: 'targetUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/hooks/chaport',
		description: 'The http:// or https:// address Chaport sends the event to, as a JSON POST',
	},
	{
		displayName: 'Essential',
		name: 'essential',
		type: 'boolean',
		default: true,
		description:
			"Whether to mark the subscription as essential (Chaport's 'essential' flag; its exact effect is undocumented, and integrations set it to true)",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const event = eventParameter.call(this, this.getNodeParameter('event', itemIndex), itemIndex);
	const targetUrl = validateHttpUrl(
		this,
		this.getNodeParameter('targetUrl', itemIndex),
		'Target URL',
		itemIndex,
	);
	const essential = readBoolean(this, 'essential', 'Essential', true, itemIndex);
	const body = buildSubscriptionBody({ targetUrl, event, essential });

	const created = asObject(
		await chaportResult.call(this, {
			method: 'POST',
			path: paths.subscriptions(),
			body,
			// A repeated create would subscribe twice and deliver every event twice.
			retryable: false,
			itemIndex,
		}),
	);
	if (created.id !== undefined) return [redactSubscription(created)];

	// The create answer is undocumented: without an id, find the subscription in the list.
	const match = (await listSubscriptions.call(this, itemIndex))
		.filter((subscription) => subscription.event === event && subscription.targetUrl === targetUrl)
		.pop();
	return [redactSubscription(match ?? { ...body, ...created })];
}
