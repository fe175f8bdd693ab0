import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { buildSubscriptionBody, parseSubscription, paths } from '../shared/apiContract';
import { listSubscriptions } from '../shared/api';
import { chaportRequest } from '../shared/transport';
import { errorText, isNotFound } from '../shared/utils';
import { generateSecret, sameWebhookUrl, secretFromUrl, withSecret } from './secret';
import type { StoredSubscription } from './state';
import { getStoredSubscriptions, setStoredSubscriptions } from './state';

interface RemoteSubscription {
	id: string;
	event: string;
	targetUrl: string;
}

/** The selected Chaport event names, without duplicates. */
export function selectedEvents(context: { getNodeParameter: IHookFunctions['getNodeParameter'] }) {
	const value = context.getNodeParameter('events', []) as unknown;
	const events = Array.isArray(value) ? value : [value];
	return [...new Set(events.filter((e): e is string => typeof e === 'string' && e !== ''))];
}

export function triggerOptions(context: {
	getNodeParameter: IHookFunctions['getNodeParameter'];
}): IDataObject {
	const options = context.getNodeParameter('options', {}) as unknown;
	return options && typeof options === 'object' ? (options as IDataObject) : {};
}

async function listRemoteSubscriptions(this: IHookFunctions): Promise<RemoteSubscription[]> {
	return (await listSubscriptions.call(this))
		.map(parseSubscription)
		.filter((s): s is RemoteSubscription => !!(s.id && s.event && s.targetUrl));
}

type StoredCheck =
	| { status: 'live'; subscription: StoredSubscription }
	| { status: 'gone' | 'changed' }
	| { status: 'unknown' };

/** Brings a stored subscription up to date with what Chaport reports for it. */
function refreshFromRemote(
	stored: StoredSubscription,
	remote: { event?: string; targetUrl?: string },
	webhookUrl: string,
): StoredCheck {
	if (remote.targetUrl && !sameWebhookUrl(remote.targetUrl, webhookUrl))
		return { status: 'changed' };
	if (remote.event && remote.event !== stored.event) return { status: 'changed' };
	if (!remote.targetUrl) return { status: 'live', subscription: stored };
	// Chaport calls the URL it has, so its secret is the one deliveries will carry.
	return {
		status: 'live',
		subscription: {
			...stored,
			targetUrl: remote.targetUrl,
			secret: secretFromUrl(remote.targetUrl) ?? stored.secret,
		},
	};
}

async function checkStoredSubscription(
	this: IHookFunctions,
	stored: StoredSubscription,
	webhookUrl: string,
): Promise<StoredCheck> {
	try {
		const response = await chaportRequest.call(this, {
			method: 'GET',
			path: paths.subscription(stored.id),
			subject: `event subscription "${stored.id}"`,
		});
		return refreshFromRemote(stored, parseSubscription(response.result), webhookUrl);
	} catch (error) {
		if (isNotFound(error)) return { status: 'gone' };
		// The single-subscription path is unconfirmed: fall back to the list instead of failing.
		this.logger.debug(
			`Chaport Trigger: could not read subscription ${stored.id}, checking the list instead`,
			{ error: errorText(error) },
		);
		return { status: 'unknown' };
	}
}

/** What the lifecycle has to do for one webhook URL, given the subscriptions it holds. */
export interface SubscriptionPlan {
	/** Held subscriptions of selected events: left as they are. */
	keep: StoredSubscription[];
	/** Selected events without a held subscription: to be created. */
	missing: string[];
	/** Held subscriptions of events no longer selected: to be removed. */
	surplus: StoredSubscription[];
}

/** The one place that decides which subscriptions exist, are missing or are surplus. */
export function planSubscriptions(held: StoredSubscription[], events: string[]): SubscriptionPlan {
	return {
		keep: held.filter((s) => events.includes(s.event)),
		missing: events.filter((event) => !held.some((s) => s.event === event)),
		surplus: held.filter((s) => !events.includes(s.event)),
	};
}

/**
 * The subscriptions this node holds for `webhookUrl`, checked against Chaport: stored ones that are
 * gone or changed are dropped, and lost IDs are recovered by adopting subscriptions that already
 * point at this URL (with their secret), so no duplicate is created. Never deletes.
 */
async function reconcileHeld(
	this: IHookFunctions,
	webhookUrl: string,
	events: string[],
): Promise<StoredSubscription[]> {
	const verifySecret = triggerOptions(this).verifySecret !== false;
	const current: StoredSubscription[] = [];
	const unverified: StoredSubscription[] = [];
	for (const stored of getStoredSubscriptions(this, webhookUrl)) {
		const check = await checkStoredSubscription.call(this, stored, webhookUrl);
		if (check.status === 'live') current.push(check.subscription);
		else if (check.status === 'unknown') unverified.push(stored);
		else {
			this.logger.debug(`Chaport Trigger: subscription ${stored.id} is ${check.status}`, {
				event: stored.event,
			});
		}
	}

	if (unverified.length || planSubscriptions(current, events).missing.length) {
		const remote = await listRemoteSubscriptions.call(this);
		for (const stored of unverified) {
			const listed = remote.find((r) => r.id === stored.id);
			const check = listed ? refreshFromRemote(stored, listed, webhookUrl) : undefined;
			if (check?.status === 'live') current.push(check.subscription);
		}
		for (const candidate of remote) {
			if (current.some((s) => s.id === candidate.id)) continue;
			if (!sameWebhookUrl(candidate.targetUrl, webhookUrl)) continue;
			const secret = secretFromUrl(candidate.targetUrl);
			// Deliveries of a secret-less subscription would all be refused while Verify Secret is on.
			if (!secret && (verifySecret || !events.includes(candidate.event))) {
				this.logger.warn(
					`Chaport Trigger: subscription ${candidate.id} (${candidate.event}) points at this webhook URL without a secret; it is left alone and a new one will be created`,
				);
				continue;
			}
			current.push({ ...candidate, secret });
		}
	}

	return current;
}

/**
 * checkExists: true only when every selected event has a live subscription to this node's webhook
 * URL and none remains for an event no longer selected. What was found is stored for create().
 */
export async function subscriptionsExist(this: IHookFunctions): Promise<boolean> {
	const webhookUrl = this.getNodeWebhookUrl('default');
	if (!webhookUrl) return false;
	const events = selectedEvents(this);
	const held = await reconcileHeld.call(this, webhookUrl, events);
	setStoredSubscriptions(this, webhookUrl, held);
	const plan = planSubscriptions(held, events);
	return plan.missing.length === 0 && plan.surplus.length === 0;
}

const LOOPBACK_HOST = /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\])$/i;
const PRIVATE_HOST =
	/^(10(\.\d{1,3}){3}|192\.168(\.\d{1,3}){2}|172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2})$/;

/** Refuses what Chaport cannot call at all, and warns about what it probably cannot reach. */
function requireRegistrableUrl(this: IHookFunctions, webhookUrl: string | undefined): string {
	let url: URL | undefined;
	try {
		url = webhookUrl ? new URL(webhookUrl) : undefined;
	} catch {
		url = undefined;
	}
	if (!webhookUrl || !url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw new NodeOperationError(
			this.getNode(),
			`The webhook URL "${webhookUrl ?? ''}" cannot be registered with Chaport`,
			{
				description:
					"Chaport delivers events by POSTing to an http(s) URL. Set n8n's WEBHOOK_URL to the public https:// address of this n8n instance and activate the workflow again.",
			},
		);
	}
	if (LOOPBACK_HOST.test(url.hostname) || PRIVATE_HOST.test(url.hostname)) {
		this.logger.warn(
			`Chaport Trigger: the webhook URL ${url.origin} is not reachable from the internet, so Chaport's deliveries will not arrive. Set WEBHOOK_URL to a public https:// address or use a tunnel.`,
		);
	} else if (url.protocol === 'http:') {
		this.logger.warn(
			`Chaport Trigger: the webhook URL ${url.origin} is plain http; Chaport may refuse it and the secret travels unencrypted. Prefer https.`,
		);
	}
	return webhookUrl;
}

async function createSubscription(
	this: IHookFunctions,
	webhookUrl: string,
	event: string,
): Promise<StoredSubscription> {
	const secret = generateSecret();
	const targetUrl = withSecret(webhookUrl, secret);
	const response = await chaportRequest.call(this, {
		method: 'POST',
		path: paths.subscriptions(),
		body: buildSubscriptionBody({ targetUrl, event, essential: true }),
		// Repeating a create that may have gone through would leave a duplicate subscription.
		retryable: false,
		subject: `subscription to "${event}"`,
	});
	let id = parseSubscription(response.result).id;
	if (!id) {
		// The create response is unconfirmed: find the subscription in the list.
		const remote = await listRemoteSubscriptions.call(this);
		id = remote.find(
			(r) =>
				r.event === event &&
				sameWebhookUrl(r.targetUrl, targetUrl) &&
				secretFromUrl(r.targetUrl) === secret,
		)?.id;
	}
	if (!id) {
		throw new NodeApiError(
			this.getNode(),
			{ message: 'No subscription ID in the response or the list' } as JsonObject,
			{
				message: `Chaport accepted the subscription to "${event}" but did not return its ID, and it is not in the list of subscriptions`,
				description:
					'Check the event subscriptions in Chaport (Settings → API / webhooks) and remove any pointing at this workflow, then activate again.',
			},
		);
	}
	return { id, event, targetUrl, secret };
}

/** Deletes subscriptions (404 = already gone); returns, and logs, the ones that could not be. */
async function removeSubscriptions(
	this: IHookFunctions,
	subscriptions: StoredSubscription[],
	why: string,
): Promise<StoredSubscription[]> {
	const notRemoved: StoredSubscription[] = [];
	for (const subscription of subscriptions) {
		try {
			await chaportRequest.call(this, {
				method: 'DELETE',
				path: paths.subscription(subscription.id),
				subject: `event subscription "${subscription.id}"`,
			});
		} catch (error) {
			if (isNotFound(error)) continue;
			notRemoved.push(subscription);
			this.logger.warn(
				`Chaport Trigger: could not remove Chaport subscription ${subscription.id} (${subscription.event}) during ${why}: ${errorText(error)}. Remove it in Chaport if it remains.`,
				{ subscriptionId: subscription.id, event: subscription.event },
			);
		}
	}
	return notRemoved;
}

function creationFailed(
	this: IHookFunctions,
	event: string,
	error: unknown,
	rolledBack: StoredSubscription[],
	notRemoved: StoredSubscription[],
): NodeApiError {
	const cause = errorText(error);
	const httpCode = (error as { httpCode?: string | null })?.httpCode ?? undefined;
	const causeDescription = (error as { description?: string | null })?.description ?? '';
	const rollback = !rolledBack.length
		? 'No subscription was created.'
		: notRemoved.length
			? `The ${rolledBack.length} subscription(s) created just before were to be removed again, but ${notRemoved.map((s) => `${s.id} (${s.event})`).join(', ')} could not be: remove them in Chaport.`
			: `The ${rolledBack.length} subscription(s) created just before were removed again, so nothing is left half set up.`;
	return new NodeApiError(
		this.getNode(),
		{ message: cause, ...(httpCode ? { httpCode } : {}) } as JsonObject,
		{
			message: `Could not subscribe to the Chaport event "${event}": ${cause}`,
			description: [rollback, causeDescription].filter(Boolean).join(' '),
			...(httpCode ? { httpCode } : {}),
		},
	);
}

/**
 * Creates the subscriptions missing for the selected events, all or none, then removes the ones
 * this node holds for events no longer selected. IDs and secrets go to the node's static data.
 */
export async function createSubscriptions(this: IHookFunctions): Promise<boolean> {
	const events = selectedEvents(this);
	if (!events.length) {
		throw new NodeOperationError(this.getNode(), "'Events' is empty", {
			description: 'Select at least one Chaport event to listen to.',
		});
	}
	const webhookUrl = requireRegistrableUrl.call(this, this.getNodeWebhookUrl('default'));
	// n8n runs checkExists first, which stored what Chaport holds for this URL.
	const plan = planSubscriptions(getStoredSubscriptions(this, webhookUrl), events);

	const created: StoredSubscription[] = [];
	for (const event of plan.missing) {
		try {
			created.push(await createSubscription.call(this, webhookUrl, event));
		} catch (error) {
			const notRemoved = await removeSubscriptions.call(this, created, 'rollback');
			throw creationFailed.call(this, event, error, created, notRemoved);
		}
	}

	// Kept in static data when removal fails, so a later deactivation tries again.
	const notRemoved = await removeSubscriptions.call(this, plan.surplus, 'the change of events');
	setStoredSubscriptions(this, webhookUrl, [...plan.keep, ...created, ...notRemoved]);
	return true;
}

/** Removes exactly the subscriptions this node created or adopted for this URL; clears them. */
export async function deleteSubscriptions(this: IHookFunctions): Promise<boolean> {
	const webhookUrl = this.getNodeWebhookUrl('default');
	if (!webhookUrl) return true;
	const stored = getStoredSubscriptions(this, webhookUrl);
	const notRemoved = await removeSubscriptions.call(this, stored, 'deactivation');
	setStoredSubscriptions(this, webhookUrl, []);
	return notRemoved.length === 0;
}
