/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// The alternative pass (`npm run test:alternative`) re-runs the tests that talk to the sandbox,
// with the sandbox answering every open API question the other way. A test belongs to it when
// its full name (describe blocks and title) mentions the sandbox; the others (nock tests that pin
// one answer shape, pure validation) ran in the first pass and are not registered here at all,
// so the pass reports only what it runs. A block left without tests drops its hooks too (jest
// refuses hooks in an empty block).
export {};

const SANDBOX = /sandbox/i;
type Hook = (fn: jest.ProvidesHookCallback, timeout?: number) => void;
const HOOKS = ['beforeAll', 'afterAll', 'beforeEach', 'afterEach'] as const;
type HookName = (typeof HOOKS)[number];

interface Block {
	title: string;
	tests: number;
	hooks: Array<[HookName, jest.ProvidesHookCallback, number | undefined]>;
}
const open: Block[] = [];
const inPass = (title: unknown) =>
	SANDBOX.test([...open.map((block) => block.title), String(title)].join(' '));
const counted = () => open.forEach((block) => block.tests++);

const real = {
	describe: global.describe,
	it: global.it,
	hooks: Object.fromEntries(HOOKS.map((name) => [name, global[name] as Hook])) as Record<
		HookName,
		Hook
	>,
};

const describeInPass = ((title: string, body: () => void) =>
	real.describe(title, () => {
		const block: Block = { title: String(title), tests: 0, hooks: [] };
		open.push(block);
		try {
			body();
		} finally {
			open.pop();
		}
		if (block.tests > 0) {
			for (const [name, fn, timeout] of block.hooks) real.hooks[name](fn, timeout);
		}
	})) as jest.Describe;
global.describe = Object.assign(describeInPass, real.describe);

for (const name of HOOKS) {
	(global as Record<HookName, Hook>)[name] = (fn, timeout) => {
		const block = open[open.length - 1];
		if (block) block.hooks.push([name, fn, timeout]);
		else real.hooks[name](fn, timeout);
	};
}

const itInPass = ((title: string, fn?: jest.ProvidesCallback, timeout?: number) => {
	if (!inPass(title)) return;
	counted();
	real.it(title, fn, timeout);
}) as jest.It;
const eachInPass = ((table: readonly unknown[]) =>
	(title: string, fn: (...args: unknown[]) => unknown, timeout?: number) => {
		if (!inPass(title)) return;
		counted();
		real.it.each(table as unknown[][])(title, fn, timeout);
	}) as unknown as jest.Each;
global.it = Object.assign(itInPass, real.it, { each: eachInPass });
global.test = global.it;
