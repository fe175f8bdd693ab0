import { ChaportTrigger } from '../../../nodes/ChaportTrigger/ChaportTrigger.node';
import { canvasSubtitle, CHAPORT_TRIGGER_NODE_TYPE } from '../../harness/nodeTypes';
import { searchOperators } from '../../../nodes/shared/methods/listSearch';
import { WEBHOOK_EVENTS } from '../../../nodes/shared/apiContract';

describe('Chaport Trigger › description', () => {
	const node = new ChaportTrigger();
	const { description } = node;

	it('is a webhook trigger, not an AI tool', () => {
		expect(description).toMatchObject({
			name: 'chaportTrigger',
			displayName: 'Chaport Trigger',
			inputs: [],
			group: ['trigger'],
		});
		expect(description).not.toHaveProperty('usableAsTool');
		expect(description.webhooks).toEqual([
			expect.objectContaining({
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			}),
		]);
		expect(description.credentials).toEqual([{ name: 'chaportApi', required: true }]);
		expect(description.subtitle).toContain('$parameter["events"]');
		expect(Object.keys(node.webhookMethods.default).sort()).toEqual([
			'checkExists',
			'create',
			'delete',
		]);
		expect(node.methods.listSearch.searchOperators).toBe(searchOperators);
	});

	it('offers every known event, marking the unconfirmed ones', () => {
		const events = description.properties.find((p) => p.name === 'events')!;
		expect(events.type).toBe('multiOptions');
		const options = events.options as Array<{ value: string; description: string }>;
		expect(options.map((o) => o.value).sort()).toEqual(WEBHOOK_EVENTS.map((e) => e.value).sort());
		for (const event of WEBHOOK_EVENTS) {
			const option = options.find((o) => o.value === event.value)!;
			expect(option.description.includes('unconfirmed')).toBe(!event.confirmed);
		}
	});

	it('has the options of the issue with safe defaults', () => {
		const options = description.properties.find((p) => p.name === 'options')!.options as Array<{
			name: string;
			default: unknown;
			type: string;
		}>;
		const byName = Object.fromEntries(options.map((o) => [o.name, o]));
		expect(byName.verifySecret.default).toBe(true);
		// An Include option the user adds does what it says: adding it turns it on.
		expect(byName.includeChat.default).toBe(true);
		expect(byName.includeTranscript.default).toBe(true);
		expect(byName.includeVisitor.default).toBe(true);
		expect(byName.transcriptWaitSeconds.default).toBe(20);
		expect(byName.ignoreOperatorId.type).toBe('resourceLocator');
		expect(Object.keys(byName).sort()).toEqual([
			'ignoreOperatorId',
			'includeChat',
			'includeTranscript',
			'includeVisitor',
			'transcriptWaitSeconds',
			'verifySecret',
		]);
	});
});

describe('Chaport Trigger on the canvas', () => {
	const { description } = new ChaportTrigger();
	const subtitleFor = (events: string[]) => canvasSubtitle(CHAPORT_TRIGGER_NODE_TYPE, { events });

	it('subtitles the selected events by their names, not their API values', () => {
		expect(subtitleFor(['chat.started', 'chat.finished'])).toBe('Chat Started, Chat Finished');
		expect(subtitleFor(['chat.newEvent.visitorMessage'])).toBe('New Visitor Message');
		expect(subtitleFor([])).toBe('');
	});

	it('describes the Chaport pair, since n8n shows its description on their shared node-panel entry', () => {
		expect(description.description).toMatch(/start workflows on chat events/);
		expect(description.description).toMatch(/visitors, chats, messages/);
		expect(description.documentationUrl).toBe(
			'https://github.com/chaport-n8n/n8n-nodes-chaport#chaport-trigger',
		);
	});
});
