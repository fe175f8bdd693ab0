// Everything a suite or the demo needs, started in order: the local sink, the HubSpot stand-in
// (lib/crm.mjs), the Chaport sandbox, and n8n with the package installed, an owner, an API key and a Chaport credential pointing at
// the sandbox. Every process is stopped by PID through processes.mjs's cleanup().
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { HUBSPOT_TOKEN, startCrm } from './crm.mjs';
import { installPackage, N8n } from './n8n.mjs';
import { freePort } from './net.mjs';
import { onCleanup } from './processes.mjs';
import { startSandbox } from './sandbox.mjs';
import { startSink } from './sink.mjs';

export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	// a fixed development password for the local, loopback-only instance
	password: 'ChaportDemo1',
};

export const CREDENTIAL_NAME = 'Chaport sandbox';
export const HUBSPOT_CREDENTIAL_NAME = 'HubSpot (local stand-in)';

export async function startStack({
	repoDir,
	harnessDir,
	workDir,
	ports = {},
	echo = false,
	extraEnv = {},
	log = () => {},
	webhookUrl,
}) {
	rmSync(workDir, { recursive: true, force: true });
	mkdirSync(workDir, { recursive: true });
	const userFolder = join(workDir, 'n8n');
	installPackage(repoDir, userFolder);

	const sink = await startSink(ports.sink ?? 0);
	onCleanup(() => sink.close());
	log(`sink listening on ${sink.url}`);

	// HubSpot's API, answered locally: n8n's HubSpot node reaches it through n8n's HTTPS proxy.
	const crm = await startCrm({ dir: join(workDir, 'crm'), port: ports.crm ?? 0 });
	onCleanup(() => crm.close());
	log(`HubSpot stand-in (as HTTPS proxy) on ${crm.url}`);

	const sandbox = await startSandbox({
		repoDir,
		port: ports.sandbox ?? (await freePort()),
		logFile: join(workDir, 'sandbox.log'),
	});
	log(`Chaport sandbox on ${sandbox.baseUrl} (token ${sandbox.token})`);

	const n8n = new N8n({
		harnessDir,
		userFolder,
		port: ports.n8n ?? (await freePort()),
		brokerPort: ports.broker ?? (await freePort()),
		logFile: join(workDir, 'n8n.log'),
		echo,
		// npm start with CHAPORT_DEMO_WEBHOOK_URL: a tunnel's public URL for a real Chaport account
		extraEnv: { ...crm.n8nEnv, ...extraEnv, ...(webhookUrl ? { WEBHOOK_URL: webhookUrl } : {}) },
	});
	log(`starting n8n on ${n8n.url} (log: ${n8n.logFile})`);
	const readyMs = await n8n.start({ progress: log });
	log(`n8n ready in ${(readyMs / 1000).toFixed(1)} s`);
	await n8n.setupOwner(OWNER);
	await n8n.createApiKey();
	const credential = await n8n.createCredential(CREDENTIAL_NAME, 'chaportApi', {
		accessToken: sandbox.token,
		region: 'custom',
		baseUrl: sandbox.baseUrl,
	});
	const hubspotCredential = await n8n.createCredential(HUBSPOT_CREDENTIAL_NAME, 'hubspotAppToken', {
		appToken: HUBSPOT_TOKEN,
	});
	return { sink, sandbox, n8n, credential, hubspotCredential, crm, workDir };
}
