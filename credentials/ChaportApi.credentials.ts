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
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'API token from Chaport: Settings → API (administrators only)',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{
					name: 'Custom',
					value: 'custom',
					description: 'A proxy or the local Chaport sandbox',
				},
				{
					name: 'Global (App.chaport.com)',
					value: REGION_BASE_URLS.global,
				},
				{
					name: 'Russia (App.chaport.ru)',
					value: REGION_BASE_URLS.russia,
				},
			],
			default: REGION_BASE_URLS.global,
			description: 'Where the Chaport account lives. Accounts created on chaport.ru use Russia.',
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
	};
}
