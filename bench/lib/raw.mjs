// The raw baselines: plain node:http with a keep-alive agent, no n8n, no retries. What a
// hand-written script talking to the same API would do, one request at a time or `n` at a time.
import http from 'node:http';

export function rawClient(baseUrl, token, { sockets = 1 } = {}) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
	const root = new URL(baseUrl);
	const request = (method, path, body, retried = false) =>
		new Promise((resolve, reject) => {
			const payload = body === undefined ? undefined : JSON.stringify(body);
			const req = http.request(
				{
					agent,
					method,
					host: root.hostname,
					port: root.port,
					path: `${root.pathname}${path}`,
					headers: {
						Accept: 'application/json',
						Authorization: `Bearer ${token}`,
						...(payload
							? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
							: {}),
					},
				},
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => {
						const text = Buffer.concat(chunks).toString('utf8');
						if (res.statusCode < 200 || res.statusCode > 299) {
							reject(new Error(`${method} ${path} -> ${res.statusCode} ${text.slice(0, 200)}`));
							return;
						}
						resolve(text ? JSON.parse(text) : undefined);
					});
					res.on('error', reject);
				},
			);
			req.on('error', (error) => {
				// the server may close an idle keep-alive connection just as it is reused; Node's
				// documentation recommends repeating the request then (it never reached the server)
				if (!retried && req.reusedSocket && error.code === 'ECONNRESET') {
					resolve(request(method, path, body, true));
				} else {
					reject(error);
				}
			});
			if (payload) req.write(payload);
			req.end();
		});
	return { request, close: () => agent.destroy() };
}

/** Runs fn(0..count-1) with at most `limit` in flight; results in index order. */
export async function pool(limit, count, fn) {
	const results = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await fn(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
	return results;
}

export async function rawAllVisitors(client) {
	const visitors = [];
	for (let page = 1; ; page++) {
		const body = await client.request('GET', `/visitors?page=${page}`);
		visitors.push(...body.result);
		if (!body.links?.next || body.result.length === 0) return visitors;
	}
}

export async function rawAllChats(client, visitorId, concurrency) {
	const last = await client.request('GET', `/visitors/${visitorId}/chats`);
	const ids = (last.links?.more ?? []).map((link) => link.split('/').pop());
	const older = await pool(
		concurrency,
		ids.length,
		async (i) => (await client.request('GET', `/visitors/${visitorId}/chats/${ids[i]}`)).result,
	);
	return [last.result, ...older];
}

export async function rawSends(client, bodies, concurrency) {
	return await pool(
		concurrency,
		bodies.length,
		async (i) => (await client.request('POST', '/messages', bodies[i])).result,
	);
}
