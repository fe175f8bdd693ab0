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

import type { RequestIds, ResultShape } from '../apiContract';
import { expectedResult, extractLinks, idFormatHints, readResult } from '../apiContract';
import { InvalidBaseUrlError, resolveBaseUrl } from '../baseUrl';
import { clock } from '../clock';
import {
	apiErrorFromNetwork,
	apiErrorFromResponse,
	apiErrorFromUnreadableAnswer,
	LOST_ANSWER_STATUSES,
} from './errors';
import { acquireSlot, executionState, pauseRequests, releaseSlot, waitForPause } from './execution';
import {
	backoffDelay,
	NOT_SENT_NETWORK_CODES,
	parseRetryAfter,
	requestTimeoutMs,
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
	 * A 429, or a connection that was refused, is retried either way: Chaport did not process it.
	 */
	retryable?: boolean;
	/** The payload a 2xx must carry; by default what apiContract's expectedResult() says. */
	expect?: ResultShape;
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

/** The messages of an error and of its cause: n8n wraps axios' error and replaces its text. */
function errorMessages(error: unknown): string {
	const cause = (error as { cause?: { message?: unknown } })?.cause;
	const messages = (error as { messages?: unknown })?.messages;
	return [
		(error as { message?: unknown })?.message,
		cause?.message,
		...(Array.isArray(messages) ? messages : []),
	]
		.map((m) => String(m ?? ''))
		.join('\n');
}

function networkCode(error: unknown): string | undefined {
	const text = errorMessages(error);
	// axios reports its own timeout as ECONNABORTED "timeout of … exceeded".
	if (/timeout of \d+ms exceeded/i.test(text)) return 'ETIMEDOUT';
	// A body cut off mid-way (ERR_BAD_RESPONSE "stream has been aborted"): the answer was lost.
	if (/stream has been aborted|socket hang up/i.test(text)) return 'ECONNRESET';
	for (const candidate of [error, (error as { cause?: unknown })?.cause]) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && code) return code;
	}
	if (/timed? ?out/i.test(text)) return 'ETIMEDOUT';
	return undefined;
}

interface Connection {
	baseURL: string;
	timeoutMs: number;
}

async function connectionFor(this: ChaportContext, itemIndex?: number): Promise<Connection> {
	// once per execution: n8n decrypts (and in n8n itself loads) the credential on every read
	const state = executionState(this);
	state.credentials ??= this.getCredentials(CREDENTIAL_TYPE);
	const credentials = await state.credentials;
	try {
		return { baseURL: resolveBaseUrl(credentials), timeoutMs: requestTimeoutMs(credentials) };
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
 * The one place that talks HTTP to Chaport: base URL, authentication, a timeout on every request,
 * retries of transient failures, checking that a 2xx carries the payload the endpoint returns,
 * and mapping failures to NodeApiError without leaking the token.
 *
 * What is retried: a 429 or a refused connection always (Chaport did not process the request);
 * a 502/503/504, a broken connection, a timeout or an unreadable 2xx only when the request is
 * harmless to repeat. A request that is not, and whose answer was lost, fails with an error that
 * says it may have been carried out.
 */
export async function chaportRequest<T = unknown>(
	this: ChaportContext,
	request: ChaportRequest,
): Promise<ChaportResponse<T>> {
	const { baseURL, timeoutMs } = await connectionFor.call(this, request.itemIndex);
	const retryable = request.retryable ?? request.method !== 'POST';
	const shape = request.expect ?? expectedResult(request.method, request.path);
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
		timeout: timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	const context = (retries: number) => ({
		subject: request.subject,
		itemIndex: request.itemIndex,
		retries,
	});
	// Set once an attempt may have reached Chaport without its answer reaching us.
	let answerLost = false;

	const execution = executionState(this);
	for (let attempt = 0; ; attempt++) {
		const canRetry = attempt < retryPolicy.maxRetries;
		let raw: RawResponse | undefined;
		let error: unknown;
		await waitForPause(execution);
		await acquireSlot(execution);
		try {
			raw = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as RawResponse;
		} catch (caught) {
			error = caught ?? new Error('request failed');
		} finally {
			releaseSlot(execution);
		}
		if (raw === undefined) {
			const code = networkCode(error) ?? 'NETWORK_ERROR';
			const notSent = NOT_SENT_NETWORK_CODES.has(code);
			const lost = TRANSIENT_NETWORK_CODES.has(code);
			answerLost ||= lost;
			if (canRetry && (notSent || (lost && retryable))) {
				await clock.sleep(backoffDelay(attempt, undefined));
				continue;
			}
			throw apiErrorFromNetwork(this.getNode(), code, {
				...context(attempt),
				mayHaveBeenApplied: answerLost && !retryable,
				timeoutMs: code === 'ETIMEDOUT' ? timeoutMs : undefined,
			});
		}

		const status = raw.statusCode;
		const { value, malformed } = parseBody(raw.body);
		const contentType = String(raw.headers?.['content-type'] ?? '');

		if (status >= 200 && status < 300) {
			const read = malformed
				? { ok: false as const, problem: 'Chaport answered with a body that is not valid JSON' }
				: readResult(value, shape);
			if (read.ok) {
				return { result: read.result as T, body: value, links: extractLinks(value) };
			}
			if (retryable && canRetry) {
				await clock.sleep(backoffDelay(attempt, undefined));
				continue;
			}
			throw apiErrorFromUnreadableAnswer(this.getNode(), status, read.problem, {
				...context(attempt),
				applied: !retryable,
			});
		}

		// A DELETE repeated after its answer was lost finds the resource already gone: done.
		if (status === 404 && request.method === 'DELETE' && answerLost) {
			return { result: undefined as T, body: value, links: extractLinks(value) };
		}

		const rateLimited = status === 429;
		if (TRANSIENT_STATUSES.has(status) && canRetry && (retryable || rateLimited)) {
			const delay = backoffDelay(attempt, parseRetryAfter(raw.headers?.['retry-after']));
			if (delay <= retryPolicy.maxDelayMs) {
				answerLost ||= LOST_ANSWER_STATUSES.has(status);
				// rate limited: every request of this execution waits, not only this one
				if (rateLimited) await pauseRequests(execution, clock.sleep(delay));
				else await clock.sleep(delay);
				continue;
			}
		}
		answerLost ||= LOST_ANSWER_STATUSES.has(status);
		throw apiErrorFromResponse(
			this.getNode(),
			{ status, body: value, contentType },
			{
				...context(attempt),
				mayHaveBeenApplied: answerLost && !retryable,
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
