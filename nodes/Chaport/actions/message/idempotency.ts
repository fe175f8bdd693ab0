import type { IExecuteFunctions } from 'n8n-workflow';

import { fingerprint } from '../../../shared/fingerprint';

export interface MessageFingerprint {
	visitorId: string;
	operatorId: string;
	text: string;
	chatId?: number | string;
}

/**
 * A key that is the same whenever this node sends the same message for the same input item, so
 * that a re-run of the workflow (or a retried request) does not message the visitor twice.
 * Built from what identifies the send, never from the execution id, which changes per run.
 */
export function deriveIdempotencyKey(
	this: IExecuteFunctions,
	itemIndex: number,
	message: MessageFingerprint,
): string {
	const node = this.getNode();
	const item = this.getInputData()[itemIndex];
	const digest = fingerprint({
		workflow: this.getWorkflow().id ?? '',
		node: node.id ?? node.name,
		itemIndex,
		item: item?.json ?? {},
		...message,
	});
	return `n8n-${digest}`;
}
