// Loopback networking helpers: free ports, a small JSON HTTP client, polling.
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A port that is free on 127.0.0.1 right now (the OS picks it). */
export async function freePort() {
	const server = createServer();
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, LOOPBACK, resolve);
	});
	const { port } = server.address();
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** Whether something already listens on 127.0.0.1:port. */
export async function portInUse(port) {
	const server = createServer();
	return await new Promise((resolve) => {
		server.once('error', () => resolve(true));
		server.listen(port, LOOPBACK, () => server.close(() => resolve(false)));
	});
}

/**
 * fetch() with a JSON body and a parsed JSON (or text) answer. Never throws on an HTTP status:
 * returns { status, headers, body, text }.
 */
export async function http(method, url, { json, headers = {}, timeoutMs = 30000 } = {}) {
	const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs) };
	if (json !== undefined) {
		init.headers['content-type'] = 'application/json';
		init.body = JSON.stringify(json);
	}
	const res = await fetch(url, init);
	const text = await res.text();
	let body = text;
	try {
		body = text === '' ? undefined : JSON.parse(text);
	} catch {}
	return { status: res.status, headers: res.headers, body, text };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `probe` until it returns a truthy value (which is returned) or `timeoutMs` passes, then
 * throws with `what` and the last value/error seen.
 */
export async function waitFor(what, probe, { timeoutMs = 20000, intervalMs = 200 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
			last = value;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) {
			const detail = last instanceof Error ? last.message : JSON.stringify(last);
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${detail})`);
		}
		await sleep(intervalMs);
	}
}
