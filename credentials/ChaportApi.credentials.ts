import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { paths, REGION_BASE_URLS } from '../nodes/shared/apiContract';
import { BASE_URL_EXPRESSION } from '../nodes/shared/baseUrl';

export class ChaportApi implements ICredentialType {
	name = 'chaportApi';

	displayName = 'Chaport API';

	icon: Icon = {
		light: 'file:../icons/chaport.svg',
		dark: 'file:../icons/chaport.dark.svg',
	};

	documentationUrl = 'https://github.com/chaport-n8n/n8n-nodes-chaport#credentials';

	properties: INodeProperties[] = [
		{
			// Always visible (descriptions are tooltips in the credential form).
			displayName:
				'Access token: in Chaport, as an administrator, Settings → API. Region: where you sign in, app.chaport.com (Global) or app.chaport.ru (Russia).',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				"In Chaport, as an administrator: Settings → API → copy the access token (create one if the list is empty). The token acts with the administrator's rights; keep it secret.",
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{
					name: 'Global (app.chaport.com)',
					value: REGION_BASE_URLS.global,
					description: 'Accounts you sign in to at app.chaport.com',
				},
				{
					name: 'Russia (app.chaport.ru)',
					value: REGION_BASE_URLS.russia,
					description: 'Accounts created on chaport.ru',
				},
				{
					name: 'Custom URL',
					value: 'custom',
					description: 'A proxy in front of Chaport, or the local Chaport sandbox',
				},
			],
			default: REGION_BASE_URLS.global,
			description:
				'The address you sign in to Chaport at: app.chaport.com is Global, app.chaport.ru is Russia. A token only works in its own region; the wrong one gives 401 Unauthorized.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://chaport-proxy.example.com/api/v1',
			description: 'The API root including /api/v1. Must start with http:// or https://.',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			default: 30,
			typeOptions: { minValue: 1 },
			description:
				'How long to wait for each answer from Chaport. A request left unanswered counts as failed: it is retried when repeating it is harmless.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	// The node's own base-URL rule (nodes/shared/baseUrl.ts), written as an expression.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: paths.me(),
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
		// n8n shows these instead of the bare HTTP status text ("Unauthorized").
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Chaport refused the access token (401). Check the token (Chaport: Settings → API, copied completely) and the Region: app.chaport.com is Global, app.chaport.ru is Russia.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Chaport accepted the token but refuses this account access to the API (403). API tokens need an administrator; check the plan includes API access.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No Chaport API at this address (404). Check the Region, or for Custom URL that the Base URL ends in /api/v1.',
				},
			},
		],
	};
}
