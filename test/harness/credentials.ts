import { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

import { ChaportApi } from '../../credentials/ChaportApi.credentials';

export const credentialTypes: Record<string, ICredentialType> = { chaportApi: new ChaportApi() };

function mergeDeep(target: Record<string, unknown>, source: Record<string, unknown>) {
	for (const [key, value] of Object.entries(source)) {
		if (value && typeof value === 'object' && !Array.isArray(value)) {
			const existing = (target[key] ?? {}) as Record<string, unknown>;
			target[key] = mergeDeep({ ...existing }, value as Record<string, unknown>);
		} else {
			target[key] = value;
		}
	}
	return target;
}

/**
 * Hands out test credentials and applies a credential type's generic `authenticate` block the way
 * n8n's CLI does: every value is an expression resolved with `$credentials` in scope.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		const authenticate = type?.authenticate;
		if (!authenticate) return requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (!workflow || !node) throw new Error('generic authentication needs the workflow and node');
		const resolved: Record<string, unknown> = {};
		for (const [section, values] of Object.entries(authenticate.properties)) {
			const out: Record<string, unknown> = {};
			for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
				out[key] = workflow.expression.getParameterValue(
					value as string,
					null,
					0,
					0,
					node.name,
					[],
					'internal',
					{ $credentials: credentials },
				);
			}
			resolved[section] = out;
		}
		return mergeDeep(
			requestOptions as unknown as Record<string, unknown>,
			resolved,
		) as unknown as IHttpRequestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		return new Credentials(
			{ id: nodeCredentials.id ?? null, name: nodeCredentials.name },
			type,
			'',
		);
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}
}
