import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { REGION_BASE_URLS } from './apiContract';

export class InvalidBaseUrlError extends Error {}

/** A custom Base URL: http:// or https://, a host, no white space. */
const CUSTOM_BASE_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

/** Where the credential test is sent when the custom Base URL fails the check: nowhere. */
export const INVALID_BASE_URL = 'http://invalid-base-url.invalid';

/**
 * The API root for a Chaport credential: the region's URL, or the custom Base URL checked to be
 * an http(s) URL and stripped of query, fragment and trailing slashes.
 */
export function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const region = String(credentials.region ?? REGION_BASE_URLS.global);
	if (region !== 'custom') return region.replace(/\/+$/, '');
	const raw = String(credentials.baseUrl ?? '').trim();
	if (!CUSTOM_BASE_URL.test(raw)) {
		throw new InvalidBaseUrlError(
			`The Chaport credential's Base URL "${raw}" is not an http:// or https:// URL`,
		);
	}
	return raw.replace(/[?#].*$/, '').replace(/\/+$/, '');
}

/**
 * resolveBaseUrl() as an n8n expression, for the credential test request (a credential cannot run
 * code there). A Base URL that fails the check yields INVALID_BASE_URL, so the token is never sent
 * somewhere unexpected. test/credentials/ChaportApi.test.ts checks that both give the same answers.
 */
export const BASE_URL_EXPRESSION =
	'={{ $credentials.region === "custom"' +
	` ? (${String(CUSTOM_BASE_URL)}.test(($credentials.baseUrl || "").trim())` +
	' ? $credentials.baseUrl.trim().replace(/[?#].*$/, "").replace(/\\/+$/, "")' +
	` : "${INVALID_BASE_URL}")` +
	' : ($credentials.region || "").replace(/\\/+$/, "") }}';
