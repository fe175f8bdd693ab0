import { idFormatHints, paths } from '../../../nodes/shared/apiContract';

describe('apiContract › paths', () => {
	it('puts any ID into one percent-encoded path segment', () => {
		expect(paths.chatEvent('v/1', 1042, 'ev:1/2 #?')).toBe(
			'/visitors/v%2F1/chats/1042/events/ev%3A1%2F2%20%23%3F',
		);
		expect(paths.subscription('..%2F')).toBe('/events/subscriptions/..%252F');
	});

	it.each(['', '.', '..'])('refuses %j, which a URL parser would resolve away', (id) => {
		expect(() => paths.visitor(id)).toThrow(`"${id}" cannot be a Chaport ID`);
		expect(() => paths.chat('6630c1d2e3f4a5b6c7d8e9f0', id)).toThrow();
	});
});

describe('apiContract › idFormatHints', () => {
	it('names only the IDs whose form differs from the documented one', () => {
		expect(
			idFormatHints({
				visitor: '6630c1d2e3f4a5b6c7d8e9f0',
				chat: 'c-7',
				operator: ['5f2b7c9e1a4d3e0012ab34cd', 'bob'],
			}),
		).toEqual([
			'"c-7" does not look like a Chaport chat ID (usually a whole number).',
			'"bob" does not look like a Chaport operator ID (usually 24 hexadecimal characters).',
		]);
		expect(idFormatHints(undefined)).toEqual([]);
	});
});
