import type { IDataObject } from 'n8n-workflow';

import { isMessageType, operatorKeys } from '../../shared/apiContract';

// Simplified outputs keep at most 10 flat fields that workflows use most; Simplify off gives
// Chaport's raw object with every field, known or not.

const pick = (source: IDataObject, key: string) => (source[key] === undefined ? null : source[key]);

export function simplifyVisitor(visitor: IDataObject): IDataObject {
	return {
		id: pick(visitor, 'id'),
		name: pick(visitor, 'name'),
		email: pick(visitor, 'email'),
		phone: pick(visitor, 'phone'),
		notes: pick(visitor, 'notes'),
		country: pick(visitor, 'country'),
		city: pick(visitor, 'city'),
		sourceHost: pick(visitor, 'sourceHost'),
		lastSeenAt: pick(visitor, 'lastSeenAt'),
		createdAt: pick(visitor, 'createdAt'),
	};
}

export function simplifyChat(chat: IDataObject, visitorId?: string): IDataObject {
	const events = Array.isArray(chat.events) ? (chat.events as IDataObject[]) : [];
	// The assigned operators as a list; Chaport gives their IDs, a name only where its answer has one.
	const operators = (Array.isArray(chat.operators) ? (chat.operators as unknown[]) : []).map(
		(operator) => {
			const entry = operator && typeof operator === 'object' ? (operator as IDataObject) : {};
			const id = operator && typeof operator === 'object' ? entry.id : operator;
			return {
				id: id === undefined || id === null ? null : String(id),
				name: typeof entry.name === 'string' && entry.name ? entry.name : null,
			};
		},
	);
	const startPage = (chat.startPage ?? {}) as IDataObject;
	return {
		id: pick(chat, 'id'),
		visitorId: visitorId ?? null,
		stage: pick(chat, 'stage'),
		missed: pick(chat, 'missed'),
		rating: pick(chat, 'rating'),
		operators,
		team: pick(chat, 'team'),
		startPageUrl: (startPage.url as string) ?? null,
		createdAt: pick(chat, 'createdAt'),
		messageCount: events.filter((event) => isMessageType(event.type)).length,
	};
}

export function simplifyOperator(operator: IDataObject): IDataObject {
	return {
		id: pick(operator, 'id'),
		name: pick(operator, 'name'),
		email: pick(operator, 'email'),
		role: pick(operator, 'role'),
		jobTitle: pick(operator, 'jobTitle'),
		language: pick(operator, 'language'),
		status: pick(operator, operatorKeys.effectiveStatus),
		chosenStatus: pick(operator, operatorKeys.chosenStatus),
		lastActivityAt: pick(operator, 'lastActivityAt'),
		lastLoginAt: pick(operator, 'lastLoginAt'),
	};
}
