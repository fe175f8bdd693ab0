// Webhook subscription endpoints.

import { badRequest, notFound } from '../errors';
import type { SandboxState } from '../store';
import type { Subscription } from '../types';
import { subscriptionView } from '../views';
import { deleted, type Route, route } from './router';
import { has, objectBody, optionalBoolean, requiredString } from './validate';

/** chat.started, chat.finished, chat.newEvent.<camelCaseType> (pattern unconfirmed). */
const EVENT_NAME = /^chat\.(started|finished|newEvent\.[a-z][a-zA-Z0-9]*)$/;

function findSubscription(state: SandboxState, id: string): Subscription {
	const subscription = state.findSubscription(id);
	if (!subscription) throw notFound(`Subscription ${id} not found`);
	return subscription;
}

function targetUrl(value: string): string {
	let protocol: string;
	try {
		protocol = new URL(value).protocol;
	} catch {
		throw badRequest('"targetUrl" must be an absolute URL', 'invalid_value');
	}
	if (protocol !== 'http:' && protocol !== 'https:') {
		throw badRequest('"targetUrl" must be an http(s) URL', 'invalid_value');
	}
	return value;
}

function eventName(value: string): string {
	if (!EVENT_NAME.test(value)) {
		throw badRequest(
			'"event" must be chat.started, chat.finished or chat.newEvent.<type>',
			'invalid_value',
		);
	}
	return value;
}

export const subscriptionRoutes: Route[] = [
	route('GET', '/events/subscriptions', ({ state }) => ({
		body: { result: state.subscriptions.map(subscriptionView) },
	})),

	// Path unconfirmed.
	route('GET', '/events/subscriptions/:subscriptionId', ({ state, params }) => ({
		body: { result: subscriptionView(findSubscription(state, params[0])) },
	})),

	// `essential` defaults to true (unconfirmed; duplicates are not rejected.
	route('POST', '/events/subscriptions', ({ state, body: raw, options }) => {
		const body = objectBody(raw);
		const url = targetUrl(requiredString(body, 'targetUrl'));
		const event = eventName(requiredString(body, 'event'));
		const essential = optionalBoolean(body, 'essential') ?? true;
		const subscription: Subscription = {
			id: state.newSubscriptionId(),
			targetUrl: url,
			event,
			essential,
			createdAt: state.nowIso(),
		};
		state.subscriptions.push(subscription);
		// Switch subscriptionCreateResponse: no id comes back, the node must find it in the list.
		if (options.alternatives.subscriptionCreateResponse === 'empty') return { body: {} };
		return { body: { result: subscriptionView(subscription) } };
	}),

	// Partial update: path/method unconfirmed.
	route('PUT', '/events/subscriptions/:subscriptionId', ({ state, params, body: raw }) => {
		const body = objectBody(raw);
		const subscription = findSubscription(state, params[0]);
		const url = has(body, 'targetUrl') ? targetUrl(requiredString(body, 'targetUrl')) : undefined;
		const event = has(body, 'event') ? eventName(requiredString(body, 'event')) : undefined;
		const essential = optionalBoolean(body, 'essential');
		if (url !== undefined) subscription.targetUrl = url;
		if (event !== undefined) subscription.event = event;
		if (essential !== undefined) subscription.essential = essential;
		return { body: { result: subscriptionView(subscription) } };
	}),

	// Unconfirmed: `{ result: true }`, 404 when already gone.
	route('DELETE', '/events/subscriptions/:subscriptionId', ({ state, params, options }) => {
		const subscription = findSubscription(state, params[0]);
		state.subscriptions = state.subscriptions.filter((s) => s.id !== subscription.id);
		return deleted(options);
	}),
];
