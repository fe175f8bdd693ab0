import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listSubscriptions } from '../../../shared/api';
import { firstMatching } from '../../../shared/utils';
import { readCollection, readResultLimit } from '../../../shared/validation';
import { limitField, returnAllField } from '../common.descriptions';
import { eventField, eventParameter, redactSubscription } from './fields';
import { collection } from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	collection(
		'filters',
		[
			eventField(
				'Only subscriptions to this Chaport event. Another event name can be given as an expression.',
			),
			{
				displayName: 'Target URL Contains',
				name: 'targetUrlContains',
				type: 'string',
				default: '',
				placeholder: 'e.g. n8n.example.com/webhook',
				description:
					"Only subscriptions whose target URL contains this text (case-insensitive), e.g. this n8n instance's host to find its subscriptions",
			},
		],
		'Only subscriptions matching every filter added here are returned',
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const limit = readResultLimit(this, itemIndex);
	const filters = readCollection(this, 'filters', 'Filters', itemIndex);
	const event =
		filters.event === undefined ? undefined : eventParameter.call(this, filters.event, itemIndex);
	const urlPart =
		typeof filters.targetUrlContains === 'string' && filters.targetUrlContains.trim()
			? filters.targetUrlContains.trim().toLowerCase()
			: undefined;

	// GET /events/subscriptions has no pagination or filters: the whole list is cut here.
	const matching = firstMatching(await listSubscriptions.call(this, itemIndex), limit, [
		event === undefined ? undefined : (subscription) => subscription.event === event,
		urlPart === undefined
			? undefined
			: (subscription) =>
					String(subscription.targetUrl ?? '')
						.toLowerCase()
						.includes(urlPart),
	]);
	return matching.map(redactSubscription);
}
