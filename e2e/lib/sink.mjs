// The local sink: stands in for the services the example workflows talk to (Slack, e-mail, a
// helpdesk, an LLM). Every request is recorded; POST /<channel> answers with the canned reply
// registered for that channel (default { ok: true }).
import { createServer } from 'node:http';

import { LOOPBACK } from './net.mjs';

export async function startSink(port = 0) {
	const received = [];
	const replies = new Map();
	const server = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			let body = raw;
			try {
				body = raw === '' ? undefined : JSON.parse(raw);
			} catch {}
			const url = new URL(req.url, 'http://sink');
			const channel = url.pathname.replace(/^\/+/, '');
			received.push({
				method: req.method,
				channel,
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				body,
			});
			const reply = replies.get(channel);
			const payload = typeof reply === 'function' ? reply(body) : (reply ?? { ok: true });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(payload));
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, LOOPBACK, resolve);
	});
	const url = `http://${LOOPBACK}:${server.address().port}`;
	return {
		url,
		received,
		/** Requests to one channel (path without the leading slash). */
		on: (channel) => received.filter((r) => r.channel === channel),
		/** Sets the JSON answered on a channel (an object, or a function of the request body). */
		reply: (channel, payload) => replies.set(channel, payload),
		clear: () => {
			received.length = 0;
			replies.clear();
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
