import type { IExecuteFunctions } from 'n8n-workflow';

import { requireChatId, requireHexId } from '../../shared/validation';

/** The 'Visitor' resource locator's ID, checked before it goes into a request path. */
export function readVisitorId(this: IExecuteFunctions, itemIndex: number): string {
	return requireHexId(
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
	return requireHexId(
		this,
		this.getNodeParameter('operatorId', itemIndex, '', { extractValue: true }),
		label,
		itemIndex,
	);
}

/** The 'Chat ID' parameter as the positive whole number Chaport uses. */
export function readChatId(this: IExecuteFunctions, itemIndex: number): number {
	return requireChatId(this, this.getNodeParameter('chatId', itemIndex, ''), 'Chat ID', itemIndex);
}
