import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { WEBHOOK_EVENTS } from '../../../shared/apiContract';
import { redactTriggerSecret } from '../../../shared/triggerSecret';
import { invalidParameter, requireId, requireText } from '../../../shared/validation';

/** Reminder shown on every Webhook operation. */
export const TRIGGER_NOTE =
	'The Chaport Trigger node creates and deletes its own subscriptions; use this resource to inspect subscriptions or clean up ones left behind';

export const eventOptions = WEBHOOK_EVENTS.map((event) => ({
	name: event.name,
	value: event.value,
	description: event.confirmed
		? `Chaport's '${event.value}' event`
		: `Chaport's '${event.value}' event (unconfirmed: the name is inferred, Chaport may not send it)`,
})).sort((a, b) => a.name.localeCompare(b.name));

/** The 'Event' choice; another event name can come from an expression. */
export function eventField(description: string, required = false): INodeProperties {
	return {
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: eventOptions,
		default: 'chat.started',
		...(required ? { required } : {}),
		description,
	};
}

export const subscriptionIdField: INodeProperties = {
	displayName: 'Subscription ID',
	name: 'subscriptionId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 66c1d2e3f4a5b6c7d8e9f012',
	description: "ID of the webhook subscription, as returned by 'Get Many' or 'Create'",
};

export function subscriptionIdParameter(this: IExecuteFunctions, itemIndex: number): string {
	return requireId(
		this,
		this.getNodeParameter('subscriptionId', itemIndex, ''),
		'Subscription ID',
		itemIndex,
	);
}

/**
 * An event name: one of the listed ones, or another name given through an expression (Chaport's
 * full list is unknown), as long as it looks like one.
 */
export function eventParameter(this: IExecuteFunctions, value: unknown, itemIndex: number): string {
	const event = requireText(this, value, 'Event', itemIndex).trim();
	if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/.test(event)) {
		throw invalidParameter(
			this,
			'Event',
			`is not a Chaport event name: "${event}"`,
			itemIndex,
			`Use one of ${WEBHOOK_EVENTS.map((e) => e.value).join(', ')}, or another name of the same dotted form.`,
		);
	}
	return event;
}

/** A subscription as output: the Chaport Trigger's secret in its targetUrl is never shown. */
export function redactSubscription(subscription: IDataObject): IDataObject {
	return typeof subscription.targetUrl === 'string'
		? { ...subscription, targetUrl: redactTriggerSecret(subscription.targetUrl) }
		: subscription;
}
