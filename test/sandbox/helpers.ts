/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Shared helpers of the sandbox tests: a small API client and a webhook receiver.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Sandbox } from '../../sandbox';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse {
	status: number;
	headers: Headers;
	text: string;
	body: Json;
}

export interface CallOptions {
	/** bearer token; null sends no Authorization header; default: the sandbox token */
	token?: string | null;
	/** raw request body (sent instead of JSON.stringify(body)) */
	raw?: string;
	headers?: Record<string, string>;
}

/** Calls `sandbox.baseUrl + path` (or `sandbox.url + path` when path starts with /_sandbox). */
export async function call(
	sandbox: Sandbox,
	method: string,
	path: string,
	body?: unknown,
	options: CallOptions = {},
): Promise<ApiResponse> {
	const base =
		path.startsWith('/_sandbox') || path.startsWith('/api/') ? sandbox.url : sandbox.baseUrl;
	const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
	const token = options.token === undefined ? sandbox.token : options.token;
	if (token !== null) headers.Authorization = `Bearer ${token}`;
	let payload: string | undefined = options.raw;
	if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
	if (payload !== undefined) headers['Content-Type'] = 'application/json';
	const res = await fetch(base + path, { method, headers, body: payload });
	const text = await res.text();
	let parsed: Json = undefined;
	try {
		parsed = text === '' ? undefined : JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	return { status: res.status, headers: res.headers, text, body: parsed };
}

export const get = async (
	sandbox: Sandbox,
	path: string,
	options?: CallOptions,
): Promise<ApiResponse> => await call(sandbox, 'GET', path, undefined, options);

export interface ReceivedHook {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: Json;
}

export interface Receiver {
	url: string;
	received: ReceivedHook[];
	/** status answered to deliveries (default 200) */
	status: number;
	close(): Promise<void>;
}

/** A tiny webhook target on 127.0.0.1 that records every request. */
export async function startReceiver(): Promise<Receiver> {
	const received: ReceivedHook[] = [];
	const receiver: Receiver = {
		url: '',
		received,
		status: 200,
		close: async () => {},
	};
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: Json = text;
			try {
				body = JSON.parse(text);
			} catch {
				body = text;
			}
			received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
			res.writeHead(receiver.status, { 'Content-Type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	receiver.close = async () =>
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	return receiver;
}

/** Creates a subscription through the REST API and returns it. */
export async function subscribe(sandbox: Sandbox, event: string, targetUrl: string): Promise<Json> {
	const res = await call(sandbox, 'POST', '/events/subscriptions', { event, targetUrl });
	if (res.status !== 200) throw new Error(`subscribe failed: ${res.status} ${res.text}`);
	return res.body.result;
}

export const HEX24 = /^[0-9a-f]{24}$/;
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A syntactically valid id that the sandbox never hands out. */
export const UNKNOWN_ID = 'ffffffffffffffffffffffff';
