// `npm start` (via scripts/start.sh): the Chaport sandbox, a local sink, a local HubSpot stand-in
// and a real n8n 2.41.1 with n8n-nodes-chaport installed, a "Chaport sandbox" credential, a
// HubSpot credential for the stand-in and the example workflows imported.
// Prints the editor URL and the owner login; Ctrl-C stops everything it started (by PID).
// Every start begins from a fresh n8n user folder (n8n-nodes-chaport-demo in the temp folder) and a freshly seeded sandbox.
//
// Ports (loopback only) can be changed with CHAPORT_DEMO_N8N_PORT (default 5781),
// CHAPORT_DEMO_SANDBOX_PORT (5780), CHAPORT_DEMO_BROKER_PORT (5782), CHAPORT_DEMO_SINK_PORT (5783);
// the work folder with CHAPORT_DEMO_WORK_DIR; n8n's public webhook URL (a tunnel to the n8n port,
// for a real Chaport account's deliveries) with CHAPORT_DEMO_WEBHOOK_URL.
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { activateDemoCopies, importExamples } from './lib/examples.mjs';
import { portInUse } from './lib/net.mjs';
import { cleanup, installSignalHandlers } from './lib/processes.mjs';
import { OWNER, startStack } from './lib/stack.mjs';

const e2eDir = dirname(fileURLToPath(import.meta.url));
const repoDir = dirname(e2eDir);
const env = process.env;
const ports = {
	n8n: Number(env.CHAPORT_DEMO_N8N_PORT ?? 5781),
	sandbox: Number(env.CHAPORT_DEMO_SANDBOX_PORT ?? 5780),
	broker: Number(env.CHAPORT_DEMO_BROKER_PORT ?? 5782),
	sink: Number(env.CHAPORT_DEMO_SINK_PORT ?? 5783),
};

let stopping = false;
installSignalHandlers((signal) => {
	stopping = true;
	console.log(`\n${signal}: stopping n8n, the sandbox and the sink…`);
});
try {
	for (const [what, port] of Object.entries(ports)) {
		if (await portInUse(port)) {
			throw new Error(
				`port ${port} (${what}) is already in use on 127.0.0.1; set CHAPORT_DEMO_${what.toUpperCase()}_PORT to another port`,
			);
		}
	}
	const harnessDir = env.N8N_E2E_HARNESS ?? realpathSync(join(e2eDir, '.harness'));
	// Outside the repo: n8n caches its editor bundle there, which the repo-wide lint must not read.
	const workDir = env.CHAPORT_DEMO_WORK_DIR ?? join(tmpdir(), 'n8n-nodes-chaport-demo');
	console.log(
		`npm start: starting the local sink, the Chaport sandbox and n8n on 127.0.0.1 (n8n takes 1-2 minutes)`,
	);
	const stack = await startStack({
		repoDir,
		harnessDir,
		workDir,
		ports,
		log: (line) => console.log(`npm start: ${line}`),
		webhookUrl: env.CHAPORT_DEMO_WEBHOOK_URL,
	});
	console.log('npm start: importing the example workflows and publishing their demo copies');
	const imported = await importExamples(stack, join(repoDir, 'examples'));
	const demos = await activateDemoCopies(stack, join(repoDir, 'examples'));
	const { n8n, sandbox, sink, crm } = stack;
	console.log(`
  n8n editor:   ${n8n.url}/home/workflows   (the workflows list; log in first)
  login:        ${OWNER.email} / ${OWNER.password}
  credential:   "${stack.credential.name}" (Chaport API, Custom region -> ${sandbox.baseUrl})
  examples:     ${imported.map((w) => w.name).join('\n                ') || '(none)'}
                (inactive: add your Slack / SMTP / OpenAI credentials, then publish)
  active demo copies, with Slack, e-mail and the LLM replaced by the local sink:
                ${demos.map((w) => w.name).join('\n                ') || '(none)'}

  Chaport sandbox: ${sandbox.baseUrl}  (token ${sandbox.token})
    a visitor starts a chat:  curl -X POST ${sandbox.url}/_sandbox/chats -H 'content-type: application/json' -d '{"name":"Ada","text":"Hi, I need help"}'
    the chat is finished:     curl -X POST ${sandbox.url}/_sandbox/visitors/<visitorId>/finish
    see webhook deliveries:   curl ${sandbox.url}/_sandbox/deliveries
  sink (stands in for Slack, e-mail, helpdesk, LLM): ${sink.url}  (POSTs are printed below)
  HubSpot stand-in: n8n's HubSpot node reaches it through n8n's HTTPS proxy ${crm.url}
                (credential "${stack.hubspotCredential.name}"; its calls are printed below)
  logs: ${workDir}/n8n.log, ${workDir}/sandbox.log

Press Ctrl-C to stop everything.`);
	let seen = 0;
	let crmSeen = 0;
	setInterval(() => {
		for (; seen < sink.received.length; seen++) {
			const r = sink.received[seen];
			console.log(`[sink] ${r.method} /${r.channel} ${JSON.stringify(r.body).slice(0, 300)}`);
		}
		for (; crmSeen < crm.requests.length; crmSeen++) {
			const r = crm.requests[crmSeen];
			console.log(`[hubspot] ${r.method} ${r.path} ${JSON.stringify(r.body ?? '').slice(0, 300)}`);
		}
	}, 500);
	// stays up until Ctrl-C (the signal handler stops everything and exits)
	n8n.child.exited.then(({ code, signal }) => {
		if (stopping) return;
		console.log(`n8n exited (${code ?? signal}); stopping the rest. See ${n8n.logFile}`);
		cleanup().then(() => process.exit(1));
	});
} catch (error) {
	console.error(`npm start failed: ${error.message}`);
	await cleanup();
	process.exit(1);
}
