/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// HTTP server: body parsing, request log, fault injection, bearer check, then the REST router
// (under /api/v1) or the control API (under /_sandbox).

import * as http from 'node:http';

import type { Alternatives } from './alternatives';
import { type ControlDeps, CONTROL_PREFIX, handleControl } from './control-http';
import { ApiError, codeForStatus, errorBody, errorBodyAs } from './errors';
import type { FaultInjector } from './faults';
import { apiRoutes, dispatch } from './routes';
import type { SandboxState } from './store';
import type { FaultRule, RequestLogEntry, WrongShape } from './types';
import { API_PREFIX } from './views';
import type { WebhookDispatcher } from './webhooks';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ServerDeps extends ControlDeps {
	state: SandboxState;
	faults: FaultInjector;
	webhooks: WebhookDispatcher;
	requests: RequestLogEntry[];
}

type ParsedBody = { ok: true; value: unknown } | { ok: false; raw: string };

function readBody(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new ApiError(413, 'payload_too_large', 'Request body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function parseBody(raw: Buffer): ParsedBody {
	if (raw.length === 0) return { ok: true, value: undefined };
	const text = raw.toString('utf8');
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false, raw: text };
	}
}

function send(
	res: http.ServerResponse,
	status: number,
	body: string,
	contentType: string,
	headers: Record<string, string> = {},
): void {
	if (res.destroyed || res.writableEnded) return;
	res.writeHead(status, {
		...headers,
		'Content-Type': contentType,
		'Content-Length': Buffer.byteLength(body),
	});
	res.end(body);
}

function sendJson(
	res: http.ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	send(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function htmlPage(status: number): string {
	const title = `${status} ${http.STATUS_CODES[status] ?? 'Error'}`;
	return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>\n`;
}

const WRONG_SHAPE_BODIES: Record<WrongShape, { body: string; contentType: string }> = {
	empty: { body: '', contentType: 'application/json; charset=utf-8' },
	'no-result': { body: '{}', contentType: 'application/json; charset=utf-8' },
	'null-result': { body: '{"result":null}', contentType: 'application/json; charset=utf-8' },
	object: { body: '{"result":{}}', contentType: 'application/json; charset=utf-8' },
	list: { body: '{"result":[]}', contentType: 'application/json; charset=utf-8' },
	text: { body: 'OK', contentType: 'text/plain; charset=utf-8' },
};

/**
 * Applies a non-latency fault; returns the status that was answered (0 when no answer came:
 * a reset, a stall, a truncated body).
 */
function applyFault(
	req: http.IncomingMessage,
	res: http.ServerResponse,
	rule: FaultRule,
	shape: Alternatives['errorBody'],
): number {
	const headers: Record<string, string> = {};
	if (rule.retryAfter !== undefined) headers['Retry-After'] = String(rule.retryAfter);
	switch (rule.type) {
		case 'reset':
			req.socket.destroy();
			return 0;
		case 'stall':
			// Never answers: the client's timeout (or closing the sandbox) ends the request.
			return 0;
		case 'truncated': {
			const body = '{"result":[{"id":"65a0f3c2b7e4d1a9c8f00001","name":"Trunc';
			res.writeHead(200, {
				'Content-Type': 'application/json; charset=utf-8',
				'Content-Length': String(Buffer.byteLength(body) * 2),
			});
			res.write(body, () => req.socket.destroy());
			return 0;
		}
		case 'wrong-shape': {
			const { body, contentType } = WRONG_SHAPE_BODIES[rule.shape ?? 'no-result'];
			send(res, 200, body, contentType, headers);
			return 200;
		}
		case 'malformed-json':
			send(res, 200, '{"result":[{"id":"65a0f3c2b7e4d1a9c8f0', 'application/json; charset=utf-8');
			return 200;
		case 'html': {
			const status = rule.status ?? 502;
			send(res, status, htmlPage(status), 'text/html; charset=utf-8', headers);
			return status;
		}
		default: {
			const status = rule.status ?? 500;
			const message = `Injected fault: HTTP ${status}`;
			if (shape === 'text') send(res, status, message, 'text/plain; charset=utf-8', headers);
			else sendJson(res, status, errorBodyAs(shape, codeForStatus(status), message), headers);
			return status;
		}
	}
}

function isAuthorized(req: http.IncomingMessage, tokens: readonly string[]): boolean {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
	return match !== null && tokens.includes(match[1]);
}

async function handleApi(
	deps: ServerDeps,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	url: URL,
	raw: Buffer,
): Promise<void> {
	const method = (req.method ?? 'GET').toUpperCase();
	const parsed = parseBody(raw);
	const entry: RequestLogEntry = {
		method,
		path: url.pathname + url.search,
		query: Object.fromEntries(url.searchParams),
		headers: { ...req.headers },
		body: parsed.ok ? parsed.value : parsed.raw,
		status: 0,
		at: new Date().toISOString(),
	};
	const finish = (status: number): void => {
		entry.status = status;
		deps.requests.push(entry);
	};
	const alternatives = deps.state.options.alternatives;
	const fail = (error: ApiError): void => {
		const status = error.status === 400 ? alternatives.validationStatus : error.status; // switch validationStatus
		finish(status);
		if (alternatives.errorBody === 'text') {
			send(res, status, error.message, 'text/plain; charset=utf-8', error.headers);
			return;
		}
		sendJson(
			res,
			status,
			errorBodyAs(alternatives.errorBody, error.code, error.message),
			error.headers,
		);
	};

	const prefixed = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
	const path = prefixed ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname;

	let lostAnswer: FaultRule | undefined;
	if (prefixed) {
		const decision = deps.faults.decide(method, path);
		if (decision.latencyMs > 0) await sleep(decision.latencyMs);
		if (decision.rule?.when === 'after') {
			lostAnswer = decision.rule;
		} else if (decision.rule) {
			finish(applyFault(req, res, decision.rule, alternatives.errorBody));
			return;
		}
	}
	if (!isAuthorized(req, deps.state.options.tokens)) {
		fail(
			new ApiError(
				alternatives.authFailureStatus,
				'unauthorized',
				'Missing or invalid bearer token',
				{ 'WWW-Authenticate': 'Bearer' },
			),
		);
		return;
	}
	if (!prefixed) {
		fail(
			new ApiError(
				404,
				'not_found',
				`No endpoint ${url.pathname}; the API lives under ${API_PREFIX}`,
			),
		);
		return;
	}
	if (!parsed.ok) {
		fail(new ApiError(400, 'invalid_json', 'The request body is not valid JSON'));
		return;
	}
	try {
		const result = dispatch(apiRoutes, method, path, {
			state: deps.state,
			options: deps.state.options,
			query: entry.query,
			body: parsed.value,
			origin: `http://${req.headers.host ?? 'sandbox.local'}`,
			notify: (events) => deps.webhooks.background(events),
		});
		const status = result.status ?? 200;
		if (lostAnswer) {
			// Carried out, but the client never learns it.
			finish(applyFault(req, res, lostAnswer, alternatives.errorBody));
			return;
		}
		finish(status);
		if (result.body === undefined) {
			res.writeHead(status);
			res.end();
		} else sendJson(res, status, result.body);
	} catch (error) {
		if (lostAnswer) finish(applyFault(req, res, lostAnswer, alternatives.errorBody));
		else if (error instanceof ApiError) fail(error);
		else fail(new ApiError(500, 'internal_error', `Internal error: ${(error as Error).message}`));
	}
}

async function handleControlRequest(
	deps: ServerDeps,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	url: URL,
	raw: Buffer,
): Promise<void> {
	const parsed = parseBody(raw);
	if (!parsed.ok) {
		sendJson(res, 400, errorBody('invalid_json', 'The request body is not valid JSON'));
		return;
	}
	try {
		const result = await handleControl(
			deps,
			(req.method ?? 'GET').toUpperCase(),
			url.pathname.slice(CONTROL_PREFIX.length) || '/',
			parsed.value,
		);
		sendJson(res, result.status, result.body);
	} catch (error) {
		const apiError =
			error instanceof ApiError
				? error
				: new ApiError(500, 'internal_error', `Internal error: ${(error as Error).message}`);
		sendJson(res, apiError.status, errorBody(apiError.code, apiError.message));
	}
}

export function createServer(deps: ServerDeps): http.Server {
	return http.createServer((req, res) => {
		void (async () => {
			let raw: Buffer;
			try {
				raw = await readBody(req);
			} catch (error) {
				const status = error instanceof ApiError ? error.status : 400;
				sendJson(res, status, errorBody(codeForStatus(status), (error as Error).message));
				return;
			}
			const url = new URL(
				`http://sandbox.local${(req.url ?? '/').startsWith('/') ? '' : '/'}${req.url ?? ''}`,
			);
			if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
				await handleControlRequest(deps, req, res, url, raw);
			} else {
				await handleApi(deps, req, res, url, raw);
			}
		})().catch((error: Error) => {
			sendJson(res, 500, errorBody('internal_error', error.message));
		});
	});
}
