/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals */
// Quiet on success, loud on failure. The nodes log what they refuse or retry through n8n's
// logger, and the tests provoke hundreds of those faults on purpose; printed every time they
// bury a real failure. Console output is held per test and printed only if that test fails
// (output outside any test: if any test of the file failed).
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
type Method = (typeof methods)[number];
type Held = Array<{ method: Method; args: unknown[] }>;
type Flags = { __chaportTestFailed?: boolean; __chaportFileFailed?: boolean };

const flags = globalThis as Flags;
const real = Object.fromEntries(methods.map((m) => [m, console[m].bind(console)])) as Record<
	Method,
	(...args: unknown[]) => void
>;
let inTest: Held = [];
const outsideTests: Held = [];
let testRunning = false;

for (const method of methods) {
	console[method] = (...args: unknown[]) => {
		(testRunning ? inTest : outsideTests).push({ method, args });
	};
}
// n8n's logger (winston) writes to console._stdout / console._stderr directly.
type StreamsConsole = Console & { _stdout?: unknown; _stderr?: unknown };
const streams = console as StreamsConsole;
for (const [key, method] of [
	['_stdout', 'log'],
	['_stderr', 'error'],
] as const) {
	if (!streams[key]) continue;
	Object.defineProperty(streams, key, {
		configurable: true,
		value: {
			write: (chunk: unknown) => {
				const text = String(chunk).replace(/\n$/, '');
				(testRunning ? inTest : outsideTests).push({ method, args: [text] });
				return true;
			},
		},
	});
}

const print = (held: Held) => {
	for (const { method, args } of held) real[method](...args);
};

beforeEach(() => {
	testRunning = true;
	inTest = [];
});

afterEach(() => {
	testRunning = false;
	if (flags.__chaportTestFailed) print(inTest);
	inTest = [];
});

afterAll(() => {
	if (flags.__chaportFileFailed) print(outsideTests);
});
