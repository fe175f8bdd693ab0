// A local stand-in for HubSpot's API, so the CRM examples run n8n's own HubSpot node unchanged.
//
// The HubSpot node always calls https://api.hubapi.com. n8n sends its outgoing HTTP through the
// proxy named in HTTPS_PROXY (with NO_PROXY left direct), so n8n is started with
// `crm.n8nEnv`: HTTPS_PROXY points at this module's proxy, NO_PROXY keeps the sandbox, the sink
// and n8n itself (all on loopback) direct, and NODE_EXTRA_CA_CERTS makes n8n trust a throwaway
// certificate made with openssl for this run only. The proxy answers CONNECT to api.hubapi.com
// with TLS under that certificate and serves the decrypted requests from a small in-memory
// HubSpot (contacts, engagements); a CONNECT to any other host is tunnelled unchanged, so n8n
// reaches everything else (e.g. a real Chaport account in the demo) as it would without the
// proxy. Every HubSpot request is recorded for the tests (`crm.requests`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';

import { LOOPBACK } from './net.mjs';

export const HUBSPOT_HOST = 'api.hubapi.com';
/** The account ("portal") id the stand-in reports; contact links are built from it. */
export const HUBSPOT_PORTAL_ID = 4815162;
/** What the stand-in accepts as the HubSpot service key (not a real key). */
export const HUBSPOT_TOKEN = 'local-hubspot-stand-in';

/** A self-signed certificate for api.hubapi.com, valid for two days, made with openssl. */
function makeCertificate(dir) {
	mkdirSync(dir, { recursive: true });
	const key = join(dir, 'hubspot-stand-in.key');
	const cert = join(dir, 'hubspot-stand-in.crt');
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-sha256',
			'-days',
			'2',
			'-subj',
			`/CN=${HUBSPOT_HOST}`,
			'-addext',
			`subjectAltName=DNS:${HUBSPOT_HOST}`,
			'-keyout',
			key,
			'-out',
			cert,
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] },
	);
	return { keyFile: key, certFile: cert };
}

const json = (res, status, body) => {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
};

/** The part of HubSpot's legacy v1 API the HubSpot node uses for contacts and engagements. */
function hubspotApi() {
	const contacts = [];
	const engagements = [];
	let nextVid = 901;
	let nextEngagementId = 7001;

	const profile = (contact) => ({
		vid: contact.vid,
		'canonical-vid': contact.vid,
		'portal-id': HUBSPOT_PORTAL_ID,
		'is-contact': true,
		properties: Object.fromEntries(
			Object.entries(contact.properties).map(([name, value]) => [name, { value: String(value) }]),
		),
	});

	const routes = [
		[
			'POST',
			/^\/contacts\/v1\/contact\/createOrUpdate\/email\/([^/]+)$/,
			(match, body) => {
				const email = decodeURIComponent(match[1]).toLowerCase();
				let contact = contacts.find((c) => c.properties.email === email);
				const isNew = !contact;
				if (!contact) {
					contact = { vid: nextVid++, properties: { email } };
					contacts.push(contact);
				}
				for (const { property, value } of body?.properties ?? []) {
					contact.properties[property] = value;
				}
				return [200, { vid: contact.vid, isNew }];
			},
		],
		[
			'GET',
			/^\/contacts\/v1\/contact\/vid\/(\d+)\/profile$/,
			(match) => {
				const contact = contacts.find((c) => c.vid === Number(match[1]));
				return contact
					? [200, profile(contact)]
					: [404, { status: 'error', message: 'contact does not exist' }];
			},
		],
		[
			'POST',
			/^\/engagements\/v1\/engagements$/,
			(match, body) => {
				const engagement = {
					engagement: {
						...body?.engagement,
						id: nextEngagementId++,
						portalId: HUBSPOT_PORTAL_ID,
						createdAt: Date.now(),
					},
					associations: body?.associations ?? {},
					metadata: body?.metadata ?? {},
				};
				engagements.push(engagement);
				return [200, engagement];
			},
		],
	];

	return {
		contacts,
		engagements,
		handle(method, path, body) {
			for (const [m, pattern, answer] of routes) {
				const match = m === method && pattern.exec(path);
				if (match) return answer(match, body);
			}
			return [
				404,
				{ status: 'error', message: `${method} ${path} is not in the HubSpot stand-in` },
			];
		},
		clear() {
			contacts.length = 0;
			engagements.length = 0;
		},
	};
}

/**
 * Starts the proxy and the HubSpot stand-in. `dir` receives the certificate. Returns
 * { url, n8nEnv, requests, contacts, engagements, contactByEmail, clear, close }.
 */
export async function startCrm({ dir, port = 0 }) {
	const { keyFile, certFile } = makeCertificate(dir);
	const api = hubspotApi();
	const requests = [];

	const hubspot = createTlsServer(
		{ key: readFileSync(keyFile), cert: readFileSync(certFile) },
		(req, res) => {
			let raw = '';
			req.on('data', (chunk) => (raw += chunk));
			req.on('end', () => {
				let body;
				try {
					body = raw === '' ? undefined : JSON.parse(raw);
				} catch {
					body = raw;
				}
				const url = new URL(req.url, `https://${HUBSPOT_HOST}`);
				requests.push({
					method: req.method,
					path: url.pathname,
					query: Object.fromEntries(url.searchParams),
					authorization: req.headers.authorization,
					body,
				});
				if (req.headers.authorization !== `Bearer ${HUBSPOT_TOKEN}`) {
					json(res, 401, { status: 'error', message: 'Authentication credentials not found.' });
					return;
				}
				const [status, answer] = api.handle(req.method, url.pathname, body);
				json(res, status, answer);
			});
		},
	);

	const proxy = createServer((req, res) => json(res, 405, { message: 'CONNECT only' }));
	const tunnels = new Set();
	proxy.on('connect', (req, socket, head) => {
		tunnels.add(socket);
		socket.on('close', () => tunnels.delete(socket));
		socket.on('error', () => socket.destroy());
		const target = /^\[?([^\]]+?)\]?:(\d+)$/.exec(String(req.url));
		if (!target) {
			socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
			return;
		}
		const [, host, port] = target;
		if (host !== HUBSPOT_HOST) {
			// every other host is tunnelled unchanged, as without a proxy
			const upstream = connect(Number(port), host, () => {
				socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				if (head?.length) upstream.write(head);
				upstream.pipe(socket);
				socket.pipe(upstream);
			});
			tunnels.add(upstream);
			upstream.on('close', () => tunnels.delete(upstream));
			upstream.on('error', () => {
				if (socket.writable) socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
				socket.destroy();
			});
			socket.on('close', () => upstream.destroy());
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head?.length) socket.unshift(head);
		hubspot.emit('connection', socket);
	});
	await new Promise((resolve, reject) => {
		proxy.once('error', reject);
		proxy.listen(port, LOOPBACK, resolve);
	});
	const url = `http://${LOOPBACK}:${proxy.address().port}`;

	return {
		url,
		/** Environment for n8n: HubSpot calls through this proxy, everything on loopback direct. */
		n8nEnv: {
			HTTPS_PROXY: url,
			NO_PROXY: `${LOOPBACK},localhost,::1`,
			NODE_EXTRA_CA_CERTS: certFile,
		},
		requests,
		contacts: api.contacts,
		engagements: api.engagements,
		contactByEmail: (email) => api.contacts.find((c) => c.properties.email === email.toLowerCase()),
		/** Requests to one path (exact) or matching a RegExp. */
		on: (path) =>
			requests.filter((r) => (path instanceof RegExp ? path.test(r.path) : r.path === path)),
		clear: () => {
			requests.length = 0;
			api.clear();
		},
		close: () =>
			new Promise((resolve) => {
				for (const socket of tunnels) socket.destroy();
				proxy.close(() => resolve());
				proxy.closeAllConnections();
			}),
	};
}
