// A round-robin HTTP load balancer on 127.0.0.1, standing where a production queue-mode setup has
// its load balancer in front of the webhook processors: WEBHOOK_URL points here, so the
// subscriptions the trigger registers with Chaport deliver here, and consecutive deliveries go
// to the webhook processors in turn. Every forwarded request is recorded with its backend.
import { createServer, request } from 'node:http';

import { LOOPBACK } from './net.mjs';

export async function startBalancer(backends, port = 0) {
	let next = 0;
	const forwarded = []; // { backend, method, path, status }
	const server = createServer((req, res) => {
		const backend = backends[next++ % backends.length];
		const target = new URL(backend);
		const record = { backend, method: req.method, path: req.url, status: undefined };
		forwarded.push(record);
		const upstream = request(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers: req.headers,
			},
			(answer) => {
				record.status = answer.statusCode;
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', (error) => {
			record.status = 502;
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`balancer: ${backend} failed: ${error.message}`);
		});
		req.pipe(upstream);
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, LOOPBACK, resolve);
	});
	return {
		url: `http://${LOOPBACK}:${server.address().port}`,
		forwarded,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
