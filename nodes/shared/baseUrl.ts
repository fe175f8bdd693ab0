import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { REGION_BASE_URLS } from './apiContract';

export class InvalidBaseUrlError extends Error {}

/**
 * The API root for a Chaport credential: the region's URL, or the custom Base URL checked to be
 * an http(s) URL and stripped of trailing slashes.
 */
export function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const region = String(credentials.region ?? REGION_BASE_URLS.global);
	if (region !== 'custom') return region.replace(/\/+$/, '');
	const raw = String(credentials.baseUrl ?? '').trim();
	if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(raw)) {
		throw new InvalidBaseUrlError(
			`The Chaport credential's Base URL "${raw}" is not an http:// or https:// URL`,
		);
	}
	return raw.replace(/[?#].*$/, '').replace(/\/+$/, '');
}
