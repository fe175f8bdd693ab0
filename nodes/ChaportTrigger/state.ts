import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

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
	/** The duplicate memory keeps at most this many deliveries (oldest dropped first). */
	duplicateMaxEntries: 500,
	sleep: async (ms: number): Promise<void> => await sleep(ms),
	now: (): number => Date.now(),
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
	/** Dedup memory: delivery key -> epoch ms of its first arrival. */
	recentDeliveries?: Record<string, number>;
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
}

/** Every stored subscription of this node, whatever URL it delivers to. */
export function getAllStoredSubscriptions(context: TriggerContext): StoredSubscription[] {
	const webhooks = nodeState(context).webhooks ?? {};
	return Object.keys(webhooks).flatMap((url) => getStoredSubscriptions(context, url));
}

/**
 * Deliveries seen by this n8n process. n8n saves a workflow's static data only after the run a
 * delivery started has finished, so a duplicate that arrives while that run is still going finds
 * nothing in static data; it is caught here (within one main process).
 */
const deliveriesSeenInProcess = new Map<string, number>();

function seenInProcess(key: string, now: number): boolean {
	for (const [seen, at] of deliveriesSeenInProcess) {
		if (now - at >= triggerPolicy.duplicateWindowMs) deliveriesSeenInProcess.delete(seen);
	}
	const repeated = deliveriesSeenInProcess.has(key);
	if (!repeated) {
		deliveriesSeenInProcess.set(key, now);
		if (deliveriesSeenInProcess.size > triggerPolicy.duplicateMaxEntries) {
			deliveriesSeenInProcess.delete(deliveriesSeenInProcess.keys().next().value as string);
		}
	}
	return repeated;
}

/** Forgets the process-wide memory; for tests that model a restarted n8n. */
export function forgetDeliveriesSeenInProcess(): void {
	deliveriesSeenInProcess.clear();
}

/**
 * Records a delivery and says whether the same one arrived within the duplicate window, in this
 * workflow's static data (which survives restarts) or in this process. The check and the write
 * happen together, before any await, so a duplicate arriving while the first delivery is still
 * being enriched is caught too.
 */
export function isRepeatedDelivery(context: IWebhookFunctions, key: string): boolean {
	const state = nodeState(context);
	const now = triggerPolicy.now();
	const kept = Object.entries(state.recentDeliveries ?? {}).filter(
		([, at]) => typeof at === 'number' && now - at < triggerPolicy.duplicateWindowMs,
	);
	const repeatedInStaticData = kept.some(([seen]) => seen === key);
	if (!repeatedInStaticData) kept.push([key, now]);
	kept.sort((a, b) => a[1] - b[1]);
	state.recentDeliveries = Object.fromEntries(kept.slice(-triggerPolicy.duplicateMaxEntries));
	const repeatedInProcess = seenInProcess(key, now);
	return repeatedInStaticData || repeatedInProcess;
}
