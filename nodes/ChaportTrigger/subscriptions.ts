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
	| { status: 'gone' | 'changed' };

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

/** What the lifecycle has to do for one webhook URL, given the subscriptions it holds. */
export interface SubscriptionPlan {
	/** Held subscriptions of selected events: left as they are. */
	keep: StoredSubscription[];
	/** Selected events without a held subscription: to be created. */
	missing: string[];
	/** Held subscriptions of events no longer selected, and second ones of an event: to be removed. */
	surplus: StoredSubscription[];
}

/**
 * Whether the subscription holds the secret this node gave it. Only such a subscription is ever
 * deleted: one whose URL carries none of this node's secrets was not made by this node.
 */
function carriesOwnSecret(subscription: StoredSubscription): boolean {
	return !!subscription.secret && secretFromUrl(subscription.targetUrl) === subscription.secret;
}

/**
 * The one place that decides which subscriptions exist, are missing or are surplus: one is kept
 * per selected event (one carrying this node's secret when there is a choice); a second one for
 * the same event (left by a create whose answer was lost) is surplus like a deselected one.
 */
export function planSubscriptions(held: StoredSubscription[], events: string[]): SubscriptionPlan {
	const keep: StoredSubscription[] = [];
	const ownFirst = [...held].sort(
		(a, b) => Number(carriesOwnSecret(b)) - Number(carriesOwnSecret(a)),
	);
	for (const subscription of ownFirst) {
		if (events.includes(subscription.event) && !keep.some((k) => k.event === subscription.event)) {
			keep.push(subscription);
		}
	}
	return {
		keep,
		missing: events.filter((event) => !keep.some((s) => s.event === event)),
		surplus: held.filter((s) => !keep.includes(s)),
	};
}

/**
 * The subscriptions this node holds for `webhookUrl`, checked against Chaport's list (read every
 * time: one request): stored ones that are gone or changed are dropped, and subscriptions this
 * node lost track of (a create whose answer was lost, static data n8n did not save) are adopted
 * by their URL and secret, so the plan removes the surplus instead of adding a duplicate. Never
 * deletes.
 */
async function reconcileHeld(
	this: IHookFunctions,
	webhookUrl: string,
	events: string[],
): Promise<StoredSubscription[]> {
	const verifySecret = triggerOptions(this).verifySecret !== false;
	const remote = await listRemoteSubscriptions.call(this);
	const current: StoredSubscription[] = [];
	for (const stored of getStoredSubscriptions(this, webhookUrl)) {
		const listed = remote.find((r) => r.id === stored.id);
		const check: StoredCheck = listed
			? refreshFromRemote(stored, listed, webhookUrl)
			: { status: 'gone' };
		if (check.status === 'live') current.push(check.subscription);
		else {
			this.logger.debug(`Chaport Trigger: subscription ${stored.id} is ${check.status}`, {
				event: stored.event,
			});
		}
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
	return current;
}

/**
 * checkExists: true only when every selected event has exactly one live subscription to this
 * node's webhook URL and none remains for an event no longer selected. What was found is stored
 * for create().
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

/**
 * Whether a failed create may still have been carried out: its answer was lost (no HTTP status,
 * a 5xx, or a 2xx that could not be read) rather than refused.
 */
function mayHaveBeenCreated(error: unknown): boolean {
	const status = Number((error as { httpCode?: unknown })?.httpCode);
	return (
		!Number.isFinite(status) || status === 0 || status >= 500 || (status >= 200 && status < 300)
	);
}

/** A create that failed; `uncertain` when it may still have left a subscription on Chaport. */
interface CreateFailure {
	failed: unknown;
	uncertain: boolean;
}

/** The subscription to `event` that carries `secret` (only this node knows it), if listed. */
async function findBySecret(
	this: IHookFunctions,
	event: string,
	targetUrl: string,
	secret: string,
): Promise<string | undefined> {
	const remote = await listRemoteSubscriptions.call(this);
	return remote.find(
		(r) =>
			r.event === event &&
			sameWebhookUrl(r.targetUrl, targetUrl) &&
			secretFromUrl(r.targetUrl) === secret,
	)?.id;
}

async function createSubscription(
	this: IHookFunctions,
	webhookUrl: string,
	event: string,
): Promise<StoredSubscription | CreateFailure> {
	const secret = generateSecret();
	const targetUrl = withSecret(webhookUrl, secret);
	let id: string | undefined;
	try {
		const response = await chaportRequest.call(this, {
			method: 'POST',
			path: paths.subscriptions(),
			body: buildSubscriptionBody({ targetUrl, event, essential: true }),
			// Repeating a create that may have gone through would leave a duplicate subscription.
			retryable: false,
			subject: `subscription to "${event}"`,
		});
		id = parseSubscription(response.result).id;
	} catch (error) {
		if (!mayHaveBeenCreated(error)) return { failed: error, uncertain: false };
		// The answer was lost: the secret tells whether Chaport created it before creating another.
		let found: string | undefined;
		try {
			found = await findBySecret.call(this, event, targetUrl, secret);
		} catch {
			return { failed: error, uncertain: true };
		}
		if (!found) return { failed: error, uncertain: false };
		this.logger.debug(`Chaport Trigger: the lost create of ${event} had gone through as ${found}`);
		return { id: found, event, targetUrl, secret };
	}
	// The create response is unconfirmed: find the subscription in the list.
	id ??= await findBySecret.call(this, event, targetUrl, secret);
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

/**
 * Deletes subscriptions (404 = already gone); returns, and logs, the ones that could not be, so
 * that they stay remembered and are tried again. A subscription whose URL does not carry this
 * node's secret is never deleted, only forgotten.
 */
async function removeSubscriptions(
	this: IHookFunctions,
	subscriptions: StoredSubscription[],
	why: string,
): Promise<StoredSubscription[]> {
	const notRemoved: StoredSubscription[] = [];
	for (const subscription of subscriptions) {
		if (!carriesOwnSecret(subscription)) {
			this.logger.warn(
				`Chaport Trigger: subscription ${subscription.id} (${subscription.event}) does not carry this trigger's secret, so it is left on Chaport during ${why}`,
			);
			continue;
		}
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
				`Chaport Trigger: could not remove Chaport subscription ${subscription.id} (${subscription.event}) during ${why}: ${errorText(error)}. It is tried again at the next activation or deactivation.`,
				{ subscriptionId: subscription.id, event: subscription.event },
			);
		}
	}
	return notRemoved;
}

function creationFailed(
	this: IHookFunctions,
	event: string,
	{ failed, uncertain }: CreateFailure,
	rolledBack: StoredSubscription[],
	notRemoved: StoredSubscription[],
): NodeApiError {
	const cause = errorText(failed);
	const source = failed as { httpCode?: string | null; description?: string | null };
	const httpCode = source?.httpCode ?? undefined;
	const causeDescription = uncertain ? '' : (source?.description ?? '');
	const rollback = [
		uncertain
			? `Chaport's answer to the subscription to "${event}" was lost, so it may have been created: it points at this workflow and is found and removed (or reused) at the next activation.`
			: rolledBack.length
				? ''
				: 'No subscription was created.',
		!rolledBack.length
			? ''
			: notRemoved.length
				? `The ${rolledBack.length} subscription(s) created just before were to be removed again, but ${notRemoved.map((s) => `${s.id} (${s.event})`).join(', ')} could not be: they are found and removed at the next activation.`
				: `The ${rolledBack.length} subscription(s) created just before were removed again.`,
	]
		.filter(Boolean)
		.join(' ');
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
 * Creates the subscriptions missing for the selected events, all or none, then removes the
 * surplus (events no longer selected, second ones of an event). IDs and secrets
 * go to the node's static data; a subscription whose removal failed stays there and is tried
 * again at the next activation or deactivation.
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
	const held = getStoredSubscriptions(this, webhookUrl);
	const plan = planSubscriptions(held, events);

	const created: StoredSubscription[] = [];
	for (const event of plan.missing) {
		let outcome: StoredSubscription | CreateFailure;
		try {
			outcome = await createSubscription.call(this, webhookUrl, event);
		} catch (error) {
			outcome = { failed: error, uncertain: false };
		}
		if ('failed' in outcome) {
			const notRemoved = await removeSubscriptions.call(this, created, 'rollback');
			// n8n does not save static data when activation fails; kept for tests and test URLs.
			setStoredSubscriptions(this, webhookUrl, [...held, ...notRemoved]);
			throw creationFailed.call(this, event, outcome, created, notRemoved);
		}
		created.push(outcome);
	}

	// Kept in static data when removal fails, so the next activation or deactivation tries again.
	const notRemoved = await removeSubscriptions.call(this, plan.surplus, 'the change of events');
	setStoredSubscriptions(this, webhookUrl, [...plan.keep, ...created, ...notRemoved]);
	return true;
}

/**
 * Removes exactly the subscriptions this node created or adopted for this URL. Those that could
 * not be removed stay remembered, so the next activation or deactivation tries again.
 */
export async function deleteSubscriptions(this: IHookFunctions): Promise<boolean> {
	const webhookUrl = this.getNodeWebhookUrl('default');
	if (!webhookUrl) return true;
	const stored = getStoredSubscriptions(this, webhookUrl);
	const notRemoved = await removeSubscriptions.call(this, stored, 'deactivation');
	setStoredSubscriptions(this, webhookUrl, notRemoved);
	return notRemoved.length === 0;
}
