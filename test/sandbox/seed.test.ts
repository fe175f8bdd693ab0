import { SEED_EPOCH, type Sandbox, startSandbox } from '../../sandbox';
import { generateSeed } from '../../sandbox/seed';
import { resolveOptions } from '../../sandbox/types';
import { HEX24, ISO_MS, call, get } from './helpers';

describe('sandbox: deterministic seed data', () => {
	it('the same seed gives identical data, ids included', () => {
		const a = generateSeed(resolveOptions({ seed: 42 }));
		const b = generateSeed(resolveOptions({ seed: 42 }));
		expect(JSON.stringify(a)).toBe(JSON.stringify(b));
		const c = generateSeed(resolveOptions({ seed: 43 }));
		expect(c.visitors[0].id).not.toBe(a.visitors[0].id);
	});

	it('honours the size options and the defaults (4 operators, 45 visitors, 3 chats, 4 events)', () => {
		const data = generateSeed(resolveOptions());
		expect(data.operators).toHaveLength(4);
		expect(data.visitors).toHaveLength(45);
		for (const v of data.visitors) {
			expect(v.chats).toHaveLength(3);
			for (const chat of v.chats) expect(chat.events).toHaveLength(4);
		}
		const small = generateSeed(
			resolveOptions({ operators: 1, visitors: 2, chatsPerVisitor: 1, eventsPerChat: 7 }),
		);
		expect(small.operators).toHaveLength(1);
		expect(small.visitors.map((v) => v.chats[0].events.length)).toEqual([7, 7]);
	});

	it('puts the owner first and generates well-formed objects', () => {
		const data = generateSeed(resolveOptions({ operators: 12, visitors: 30 }));
		expect(data.operators[0]).toMatchObject({
			email: 'owner@example.com',
			name: 'Dana Owner',
			role: 'admin',
		});
		expect(data.ownerId).toBe(data.operators[0].id);
		const emails = data.operators.map((o) => o.email);
		expect(new Set(emails).size).toBe(emails.length);
		const ids = [
			...data.operators.map((o) => o.id),
			...data.visitors.map((v) => v.id),
			...data.visitors.flatMap((v) => v.chats.flatMap((c) => c.events.map((e) => e.id))),
		];
		expect(ids.every((id) => HEX24.test(id))).toBe(true);
		expect(new Set(ids).size).toBe(ids.length);
		for (const v of data.visitors) {
			expect(v.createdAt).toMatch(ISO_MS);
			expect(Date.parse(v.createdAt)).toBeGreaterThanOrEqual(SEED_EPOCH);
			const stages = v.chats.map((c) => c.stage);
			expect(stages.slice(0, -1).every((s) => s === 'closed')).toBe(true);
		}
	});

	it('mixes visitor, operator, bot and page-opened events and fills the 6.1 fields', () => {
		const data = generateSeed(resolveOptions());
		const types = new Set(
			data.visitors.flatMap((v) => v.chats.flatMap((c) => c.events.map((e) => e.type))),
		);
		expect([...types].sort()).toEqual([
			'bot-message',
			'operator-message',
			'page-opened',
			'visitor-message',
		]);
		const some = (pred: (v: (typeof data.visitors)[number]) => boolean) => data.visitors.some(pred);
		expect(some((v) => v.email !== '')).toBe(true);
		expect(some((v) => v.phone !== '')).toBe(true);
		expect(some((v) => Object.keys(v.custom).length > 0)).toBe(true);
		expect(some((v) => v.utm.source !== undefined)).toBe(true);
		expect(some((v) => v.emailMarketingConsent)).toBe(true);
		const ops = new Set(data.operators.map((o) => o.id));
		for (const v of data.visitors) {
			for (const c of v.chats) {
				for (const e of c.events.filter((x) => x.type === 'operator-message')) {
					expect(ops.has(String(e.params.operatorId))).toBe(true);
					expect(c.operators).toContain(e.params.operatorId);
				}
			}
		}
	});

	it('assigns chat ids account-wide in creation order', () => {
		const data = generateSeed(resolveOptions());
		const chats = data.visitors.flatMap((v) => v.chats);
		const byId = [...chats].sort((a, b) => a.id - b.id);
		const times = byId.map((c) => Date.parse(c.createdAt));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(byId[0].id).toBe(1001);
		expect(data.nextChatId).toBe(1001 + chats.length);
	});

	describe('over HTTP', () => {
		let a: Sandbox;
		let b: Sandbox;
		beforeAll(async () => {
			a = await startSandbox({ port: 0, seed: 9 });
			b = await startSandbox({ port: 0, seed: 9 });
		});
		afterAll(async () => {
			await a.close();
			await b.close();
		});

		it('two sandboxes with the same seed serve the same bodies', async () => {
			for (const path of ['/operators', '/visitors?page=2', '/me.json']) {
				expect((await get(a, path)).text).toBe((await get(b, path)).text);
			}
			const id = a.state.visitors[5].id;
			expect((await get(a, `/visitors/${id}/chats`)).text).toBe(
				(await get(b, `/visitors/${id}/chats`)).text,
			);
		});

		it('runtime ids are deterministic too, and reset restores the seed', async () => {
			const create = async (s: Sandbox) =>
				(
					await call(s, 'POST', '/events/subscriptions', {
						targetUrl: 'http://x.test/h',
						event: 'chat.started',
					})
				).body.result.id;
			const [idA, idB] = [await create(a), await create(b)];
			expect(idA).toBe(idB);
			const chatA = await a.control.startChat({ text: 'hi' });
			const chatB = await b.control.startChat({ text: 'hi' });
			expect(chatA).toEqual(chatB);
			a.reset();
			expect(await create(a)).toBe(idA);
			expect(a.state.visitors.map((v) => v.id)).toEqual(
				b.state.visitors.slice(0, 45).map((v) => v.id),
			);
		});
	});
});
