import {
	ALTERNATIVE_ALTERNATIVES,
	DEFAULT_ALTERNATIVES,
	MODE_ENV,
	startSandbox,
} from '../../sandbox';
import { parseSwitch, resolveAlternatives } from '../../sandbox/alternatives';
import { parseArgs } from '../../sandbox/cli';

describe('sandbox switches', () => {
	it('the alternative mode flips every switch', () => {
		for (const key of Object.keys(DEFAULT_ALTERNATIVES) as Array<
			keyof typeof DEFAULT_ALTERNATIVES
		>) {
			if (key === 'deliveryLink') continue; // tested on its own, see alternatives.ts
			expect([key, ALTERNATIVE_ALTERNATIVES[key]]).not.toEqual([key, DEFAULT_ALTERNATIVES[key]]);
		}
	});

	it('single switches go on top of a mode; unknown ones are refused', () => {
		expect(resolveAlternatives('default', { customUpdate: 'replace' })).toEqual({
			...DEFAULT_ALTERNATIVES,
			customUpdate: 'replace',
		});
		expect(() =>
			resolveAlternatives('alternative', { nope: 1 } as unknown as Record<string, never>),
		).toThrow('Unknown sandbox switch nope');
	});

	it('reads --mode and repeated --switch flags, typed like the defaults', () => {
		expect(
			parseArgs(
				[
					'--mode',
					'alternative',
					'--switch',
					'pageSize=3',
					'--switch=linksOnChatGet=true',
					'--switch',
					'errorBody=text',
				],
				{},
			),
		).toMatchObject({
			mode: 'alternative',
			alternatives: { pageSize: 3, linksOnChatGet: true, errorBody: 'text' },
		});
		expect(parseArgs([], { [MODE_ENV]: 'alternative' }).mode).toBe('alternative');
		expect(() => parseArgs(['--mode', 'other'], {})).toThrow(/default, alternative/);
		expect(() => parseSwitch('colour=red')).toThrow('Unknown sandbox switch colour');
	});

	it('a started sandbox says which answers are in force', async () => {
		const sandbox = await startSandbox({
			port: 0,
			visitors: 1,
			mode: 'alternative',
			alternatives: { errorBody: 'string' },
		});
		try {
			expect(sandbox.state.options.mode).toBe('alternative');
			expect(sandbox.state.options.alternatives).toEqual({
				...ALTERNATIVE_ALTERNATIVES,
				errorBody: 'string',
			});
			expect(sandbox.state.options.pageSize).toBe(ALTERNATIVE_ALTERNATIVES.pageSize);
		} finally {
			await sandbox.close();
		}
	});
});
