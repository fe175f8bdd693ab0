import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { extractErrorMessage } from '../apiContract';

export interface FailedResponse {
	status: number;
	body: unknown;
	contentType?: string;
}

export interface ErrorContext {
	/** What the request was about, for 404s: e.g. `visitor "6630c1d2…"`. */
	subject?: string;
	itemIndex?: number;
	retries: number;
	/** Sentences added to the description of a 400/404/422, e.g. an ID of an unusual form. */
	hints?: string[];
}

/**
 * Answers that a proxy or gateway gives when Chaport's own answer did not come through: the
 * request may have been carried out.
 */
export const LOST_ANSWER_STATUSES = new Set([502, 503, 504]);

const NOT_REPEATED =
	'Chaport may have carried it out before the failure. It was not repeated, to avoid doing it twice: check in Chaport before running it again.';

function chaportMessage(response: FailedResponse): string {
	if (
		response.contentType?.includes('html') ||
		/^\s*<(!doctype|html)/i.test(String(response.body))
	) {
		return `Chaport answered with an HTML page instead of JSON (HTTP ${response.status})`;
	}
	return extractErrorMessage(response.body) ?? `HTTP ${response.status}`;
}

function describe(status: number, context: ErrorContext): { title: string; description: string } {
	if (status === 401) {
		return {
			title: 'Chaport did not accept the access token',
			description:
				"Check the Access Token in the Chaport credential and that its Region matches the account's (chaport.com or chaport.ru).",
		};
	}
	if (status === 403) {
		return {
			title: 'Chaport does not allow this action',
			description:
				"The token lacks the right for this action (for example, the account owner cannot be deleted or demoted). Some servers answer 403 for a token they do not accept too: if every request fails this way, check the Access Token in the Chaport credential and that its Region matches the account's.",
		};
	}
	if (status === 404) {
		const subject = context.subject ?? 'the requested resource';
		return {
			title: `Chaport has no ${subject}`,
			description: `Check the ID of ${subject}: it may have been deleted or belong to another Chaport account.`,
		};
	}
	if (status === 429) {
		return {
			title: 'Chaport is rate limiting requests',
			description: `Still rate limited after ${context.retries} retries. Wait a little, or process fewer items per run.`,
		};
	}
	if (status === 400 || status === 422) {
		return {
			title: 'Chaport rejected the request',
			description: "Check the node's parameters against the message Chaport gave.",
		};
	}
	if (status >= 500) {
		return {
			title: 'Chaport had a server-side failure',
			description:
				context.retries > 0
					? `Still failing after ${context.retries} retries. Try again later.`
					: 'Try again later.',
		};
	}
	return { title: `Chaport answered with HTTP ${status}`, description: '' };
}

export function apiErrorFromResponse(
	node: INode,
	response: FailedResponse,
	context: ErrorContext & { mayHaveBeenApplied?: boolean },
): NodeApiError {
	const message = chaportMessage(response);
	const described = context.mayHaveBeenApplied
		? {
				title: `Chaport's answer was lost (HTTP ${response.status}), so the request may have been applied`,
				description: NOT_REPEATED,
			}
		: describe(response.status, context);
	const { title } = described;
	const hinted = [400, 404, 422].includes(response.status) && context.hints?.length;
	const description = hinted
		? [described.description, ...(context.hints ?? [])].filter(Boolean).join(' ')
		: described.description;
	// Passing `message` keeps n8n from replacing it with its stock text for the status code.
	return new NodeApiError(node, { message, httpCode: String(response.status) } as JsonObject, {
		message: `${title}: ${message}`,
		description,
		httpCode: String(response.status),
		itemIndex: context.itemIndex,
	});
}

/** A 2xx whose body is not the payload the endpoint returns (not JSON, no `result`, wrong type). */
export function apiErrorFromUnreadableAnswer(
	node: INode,
	status: number,
	problem: string,
	context: ErrorContext & { applied: boolean },
): NodeApiError {
	const message = context.applied
		? `Chaport carried out the request (HTTP ${status}), but its answer could not be read: ${problem}`
		: `Chaport's answer could not be read: ${problem}`;
	const description = context.applied
		? 'It was not repeated, to avoid doing it twice.'
		: context.retries > 0
			? `Still failing after ${context.retries} retries. Try again later.`
			: 'Try again later.';
	const error = new NodeApiError(node, { message: problem } as JsonObject, {
		message,
		description,
		itemIndex: context.itemIndex,
	});
	error.message = message;
	return error;
}

export function apiErrorFromNetwork(
	node: INode,
	code: string,
	context: ErrorContext & { mayHaveBeenApplied: boolean; timeoutMs?: number },
): NodeApiError {
	const description = context.mayHaveBeenApplied
		? `The connection broke or stalled after the request was sent. ${NOT_REPEATED}`
		: context.retries > 0
			? `Still failing after ${context.retries} retries. Check that the Chaport base URL is reachable.`
			: 'Check that the Chaport base URL is reachable.';
	const failure =
		context.timeoutMs !== undefined
			? `Chaport did not answer within ${context.timeoutMs / 1000} s (${code})`
			: `Could not reach Chaport (${code})`;
	const message = context.mayHaveBeenApplied
		? `${failure}, so the request may have been applied`
		: failure;
	const error = new NodeApiError(node, { message: code, code } as JsonObject, {
		message,
		description,
		itemIndex: context.itemIndex,
	});
	// n8n swaps in its stock text for network codes ("You can retry the request immediately…"),
	// which contradicts the description when the request may already have been carried out.
	error.message = message;
	return error;
}
