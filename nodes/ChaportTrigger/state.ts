import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { clock } from '../shared/clock';

/**
 * Timings of the trigger. An object rather than constants so tests can shorten the waits (and
 * observe them) without sleeping through them, like the transport's retryPolicy.
 */
export const triggerPolicy = {
	/** How often the chat's events are re-read while waiting for the first visitor message. */
	transcriptPollIntervalMs: 2000,
	/** Upper bound of the 'Transcript Wait (Seconds)' option. */
	maxTranscriptWaitSeconds: 60,
	/** Repeated deliveries of the same event within this window start one run only. */
	duplicateWindowMs: 10 * 60 * 1000,
	/**
	 * The duplicate memory keeps at most this many deliveries, of all triggers in this process
	 * (oldest dropped first): about 100 bytes each.
	 */
	duplicateMaxEntries: 10_000,
};

/** One Chaport subscription this node created or adopted. */
export interface StoredSubscription {
	id: string;
	/** The Chaport event name this subscription delivers. */
	event: string;
	/** The exact targetUrl registered with Chaport (the webhook URL plus the secret). */
	targetUrl: string;
	/** Per-subscription secret carried in targetUrl; absent only for adopted secret-less ones. */
	secret?: string;
}

/**
 * What the node keeps in its static data. Subscriptions are grouped by the n8n webhook URL they
 * deliver to, so the test URL ("Listen for test event") and the production URL never see or
 * remove each other's subscriptions, even when n8n hands both the same static data.
 */
interface NodeState {
	webhooks?: Record<string, { subscriptions?: StoredSubscription[] }>;
	/**
	 * Left by earlier versions, which kept their duplicate memory here (tens of KB). n8n 2.x did
	 * not save it when the delivery started a run (see deliveriesSeen), so it never worked across
	 * restarts; it is dropped the next time the subscriptions are stored.
	 */
	recentDeliveries?: unknown;
}

type TriggerContext = IHookFunctions | IWebhookFunctions;

function nodeState(context: TriggerContext): NodeState & IDataObject {
	return context.getWorkflowStaticData('node') as NodeState & IDataObject;
}

function isStoredSubscription(value: unknown): value is StoredSubscription {
	const record = value as StoredSubscription | undefined;
	return (
		!!record &&
		typeof record.id === 'string' &&
		typeof record.event === 'string' &&
		typeof record.targetUrl === 'string'
	);
}

/** Copies, so callers never mutate the stored objects behind n8n's change tracking. */
export function getStoredSubscriptions(
	context: TriggerContext,
	webhookUrl: string,
): StoredSubscription[] {
	const entries = nodeState(context).webhooks?.[webhookUrl]?.subscriptions;
	return Array.isArray(entries) ? entries.filter(isStoredSubscription).map((s) => ({ ...s })) : [];
}

/** Replaces the subscriptions stored for one webhook URL; an empty list removes the entry. */
export function setStoredSubscriptions(
	context: TriggerContext,
	webhookUrl: string,
	subscriptions: StoredSubscription[],
): void {
	const state = nodeState(context);
	const webhooks = { ...(state.webhooks ?? {}) };
	if (subscriptions.length) {
		webhooks[webhookUrl] = { subscriptions: subscriptions.map((s) => ({ ...s })) };
	} else {
		delete webhooks[webhookUrl];
	}
	if (Object.keys(webhooks).length) state.webhooks = webhooks;
	else delete state.webhooks;
	delete state.recentDeliveries;
}

/** Every stored subscription of this node, whatever URL it delivers to. */
export function getAllStoredSubscriptions(context: TriggerContext): StoredSubscription[] {
	const webhooks = nodeState(context).webhooks ?? {};
	return Object.keys(webhooks).flatMap((url) => getStoredSubscriptions(context, url));
}

/**
 * Deliveries seen by this n8n process, oldest first: key -> epoch ms of the first arrival.
 *
 * Kept in memory, not in static data. What n8n does with static data that webhook() changes:
 * - n8n 2.x saves it only when webhook() starts no run, or has answered the HTTP request itself
 *   (`noWebhookResponse`). When n8n answers after starting the run ('onReceived'), preparing the
 *   run resets the change flag first and nothing is saved. n8n 1.x answers before the run and
 *   saves.
 * - A save writes the workflow's whole static data from the process that received the delivery;
 *   the last writer wins. Two webhook processors lose each other's entries, and a save racing a
 *   publish on the main can put back the subscriptions (and secrets) the main just replaced:
 *   every later delivery would then be refused. So webhook() writes no static data at all.
 * Each delivery costs a constant amount of work here (no list is rebuilt or sorted). The memory
 * is lost when n8n restarts and is not shared between n8n processes (queue mode's webhook
 * processors); the README's limits say what that means and how n8n's Remove Duplicates node
 * covers it, and the queue-mode e2e lane measures it.
 */
const deliveriesSeen = new Map<string, number>();

/** Forgets every delivery seen; for tests that model a restarted n8n. */
export function forgetDeliveriesSeenInProcess(): void {
	deliveriesSeen.clear();
}

/** How many deliveries the memory holds now; for tests of its bound. */
export function deliveriesRemembered(): number {
	return deliveriesSeen.size;
}

/**
 * Records a delivery and says whether the same one arrived within the duplicate window. The
 * check and the write happen together, before any await, so a duplicate arriving while the first
 * delivery is still being enriched is caught too.
 *
 * Entries sit in arrival order, so expired ones are all at the front: each call removes at most
 * the ones that have expired since, which keeps the cost per delivery constant on average.
 */
export function isRepeatedDelivery(key: string): boolean {
	const now = clock.now();
	for (const [seen, at] of deliveriesSeen) {
		const expired = now - at >= triggerPolicy.duplicateWindowMs;
		if (!expired && deliveriesSeen.size < triggerPolicy.duplicateMaxEntries) break;
		deliveriesSeen.delete(seen);
	}
	const at = deliveriesSeen.get(key);
	// A clock set back can leave a stale entry behind a fresher one: judge it by its own age.
	if (at !== undefined && Math.abs(now - at) < triggerPolicy.duplicateWindowMs) return true;
	deliveriesSeen.delete(key);
	deliveriesSeen.set(key, now);
	return false;
}
