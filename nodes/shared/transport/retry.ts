import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { clock } from '../clock';

/** How transient failures are retried; the waits go through the shared clock. */
export const retryPolicy = {
	maxRetries: 3,
	baseDelayMs: 1000,
	/** A Retry-After longer than this is not waited for: the error says so instead. */
	maxDelayMs: 60_000,
} as const;

export const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);
/** The connection broke or stalled after the request may have reached Chaport. */
export const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ECONNABORTED',
]);
/** The request never left: nothing can have been carried out, so any request may be retried. */
export const NOT_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN']);

/** Used when the credential sets no Request Timeout. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** The credential's Request Timeout (seconds) in ms; the default when it is unset or not positive. */
export function requestTimeoutMs(credentials: ICredentialDataDecryptedObject): number {
	const seconds = Number(credentials.timeout);
	const valid = credentials.timeout !== undefined && credentials.timeout !== '' && seconds > 0;
	return Math.round((valid && Number.isFinite(seconds) ? seconds : DEFAULT_TIMEOUT_SECONDS) * 1000);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now = clock.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw === null || raw === '') return undefined;
	const text = String(raw).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffDelay(attempt: number, retryAfterMs: number | undefined): number {
	if (retryAfterMs !== undefined) return retryAfterMs;
	return retryPolicy.baseDelayMs * 2 ** attempt;
}
