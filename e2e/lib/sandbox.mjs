// The Chaport sandbox (fake Chaport API, sandbox/ in the repo) as a separate process, driven
// through its HTTP control API under /_sandbox. It must have been compiled into build/ first
// (`tsc -p tsconfig.dev.json`, done by e2e.sh and scripts/start.sh).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { http, LOOPBACK, waitFor } from './net.mjs';
import { startProcess } from './processes.mjs';

export async function startSandbox({ repoDir, port, logFile, echo = false, args = [] }) {
	const cli = join(repoDir, 'build', 'sandbox', 'cli.js');
	if (!existsSync(cli))
		throw new Error(`${cli} is missing: compile the sandbox (tsc -p tsconfig.dev.json)`);
	const child = startProcess(
		'sandbox',
		process.execPath,
		[cli, '--port', String(port), '--host', LOOPBACK, ...args],
		{ cwd: repoDir, logFile, echo },
	);
	const url = `http://${LOOPBACK}:${port}`;
	await waitFor(
		'the Chaport sandbox',
		async () => {
			if (child.exitCode !== null)
				throw new Error(`the sandbox exited (${child.exitCode}), see ${logFile}`);
			return (await http('GET', `${url}/_sandbox/state`, { timeoutMs: 2000 })).status === 200;
		},
		{ timeoutMs: 30000 },
	);
	const state = (await http('GET', `${url}/_sandbox/state`)).body;
	const control = async (method, path, json) => {
		const res = await http(method, `${url}/_sandbox${path}`, { json });
		if (res.status !== 200)
			throw new Error(`sandbox ${method} ${path} -> ${res.status} ${res.text}`);
		return res.body;
	};
	return {
		child,
		url,
		baseUrl: `${url}/api/v1`,
		token: state.tokens[0],
		ownerId: state.ownerId,
		control,
		state: () => control('GET', '/state'),
		subscriptions: async () => (await control('GET', '/state')).subscriptions,
		deliveries: () => control('GET', '/deliveries'),
		requests: () => control('GET', '/requests'),
		reset: () => control('POST', '/reset'),
		startChat: (body = {}) => control('POST', '/chats', body),
		visitorMessage: (visitorId, text) =>
			control('POST', `/visitors/${encodeURIComponent(visitorId)}/messages`, { text }),
		operatorReply: (visitorId, text, operatorId) =>
			control('POST', `/visitors/${encodeURIComponent(visitorId)}/replies`, { text, operatorId }),
		finishChat: (visitorId) => control('POST', `/visitors/${encodeURIComponent(visitorId)}/finish`),
		settle: () => control('POST', '/settle'),
		/** Calls the fake Chaport REST API itself with the sandbox token. */
		api: (method, path, json) =>
			http(method, `${url}/api/v1${path}`, {
				json,
				headers: { authorization: `Bearer ${state.tokens[0]}` },
			}),
	};
}
