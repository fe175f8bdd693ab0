// The Chaport API credential in n8n's own HTTP Request node (Authentication: Predefined Credential
// Type -> Chaport API), for endpoints the Chaport node does not cover.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { nodeOutput } from '../lib/n8n.mjs';
import { credentialRef, runChain, webhookChain } from '../lib/workflows.mjs';

export const tests = [
	[
		'HTTP Request with the predefined Chaport API credential calls the sandbox with the token',
		async (ctx) => {
			const node = {
				id: randomUUID(),
				name: 'Chaport Via HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [0, 0],
				parameters: {
					method: 'GET',
					url: `${ctx.sandbox.baseUrl}/operators`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'chaportApi',
					options: {},
				},
				credentials: credentialRef(ctx.credential),
			};
			const { execution } = await runChain(
				ctx.n8n,
				webhookChain('e2e: HTTP Request with chaportApi', [node]),
			);
			assert.equal(execution.status, 'success');
			const [item] = nodeOutput(execution, node.name);
			const operators = (await ctx.sandbox.state()).operators;
			assert.deepEqual(
				item.result.map((o) => o.id),
				operators.map((o) => o.id),
			);
			const call = (await ctx.sandbox.requests())
				.filter((r) => r.path === '/api/v1/operators')
				.at(-1);
			assert.equal(call.headers.authorization, `Bearer ${ctx.sandbox.token}`);
			assert.equal(call.status, 200);
		},
	],
];
