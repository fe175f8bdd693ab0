import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
					value: 'https://app.chaport.com/api/v1',
				},
				{
					name: 'Russia (App.chaport.ru)',
					value: 'https://app.chaport.ru/api/v1',
				},
			],
			default: 'https://app.chaport.com/api/v1',
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
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	// Mirrors resolveBaseUrl() in nodes/shared/baseUrl.ts: an invalid custom URL yields a URL that
	// fails fast instead of sending the token somewhere unexpected.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.region === "custom" ? (/^https?:\\/\\/[^\\s/]+/i.test($credentials.baseUrl.trim()) ? $credentials.baseUrl.trim().replace(/\\/+$/, "") : "http://invalid-base-url.invalid") : $credentials.region }}',
			url: '/me.json',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
	};
}
