// Error type of the sandbox and the error body of the Chaport API (body shape unconfirmed there).

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.name = 'ApiError';
	}
}

/** `{ "error": { "code": "...", "message": "..." } }` (unconfirmed format). */
export function errorBody(
	code: string,
	message: string,
): { error: { code: string; message: string } } {
	return { error: { code, message } };
}

export const badRequest = (message: string, code = 'bad_request'): ApiError =>
	new ApiError(400, code, message);
export const notFound = (message: string): ApiError => new ApiError(404, 'not_found', message);
export const forbidden = (message: string): ApiError => new ApiError(403, 'forbidden', message);

/** Default error code for a status used by fault injection and unexpected failures. */
export function codeForStatus(status: number): string {
	switch (status) {
		case 400:
			return 'bad_request';
		case 401:
			return 'unauthorized';
		case 403:
			return 'forbidden';
		case 404:
			return 'not_found';
		case 429:
			return 'rate_limited';
		case 502:
			return 'bad_gateway';
		case 503:
			return 'service_unavailable';
		case 504:
			return 'gateway_timeout';
		default:
			return status >= 500 ? 'internal_error' : 'error';
	}
}

/**
 * The error body in the shape the `errorBody` switch picks (all possible: the node
 * reads `error.message`, `error` as a string, `message`, then the raw text).
 */
export function errorBodyAs(
	shape: 'object' | 'string' | 'message' | 'text',
	code: string,
	message: string,
): unknown {
	if (shape === 'string') return { error: message };
	if (shape === 'message') return { message };
	if (shape === 'text') return message;
	return errorBody(code, message);
}
