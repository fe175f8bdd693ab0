import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

/** JSON with object keys sorted, so that the same data always hashes the same. */
export function canonicalJson(value: unknown): string {
	if (value === undefined) return 'null';
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const record = value as Record<string, unknown>;
	const entries = Object.keys(record)
		.filter((key) => record[key] !== undefined)
		.sort()
		.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
	return `{${entries.join(',')}}`;
}

export interface MessageFingerprint {
	visitorId: string;
	operatorId: string;
	text: string;
	chatId?: number;
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
	const fingerprint = canonicalJson({
		workflow: this.getWorkflow().id ?? '',
		node: node.id ?? node.name,
		itemIndex,
		item: item?.json ?? {},
		...message,
	});
	return `n8n-${createHash('sha256').update(fingerprint).digest('hex').slice(0, 40)}`;
}
