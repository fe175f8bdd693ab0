// The floor any node has: a minimal n8n node that makes the same calls as the Chaport node, each
// through n8n's own request helper (httpRequestWithAuthentication with the Chaport credential),
// strictly one after another, with no validation, retries or error mapping. Whatever the Chaport
// node costs above this floor is its own; the floor itself is n8n's (a new connection per request).
export const FLOOR_NODE_TYPE = 'bench.helperFloor';

async function get(ctx, url) {
	return await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'chaportApi', {
		method: 'GET',
		url,
		json: true,
	});
}

export class HelperFloor {
	description = {
		displayName: 'Helper Floor',
		name: 'helperFloor',
		group: ['transform'],
		version: 1,
		description: 'Benchmark baseline',
		defaults: { name: 'Helper Floor' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'chaportApi', required: true }],
		properties: [
			{ displayName: 'Plan', name: 'plan', type: 'string', default: 'pages' },
			{ displayName: 'Visitor', name: 'visitorId', type: 'string', default: '' },
			{ displayName: 'Chat', name: 'chatId', type: 'string', default: '' },
		],
	};

	async execute() {
		const base = String((await this.getCredentials('chaportApi')).baseUrl);
		const plan = this.getNodeParameter('plan', 0);
		const out = [];
		if (plan === 'pages') {
			for (let page = 1; ; page++) {
				const body = await get(this, `${base}/visitors?page=${page}`);
				for (const visitor of body.result) out.push(visitor);
				if (!body.links?.next || body.result.length === 0) break;
			}
		} else if (plan === 'chats') {
			const visitorId = this.getNodeParameter('visitorId', 0);
			const last = await get(this, `${base}/visitors/${visitorId}/chats`);
			out.push(last.result);
			for (const link of last.links?.more ?? []) {
				out.push(
					(await get(this, `${base}/visitors/${visitorId}/chats/${link.split('/').pop()}`)).result,
				);
			}
		} else if (plan === 'events') {
			const visitorId = this.getNodeParameter('visitorId', 0);
			const chatId = this.getNodeParameter('chatId', 0);
			const body = await get(this, `${base}/visitors/${visitorId}/chats/${chatId}/events`);
			for (const event of body.result) out.push(event);
		} else if (plan === 'send') {
			const items = this.getInputData();
			for (let i = 0; i < items.length; i++) {
				const body = await this.helpers.httpRequestWithAuthentication.call(this, 'chaportApi', {
					method: 'POST',
					url: `${base}/messages`,
					body: items[i].json,
					json: true,
				});
				out.push(body.result);
			}
		}
		return [out.map((json, i) => ({ json, pairedItem: { item: plan === 'send' ? i : 0 } }))];
	}
}
