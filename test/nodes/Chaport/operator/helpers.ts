import type { INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import { chaportCredentials } from '../../../harness';

export const BASE = 'https://chaport.test';
export const TOKEN = 'operator-test-token';
export const OPERATOR_ID = '5f2b7c9e1a4d3e0012ab34cd';
export const credentials = chaportCredentials(`${BASE}/api/v1`, TOKEN);

/** A resource-locator value in 'By ID' mode. */
export const byId = (value: string): INodeParameterResourceLocator => ({
	__rl: true,
	mode: 'id',
	value,
});

/** Node parameters built from loosely typed test values. */
export const params = (values: Record<string, unknown>) => values as INodeParameters;

/** An operator as Chaport returns it, with one field Chaport may add later. */
export function operatorFixture(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: OPERATOR_ID,
		email: 'maria@example.com',
		name: 'Maria Lopez',
		language: 'en',
		jobTitle: 'Customer success',
		role: 'operator',
		lastLoginAt: '2024-05-02T08:01:12.503Z',
		lastActivityAt: '2024-05-02T11:47:55.020Z',
		image: 'https://cdn.example.com/avatars/maria.png',
		lastStatus: 'online',
		realStatus: 'offline',
		futureField: { nested: true },
		...overrides,
	};
}

export { recordRetryWaits, trapRequests } from '../../../helpers/requests';
