import type { IExecuteFunctions } from 'n8n-workflow';

import { requireChatId, requireId } from '../../shared/validation';

/** The 'Visitor' resource locator's ID (opaque: refused only when it cannot be an ID). */
export function readVisitorId(this: IExecuteFunctions, itemIndex: number): string {
	return requireId(
		this,
		this.getNodeParameter('visitorId', itemIndex, '', { extractValue: true }),
		'Visitor',
		itemIndex,
	);
}

/** The operator ID of an operator locator; `label` is the parameter's display name. */
export function readOperatorId(
	this: IExecuteFunctions,
	itemIndex: number,
	label = 'Operator',
): string {
	return requireId(
		this,
		this.getNodeParameter('operatorId', itemIndex, '', { extractValue: true }),
		label,
		itemIndex,
	);
}

/** The 'Chat ID' parameter: a number when it is the whole number Chaport uses, else as given. */
export function readChatId(this: IExecuteFunctions, itemIndex: number): number | string {
	return requireChatId(this, this.getNodeParameter('chatId', itemIndex, ''), 'Chat ID', itemIndex);
}
