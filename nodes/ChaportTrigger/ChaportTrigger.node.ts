import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { collection, operatorLocator } from '../shared/descriptions';
import { searchOperators } from '../shared/methods/listSearch';
import { WEBHOOK_EVENTS } from '../shared/apiContract';
import { handleDelivery } from './delivery';
import { triggerPolicy } from './state';
import { createSubscriptions, deleteSubscriptions, subscriptionsExist } from './subscriptions';

const eventOptions = [...WEBHOOK_EVENTS]
	.sort((a, b) => a.name.localeCompare(b.name))
	.map((event) => ({
		name: event.name,
		value: event.value,
		description: event.confirmed
			? `Chaport event '${event.value}'`
			: `Chaport event '${event.value}' (unconfirmed name: Chaport may never send it)`,
	}));

export class ChaportTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chaport Trigger',
		name: 'chaportTrigger',
		icon: { light: 'file:../../icons/chaport.svg', dark: 'file:../../icons/chaport.dark.svg' },
		group: ['trigger'],
		version: 1,
		// The selected events by their names ("Chat Started, Chat Finished"), not their API values.
		subtitle: `={{ ($parameter["events"] || []).map((event) => (${JSON.stringify(
			Object.fromEntries(WEBHOOK_EVENTS.map((event) => [event.value, event.name])),
		)})[event] || event).join(", ") }}`,
		// n8n's node panel shows one "Chaport" entry for the Chaport node and this trigger, with
		// the trigger's description, so it describes the pair.
		description:
			'Chaport live chat: start workflows on chat events, and read and manage visitors, chats, messages and operators',
		documentationUrl: 'https://github.com/chaport-n8n/n8n-nodes-chaport#chaport-trigger',
		defaults: { name: 'Chaport Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chaportApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Chaport ignores the answer's body: an empty 200 is enough.
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					"Chaport must reach this workflow's webhook URL from the internet: set n8n's WEBHOOK_URL to its public https:// address. Each selected event gets its own Chaport subscription, whose URL carries a secret.",
				name: 'reachabilityNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: eventOptions,
				description:
					'The Chaport events that start the workflow. Chaport takes one event per subscription, so one subscription is kept per selected event.',
			},
			collection('options', [
				operatorLocator({
					displayName: 'Ignore Messages From Operator',
					name: 'ignoreOperatorId',
					required: false,
					description:
						"Message events written by this operator do not start the workflow, e.g. the operator a workflow replies as, so its own replies don't trigger it again",
				}),
				{
					displayName: 'Include Chat',
					name: 'includeChat',
					type: 'boolean',
					default: true,
					description: "Whether to fetch the chat and add it under 'chat'",
				},
				{
					displayName: 'Include Transcript',
					name: 'includeTranscript',
					type: 'boolean',
					default: true,
					description:
						"Whether to add the chat's transcript under 'transcript': 'text' (a line per message), 'messages' (role, name, time, text) and the raw 'events', the same shape as Message › Get Many's Transcript output",
				},
				{
					displayName: 'Include Visitor',
					name: 'includeVisitor',
					type: 'boolean',
					default: true,
					description: "Whether to fetch the visitor and add them under 'visitor'",
				},
				{
					displayName: 'Transcript Wait (Seconds)',
					name: 'transcriptWaitSeconds',
					type: 'number',
					default: 20,
					typeOptions: { minValue: 0, maxValue: triggerPolicy.maxTranscriptWaitSeconds },
					description:
						"With 'Include Transcript': how long to wait, at most, for the first visitor message after Chat Started (Chaport lists it with a delay). The transcript is emitted as it is when the time is up.",
				},
				{
					displayName: 'Verify Secret',
					name: 'verifySecret',
					type: 'boolean',
					default: true,
					description:
						"Whether to refuse deliveries (HTTP 401) whose URL lacks this trigger's secret. Turn off only behind a proxy that strips query strings.",
				},
			]),
		],
	};

	methods = { listSearch: { searchOperators } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await subscriptionsExist.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createSubscriptions.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteSubscriptions.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery.call(this);
	}
}
