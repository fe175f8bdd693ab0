import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestIds } from '../apiContract';
import { extractLinks, idFormatHints, unwrapResult } from '../apiContract';
import { InvalidBaseUrlError, resolveBaseUrl } from '../baseUrl';
import { apiErrorFromNetwork, apiErrorFromResponse } from './errors';
import {
	backoffDelay,
	parseRetryAfter,
	retryPolicy,
	TRANSIENT_NETWORK_CODES,
	TRANSIENT_STATUSES,
} from './retry';

export { retryPolicy } from './retry';

export const CREDENTIAL_TYPE = 'chaportApi';

export type ChaportContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface ChaportRequest {
	method: IHttpRequestMethods;
	/** Path below the API root, built with `paths` from apiContract. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * Whether repeating the request after a transient failure is harmless. Defaults to true for
	 * GET, PUT and DELETE; a POST must opt in (a message send only with an idempotency key).
	 */
	retryable?: boolean;
	/** Names what a 404 means, e.g. `visitor "abc"`. */
	subject?: string;
	/** The IDs in the request: when Chaport refuses it, IDs of an unusual form are pointed out. */
	ids?: RequestIds;
	itemIndex?: number;
}

export interface ChaportResponse<T = unknown> {
	result: T;
	body: unknown;
	links: { next?: string; more: string[] };
}

interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

function parseBody(body: unknown): { value: unknown; malformed: boolean } {
	if (typeof body !== 'string') return { value: body, malformed: false };
	if (body.trim() === '') return { value: undefined, malformed: false };
	try {
		return { value: JSON.parse(body), malformed: false };
	} catch {
		return { value: body, malformed: true };
	}
}

function networkCode(error: unknown): string | undefined {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && code) return code;
	}
	const message = String((error as { message?: unknown })?.message ?? '');
	if (/socket hang up/i.test(message)) return 'ECONNRESET';
	if (/timeout/i.test(message)) return 'ETIMEDOUT';
	return undefined;
}

async function baseUrlFor(this: ChaportContext, itemIndex?: number): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	try {
		return resolveBaseUrl(credentials);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			itemIndex,
			description:
				error instanceof InvalidBaseUrlError
					? "Set the credential's Base URL to the API root, e.g. https://host/api/v1."
					: undefined,
		});
	}
}

/**
 * The one place that talks HTTP to Chaport: base URL, authentication, retries of transient
 * failures, and mapping failures to NodeApiError without leaking the token.
 */
export async function chaportRequest<T = unknown>(
	this: ChaportContext,
	request: ChaportRequest,
): Promise<ChaportResponse<T>> {
	const baseURL = await baseUrlFor.call(this, request.itemIndex);
	const retryable = request.retryable ?? request.method !== 'POST';
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL,
		url: request.path,
		qs: request.qs,
		body: request.body,
		headers: {
			Accept: 'application/json',
			...(request.body ? { 'Content-Type': 'application/json' } : {}),
		},
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};

	for (let attempt = 0; ; attempt++) {
		let raw: RawResponse;
		try {
			raw = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as RawResponse;
		} catch (error) {
			const code = networkCode(error) ?? 'NETWORK_ERROR';
			const transient = TRANSIENT_NETWORK_CODES.has(code);
			if (transient && retryable && attempt < retryPolicy.maxRetries) {
				await retryPolicy.sleep(backoffDelay(attempt, undefined));
				continue;
			}
			throw apiErrorFromNetwork(this.getNode(), code, {
				subject: request.subject,
				itemIndex: request.itemIndex,
				retries: attempt,
				mayHaveBeenApplied: transient && !retryable,
			});
		}

		const status = raw.statusCode;
		const { value, malformed } = parseBody(raw.body);
		const contentType = String(raw.headers?.['content-type'] ?? '');

		if (status >= 200 && status < 300) {
			if (malformed) {
				if (retryable && attempt < retryPolicy.maxRetries) {
					await retryPolicy.sleep(backoffDelay(attempt, undefined));
					continue;
				}
				throw apiErrorFromResponse(
					this.getNode(),
					{
						status: 502,
						body: 'Chaport answered with a body that is not valid JSON',
						contentType,
					},
					{
						subject: request.subject,
						itemIndex: request.itemIndex,
						retries: attempt,
					},
				);
			}
			return {
				result: unwrapResult<T>(value),
				body: value,
				links: extractLinks(value),
			};
		}

		if (TRANSIENT_STATUSES.has(status) && retryable && attempt < retryPolicy.maxRetries) {
			const delay = backoffDelay(attempt, parseRetryAfter(raw.headers?.['retry-after']));
			if (delay <= retryPolicy.maxDelayMs) {
				await retryPolicy.sleep(delay);
				continue;
			}
		}
		throw apiErrorFromResponse(
			this.getNode(),
			{ status, body: value, contentType },
			{
				subject: request.subject,
				itemIndex: request.itemIndex,
				retries: attempt,
				hints: idFormatHints(request.ids),
			},
		);
	}
}

/** Shorthand for callers that only need `result`. */
export async function chaportResult<T = unknown>(
	this: ChaportContext,
	request: ChaportRequest,
): Promise<T> {
	return (
		await chaportRequest.call<ChaportContext, [ChaportRequest], Promise<ChaportResponse<T>>>(
			this,
			request,
		)
	).result;
}
