import { createHash, randomBytes, timingSafeEqual } from 'crypto';

import { SECRET_QUERY_PARAMETER } from '../shared/triggerSecret';

export { SECRET_QUERY_PARAMETER };

export function generateSecret(): string {
	return randomBytes(32).toString('hex');
}

function parseUrl(url: string): URL | undefined {
	try {
		return new URL(url);
	} catch {
		return undefined;
	}
}

/** The URL to register with Chaport: the n8n webhook URL with the secret appended. */
export function withSecret(webhookUrl: string, secret: string): string {
	const url = parseUrl(webhookUrl);
	if (!url) {
		const separator = webhookUrl.includes('?') ? '&' : '?';
		return `${webhookUrl}${separator}${SECRET_QUERY_PARAMETER}=${encodeURIComponent(secret)}`;
	}
	url.searchParams.set(SECRET_QUERY_PARAMETER, secret);
	return url.toString();
}

/** The secret a registered targetUrl carries, if any. */
export function secretFromUrl(targetUrl: string): string | undefined {
	const secret = parseUrl(targetUrl)?.searchParams.get(SECRET_QUERY_PARAMETER);
	return secret ? secret : undefined;
}

/**
 * A URL without our secret parameter, normalised, so a subscription is recognised as this node's
 * whatever secret it carries: every URL comparison of the trigger goes through this.
 */
export function withoutSecret(url: string): string {
	const parsed = parseUrl(url.trim());
	if (!parsed) return url.trim();
	parsed.searchParams.delete(SECRET_QUERY_PARAMETER);
	parsed.hash = '';
	return parsed.toString();
}

export function sameWebhookUrl(a: string, b: string): boolean {
	return withoutSecret(a) === withoutSecret(b);
}

/**
 * Constant-time comparison. Both sides are hashed first so the buffers given to timingSafeEqual
 * always have equal length and the length of the expected secret does not leak either.
 */
export function secretsMatch(received: string, expected: string): boolean {
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(received), digest(expected));
}
