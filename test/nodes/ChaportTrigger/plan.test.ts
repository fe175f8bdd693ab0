import { planSubscriptions } from '../../../nodes/ChaportTrigger/subscriptions';

const held = (id: string, event: string) => ({
	id,
	event,
	targetUrl: `https://n8n/webhook?s=${id}`,
});

describe('planSubscriptions', () => {
	it('keeps held subscriptions of selected events, creates the missing, removes the surplus', () => {
		const plan = planSubscriptions(
			[held('a', 'chat.started'), held('b', 'chat.finished')],
			['chat.started', 'chat.newEvent.visitorMessage'],
		);
		expect(plan).toEqual({
			keep: [held('a', 'chat.started')],
			missing: ['chat.newEvent.visitorMessage'],
			surplus: [held('b', 'chat.finished')],
		});
	});

	it('has nothing to do when what is held matches the selection', () => {
		const plan = planSubscriptions([held('a', 'chat.started')], ['chat.started']);
		expect(plan.missing).toEqual([]);
		expect(plan.surplus).toEqual([]);
	});

	it('removes everything when nothing is selected and creates everything when nothing is held', () => {
		expect(planSubscriptions([held('a', 'chat.started')], []).surplus).toHaveLength(1);
		expect(planSubscriptions([], ['chat.started', 'chat.finished']).missing).toEqual([
			'chat.started',
			'chat.finished',
		]);
	});

	it('keeps one subscription per event, preferring one with its own secret; a second one is surplus', () => {
		const own = {
			id: 'b',
			event: 'chat.started',
			targetUrl: 'https://n8n/webhook?n8nSecret=s1',
			secret: 's1',
		};
		const plan = planSubscriptions([held('a', 'chat.started'), own], ['chat.started']);
		expect(plan.keep).toEqual([own]);
		expect(plan.surplus).toEqual([held('a', 'chat.started')]);
		expect(plan.missing).toEqual([]);
	});
});
