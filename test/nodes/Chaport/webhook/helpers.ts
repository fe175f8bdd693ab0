import type { INodeParameters } from 'n8n-workflow';

import type { Subscription } from '../../../../sandbox';
import { chaportCredentials } from '../../../harness';

export const BASE = 'https://chaport.test';
export const TOKEN = 'webhook-test-token';
export const SUBSCRIPTION_ID = '66c1d2e3f4a5b6c7d8e9f012';
export const TARGET_URL = 'https://n8n.example.com/webhook/abc/chaport';
export const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);

/** Node parameters of the Webhook resource built from loosely typed test values. */
export const webhookParameters = (operation: string, values: Record<string, unknown> = {}) =>
	({ resource: 'webhook', operation, ...values }) as INodeParameters;

/** A subscription as Chaport returns it. */
export function subscriptionFixture(
	overrides: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		id: SUBSCRIPTION_ID,
		targetUrl: TARGET_URL,
		event: 'chat.started',
		essential: true,
		createdAt: '2024-05-01T10:00:00.000Z',
		...overrides,
	};
}

/** The same subscription, typed for pushing into the sandbox's store. */
export const storedSubscription = (overrides: Record<string, unknown> = {}) =>
	subscriptionFixture(overrides) as unknown as Subscription;

export { recordRetryWaits, trapRequests } from '../../../helpers/requests';
