import type { IExecuteFunctions } from 'n8n-workflow';

import { fingerprint } from '../../../shared/fingerprint';

export interface MessageFingerprint {
	visitorId: string;
	operatorId: string;
	text: string;
	chatId?: number | string;
}

/** Per execution of the node: for each input item, how many identical sends come before it. */
const occurrencesByExecution = new WeakMap<object, Array<number | undefined>>();

/**
 * Numbers identical sends within one execution's input: the first send of a given message to a
 * given visitor is 0, the next identical one 1, and so on. Items whose parameters cannot be read
 * are left out (they fail on their own). Computed once per execution, so the cost per item is
 * constant.
 */
function occurrences(
	context: IExecuteFunctions,
	readMessage: (itemIndex: number) => MessageFingerprint,
): Array<number | undefined> {
	const cached = occurrencesByExecution.get(context);
	if (cached) return cached;
	const seen = new Map<string, number>();
	const result = context.getInputData().map((_, itemIndex) => {
		let digest: string;
		try {
			digest = fingerprint(readMessage(itemIndex));
		} catch {
			return undefined;
		}
		const occurrence = seen.get(digest) ?? 0;
		seen.set(digest, occurrence + 1);
		return occurrence;
	});
	occurrencesByExecution.set(context, result);
	return result;
}

/**
 * The idempotency key of a send: the same whenever the same node of the same workflow sends the
 * same text as the same operator to the same visitor (and chat), as the same occurrence among
 * identical sends in its input. It does not depend on the item's position or on any other field
 * of the item, so a re-run with the items reordered, with new items added, with only the failed
 * items, or through Retry On Fail, sends nothing twice; while two identical sends in one input
 * (occurrences 0 and 1) still send two messages. Never built from the execution ID, which changes
 * per run.
 */
export function deriveIdempotencyKey(
	this: IExecuteFunctions,
	itemIndex: number,
	message: MessageFingerprint,
	readMessage: (itemIndex: number) => MessageFingerprint,
): string {
	const node = this.getNode();
	const occurrence = occurrences(this, readMessage)[itemIndex] ?? 0;
	const digest = fingerprint({
		workflow: this.getWorkflow().id ?? '',
		node: node.id ?? node.name,
		visitorId: message.visitorId,
		operatorId: message.operatorId,
		text: message.text,
		chatId: message.chatId,
		occurrence,
	});
	return `n8n-${digest}`;
}
