import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { REGION_BASE_URLS } from './apiContract';

export class InvalidBaseUrlError extends Error {}

/**
 * A custom Base URL: http:// or https://, a host name or an IP address, an optional port and path.
 * Refused: white space, user info (`user:token@host`, where a pasted token would travel in clear),
 * a query or a fragment (the API paths are appended to it).
 */
const CUSTOM_BASE_URL =
	/^https?:\/\/([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?(\/[^\s?#@]*)?$/i;

/** Where the credential test is sent when the custom Base URL fails the check: nowhere. */
export const INVALID_BASE_URL = 'http://invalid-base-url.invalid';

/**
 * The API root for a Chaport credential: the region's URL, or the custom Base URL, checked by the
 * rule above and parsed as a URL, without trailing slashes. The error never repeats the value: a
 * token pasted into it by mistake must not show up in an error.
 */
export function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const region = String(credentials.region ?? REGION_BASE_URLS.global);
	if (region !== 'custom') return region.replace(/\/+$/, '');
	const raw = String(credentials.baseUrl ?? '').trim();
	let parsed: URL | undefined;
	try {
		parsed = CUSTOM_BASE_URL.test(raw) ? new URL(raw) : undefined;
	} catch {
		parsed = undefined;
	}
	if (!parsed || parsed.username || parsed.password || parsed.search || parsed.hash) {
		throw new InvalidBaseUrlError(
			"The Chaport credential's Base URL is not an http:// or https:// URL without user info, query or fragment",
		);
	}
	return raw.replace(/\/+$/, '');
}

/**
 * resolveBaseUrl() as an n8n expression, for the credential test request (a credential cannot run
 * code there). A Base URL that fails the check yields INVALID_BASE_URL, so the token is never sent
 * somewhere unexpected. test/credentials/ChaportApi.test.ts checks that both give the same answers.
 */
export const BASE_URL_EXPRESSION =
	'={{ $credentials.region === "custom"' +
	` ? (${String(CUSTOM_BASE_URL)}.test(($credentials.baseUrl || "").trim())` +
	' ? $credentials.baseUrl.trim().replace(/\\/+$/, "")' +
	` : "${INVALID_BASE_URL}")` +
	' : ($credentials.region || "").replace(/\\/+$/, "") }}';
