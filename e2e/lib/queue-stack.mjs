// n8n in queue mode on one machine, the way the README tells users to run it: PostgreSQL and
// Redis (Debian packages, services.mjs), one main (`n8n start`: editor, API, trigger activation),
// webhook processors (`n8n webhook`) behind a round-robin load balancer that WEBHOOK_URL points
// at, and workers (`n8n worker`) that run the executions. n8n-nodes-chaport is installed in every
// instance's own user folder, as a community install leaves it. Plus the sandbox and the sink.
import { readFileSync } from 'node:fs';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { startBalancer } from './balancer.mjs';
import { installPackage, N8n } from './n8n.mjs';
import { freePort } from './net.mjs';
import { onCleanup } from './processes.mjs';
import { startSandbox } from './sandbox.mjs';
import { startPostgres, startRedis } from './services.mjs';
import { startSink } from './sink.mjs';
import { CREDENTIAL_NAME, OWNER } from './stack.mjs';

/**
 * Settings only this lane changes from n8n's defaults: a worker that dies loses its job's lock
 * after 20 s (default 60 s), the stalled job is noticed within 10 s (default 30 s), and the main
 * looks for executions whose job is gone every minute (default 180), so the crash test does not
 * wait minutes. Users need none of this.
 */
const CRASH_DETECTION = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '10000',
	N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1',
};

export async function startQueueStack({
	repoDir,
	harnessDir,
	workDir,
	webhooks = 2,
	workers = 2,
	extraEnv = {},
	log = () => {},
}) {
	rmSync(workDir, { recursive: true, force: true });
	mkdirSync(workDir, { recursive: true });

	const sink = await startSink(0);
	onCleanup(() => sink.close());
	const sandbox = await startSandbox({
		repoDir,
		port: await freePort(),
		logFile: join(workDir, 'sandbox.log'),
	});
	log(`Chaport sandbox on ${sandbox.baseUrl}`);

	const postgres = await startPostgres({ dir: workDir, port: await freePort(), log });
	const redis = await startRedis({ dir: workDir, port: await freePort(), log });

	const webhookPorts = [];
	for (let i = 0; i < webhooks; i++) webhookPorts.push(await freePort());
	const balancer = await startBalancer(webhookPorts.map((p) => `http://127.0.0.1:${p}`));
	onCleanup(() => balancer.close());
	log(`load balancer on ${balancer.url} -> webhook processors on ports ${webhookPorts.join(', ')}`);

	const common = {
		EXECUTIONS_MODE: 'queue',
		...postgres.env,
		...redis.env,
		...CRASH_DETECTION,
		...extraEnv,
	};
	const instance = async (name, command, options = {}) => {
		const userFolder = join(workDir, name);
		installPackage(repoDir, userFolder);
		return new N8n({
			harnessDir,
			userFolder,
			name,
			command,
			port: options.port ?? (await freePort()),
			brokerPort: await freePort(),
			healthPort: options.healthPort,
			webhookUrl: `${balancer.url}/`,
			logFile: join(workDir, `${name}.log`),
			extraEnv: { ...common, ...options.env },
		});
	};

	// The main first: it creates the database schema.
	const main = await instance('main', 'start', {
		env: {
			// manual runs go to the workers too, and production webhooks only to the processors
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		},
	});
	log(`starting the main on ${main.url}`);
	log(`main ready in ${((await main.start()) / 1000).toFixed(1)} s`);

	const webhookProcessors = [];
	for (let i = 0; i < webhooks; i++) {
		webhookProcessors.push(await instance(`webhook${i + 1}`, 'webhook', { port: webhookPorts[i] }));
	}
	const workerInstances = [];
	for (let i = 0; i < workers; i++) {
		const healthPort = await freePort();
		workerInstances.push(
			await instance(`worker${i + 1}`, 'worker', {
				healthPort,
				env: {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				},
			}),
		);
	}
	const started = Date.now();
	await Promise.all([...webhookProcessors, ...workerInstances].map((p) => p.start()));
	log(
		`${webhooks} webhook processor(s) and ${workers} worker(s) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);

	await main.setupOwner(OWNER);
	await main.createApiKey();
	const credential = await main.createCredential(CREDENTIAL_NAME, 'chaportApi', {
		accessToken: sandbox.token,
		region: 'custom',
		baseUrl: sandbox.baseUrl,
	});
	return {
		sink,
		sandbox,
		postgres,
		redis,
		balancer,
		main,
		// the suite's helpers (workflows.mjs) talk to `n8n`: the main
		n8n: main,
		webhookProcessors,
		workers: workerInstances,
		credential,
		workDir,
	};
}

/** The worker whose log says it started the execution, or undefined. */
export function workerThatRan(workers, executionId) {
	const line = new RegExp(`Worker started execution ${executionId} \\(`);
	return workers.find((w) => {
		try {
			return line.test(readFileSync(w.logFile, 'utf8'));
		} catch {
			return false;
		}
	});
}
