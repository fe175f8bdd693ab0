// The CRM examples (examples/*hubspot*.json) with n8n's own HubSpot node running unchanged: its
// calls to https://api.hubapi.com reach the local HubSpot stand-in (lib/crm.mjs) through n8n's
// HTTPS proxy. Slack is replaced by the sink as in the other examples, the Chaport part runs
// against the sandbox. Asserts what HubSpot received and what was written back into Chaport.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { screenshotsWanted, signedInPage } from '../lib/browser.mjs';
import { HUBSPOT_PORTAL_ID } from '../lib/crm.mjs';
import { channelOf, readExamples, useCredential, withSink } from '../lib/examples.mjs';
import { http, waitFor } from '../lib/net.mjs';
import { triggerListening } from '../lib/workflows.mjs';

const CONTACT_EXAMPLE = 'chat-started-to-hubspot-contact.json';
const TIMELINE_EXAMPLE = 'chats-finished-to-hubspot-timeline.json';

function example(ctx, file) {
	const found = readExamples(join(ctx.repoDir, 'examples')).find((e) => e.file === file);
	assert.ok(found, `examples/${file} is missing`);
	return found.workflow;
}

async function activate(ctx, file, options) {
	const workflow = withSink(
		useCredential(example(ctx, file), ctx.credential, ctx.hubspotCredential),
		ctx.sink.url,
		options,
	);
	workflow.name = `e2e: ${workflow.name}`;
	const created = await ctx.n8n.createWorkflow(workflow);
	await ctx.n8n.activate(created.id);
	// n8n answers 404 for a moment after activation: a delivery sent then is lost
	const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-chaport.chaportTrigger');
	if (trigger) await triggerListening(ctx, trigger.webhookId);
	return created.id;
}

async function latestExecution(ctx, workflowId, count) {
	const [latest] = await ctx.n8n.waitForExecutions(workflowId, count);
	return await ctx.n8n.api('GET', `/executions/${latest.id}?includeData=true`);
}

/** The canvas pictures the README shows, under docs/. */
const SCREENSHOTS = [
	[CONTACT_EXAMPLE, 'example-hubspot-contact.png'],
	[TIMELINE_EXAMPLE, 'example-hubspot-timeline.png'],
];

const failure = (execution) => JSON.stringify(execution.data?.resultData?.error ?? null);

export const tests = [
	[
		'chat started -> HubSpot contact: the CRM gets e-mail, name, phone, country; its id and link land in the visitor',
		async (ctx) => {
			const id = await activate(ctx, CONTACT_EXAMPLE);
			try {
				const slack = channelOf('Tell the Team');
				const before = ctx.sink.on(slack).length;

				// a visitor without an e-mail stays out of the CRM
				const anonymous = await ctx.sandbox.startChat({ name: 'Anon Ymous', text: 'Just looking' });
				const skipped = await latestExecution(ctx, id, 1);
				assert.equal(skipped.status, 'success', failure(skipped));
				assert.equal(ctx.crm.on(/createOrUpdate/).filter((r) => r.path.includes('anon')).length, 0);
				const anonymousVisitor = (await ctx.sandbox.api('GET', `/visitors/${anonymous.visitorId}`))
					.body.result;
				assert.deepEqual(anonymousVisitor.custom, {});

				// a visitor with an e-mail (and a phone, set by an operator) becomes a contact
				const email = `ada.${randomUUID().slice(0, 8)}@example.com`;
				const { visitorId } = await ctx.sandbox.startChat({
					name: 'Ada King Lovelace',
					email,
					text: 'Hi, I would like a quote',
				});
				const execution = await latestExecution(ctx, id, 2);
				assert.equal(execution.status, 'success', failure(execution));

				const upserts = ctx.crm.on(`/contacts/v1/contact/createOrUpdate/email/${email}`);
				assert.equal(upserts.length, 1, 'one create-or-update call for the visitor');
				assert.equal(upserts[0].method, 'POST');
				const sent = Object.fromEntries(
					upserts[0].body.properties.map(({ property, value }) => [property, value]),
				);
				assert.deepEqual(sent, {
					firstname: 'Ada',
					lastname: 'King Lovelace',
					country: 'DE',
				});
				const contact = ctx.crm.contactByEmail(email);
				assert.ok(contact, 'the stand-in has the contact');

				const visitor = (await ctx.sandbox.api('GET', `/visitors/${visitorId}`)).body.result;
				assert.equal(String(visitor.custom.hubspotContactId), String(contact.vid));
				assert.equal(
					visitor.custom.hubspotContactUrl,
					`https://app.hubspot.com/contacts/${HUBSPOT_PORTAL_ID}/record/0-1/${contact.vid}`,
				);

				const posts = ctx.sink.on(slack).slice(before);
				assert.equal(posts.length, 1, 'one Slack note, for the visitor with an e-mail only');
				assert.equal(
					posts[0].body.text,
					`:bust_in_silhouette: *Ada King Lovelace* (${email}) started a chat. HubSpot contact: ${visitor.custom.hubspotContactUrl}`,
				);

				// the same visitor again: the contact is updated, not duplicated, phone included
				const phoned = await ctx.sandbox.api('PUT', `/visitors/${visitorId}`, {
					phone: '+44 20 7946 0000',
				});
				assert.equal(phoned.status, 200, phoned.text);
				await ctx.sandbox.finishChat(visitorId);
				await ctx.sandbox.startChat({ visitorId, text: 'Me again' });
				const again = await latestExecution(ctx, id, 3);
				assert.equal(again.status, 'success', failure(again));
				const second = ctx.crm.on(`/contacts/v1/contact/createOrUpdate/email/${email}`)[1];
				assert.ok(second, 'a second create-or-update call');
				assert.ok(
					second.body.properties.some(
						(p) => p.property === 'phone' && p.value === '+44 20 7946 0000',
					),
					JSON.stringify(second.body),
				);
				assert.equal(ctx.crm.contacts.filter((c) => c.properties.email === email).length, 1);
			} finally {
				await ctx.n8n.deactivate(id);
			}
		},
	],
	[
		'finished chats -> HubSpot timeline: each finished chat is logged once on its contact, with the transcript',
		async (ctx) => {
			const schedulePath = `e2e-crm-schedule-${randomUUID()}`;
			const id = await activate(ctx, TIMELINE_EXAMPLE, { schedulePath });
			const run = async () => {
				const res = await waitFor('the schedule stand-in webhook', async () => {
					const r = await http('POST', `${ctx.n8n.url}/webhook/${schedulePath}`, { json: {} });
					return r.status === 404 ? false : r;
				});
				assert.equal(res.status, 200, res.text);
			};
			try {
				// the first run logs what finished during the last day (earlier tests' chats)
				await run();
				const engagements = () => ctx.crm.on('/engagements/v1/engagements');
				const afterFirst = engagements().length;

				const email = `grace.${randomUUID().slice(0, 8)}@example.com`;
				const { visitorId, chatId } = await ctx.sandbox.startChat({
					name: 'Grace Hopper',
					email,
					text: 'Does the plan include SSO?',
				});
				await ctx.sandbox.operatorReply(
					visitorId,
					'Yes, on the Business plan.',
					ctx.sandbox.ownerId,
				);
				// an open chat is not logged yet
				await run();
				assert.equal(engagements().length, afterFirst, 'an open chat was logged');

				await ctx.sandbox.finishChat(visitorId);
				await run();
				const logged = engagements().slice(afterFirst);
				assert.equal(logged.length, 1, JSON.stringify(logged.map((r) => r.body.metadata)));
				const contact = ctx.crm.contactByEmail(email);
				assert.ok(contact, 'the contact was created by e-mail');
				const { body } = logged[0];
				assert.equal(body.engagement.type, 'EMAIL');
				assert.deepEqual(body.associations.contactIds, [String(contact.vid)]);
				assert.equal(body.metadata.from.email, email);
				assert.equal(body.metadata.from.firstName, 'Grace Hopper');
				assert.equal(body.metadata.subject, `Chaport chat ${chatId} with Grace Hopper`);
				assert.match(body.metadata.html, /^<pre>[^]*<\/pre>$/);
				assert.match(body.metadata.html, /Visitor[^\n]*: Does the plan include SSO\?/);
				assert.match(body.metadata.html, /: Yes, on the Business plan\./);

				// nothing new: nothing logged, the chat is not logged twice; and chats are fetched only
				// for visitors seen lately (the seeded ones were last seen long ago)
				const requestsBefore = (await ctx.sandbox.requests()).length;
				await run();
				assert.equal(engagements().length, afterFirst + 1, 'a chat was logged twice');
				const chatLists = (await ctx.sandbox.requests())
					.slice(requestsBefore)
					.map((r) => /^\/api\/v1\/visitors\/([^/]+)\/chats$/.exec(r.path)?.[1])
					.filter(Boolean);
				assert.ok(chatLists.includes(visitorId), 'the chats of the new visitor were not read');
				const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000).toISOString();
				for (const seen of new Set(chatLists)) {
					const visitor = (await ctx.sandbox.api('GET', `/visitors/${seen}`)).body.result;
					assert.ok(visitor.lastSeenAt > twoDaysAgo, `chats read for ${JSON.stringify(visitor)}`);
				}
			} finally {
				await ctx.n8n.deactivate(id);
			}
		},
	],
	[
		'both CRM examples open in the editor with every node on the canvas (E2E_SCREENSHOTS=1: docs/ pictures)',
		async (ctx) => {
			const { page, close } = await signedInPage(ctx, { width: 1600, height: 760 });
			try {
				for (const [file, picture] of SCREENSHOTS) {
					const workflow = useCredential(example(ctx, file), ctx.credential, ctx.hubspotCredential);
					const created = await ctx.n8n.createWorkflow(workflow);
					await page.goto(`${ctx.n8n.url}/workflow/${created.id}`);
					const onCanvas = page.getByTestId('canvas-node');
					await onCanvas.first().waitFor({ timeout: 120000 });
					for (const node of workflow.nodes) {
						if (node.type === 'n8n-nodes-base.stickyNote') continue;
						await onCanvas.filter({ hasText: node.name }).first().waitFor();
					}
					if (screenshotsWanted()) {
						// let the canvas settle (fit to view, edges drawn)
						await page.waitForTimeout(1500);
						await page.screenshot({ path: join(ctx.repoDir, 'docs', picture) });
					}
				}
			} finally {
				await close();
			}
		},
	],
];
