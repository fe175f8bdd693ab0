import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CHAT_STAGES, chatUpdateKeys } from '../../../shared/apiContract';
import { target } from '../../../shared/api';
import { chaportResult } from '../../../shared/transport';
import {
	invalidParameter,
	readBoolean,
	readCollection,
	requireId,
	strictBoolean,
	strictText,
	validateRating,
} from '../../../shared/validation';
import { asObject } from '../../../shared/utils';
import { simplifyField, visitorLocator } from '../common.descriptions';
import { readVisitorId } from '../common.parameters';
import { chatOutput, fetchLastChat, noChatError } from './visitorChats';
import { collection } from '../../../shared/descriptions';

const STAGE_DESCRIPTIONS: Record<(typeof CHAT_STAGES)[number], string> = {
	closed: 'Close the chat',
	engaged: 'A conversation is going on',
	initiated: 'Started, no operator reply yet',
	offline: 'Started while no operator was online',
	responded: 'An operator has replied',
};

const stageOptions = [...CHAT_STAGES].sort().map((stage) => ({
	name: stage.charAt(0).toUpperCase() + stage.slice(1),
	value: stage,
	description: STAGE_DESCRIPTIONS[stage],
}));

const properties: INodeProperties[] = [
	visitorLocator,
	collection(
		'updateFields',
		[
			{
				displayName: 'Missed',
				name: 'missed',
				type: 'boolean',
				default: true,
				description: 'Whether the chat counts as missed (nobody answered in time)',
			},
			{
				displayName: 'Operator Names or IDs',
				name: 'operatorIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getOperators' },
				default: [],
				description:
					'Operators to assign the chat to, replacing the ones assigned now. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Rating',
				name: 'rating',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 5, numberPrecision: 0 },
				default: 5,
				description: "The visitor's satisfaction rating, a whole number from 1 (worst) to 5 (best)",
			},
			{
				displayName: 'Stage',
				name: 'stage',
				type: 'options',
				options: stageOptions,
				default: 'closed',
				description: "The chat's stage; choose Closed to close the chat",
			},
			{
				displayName: 'Team ID',
				name: 'teamId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 60d5f1a2b3c4d5e6f7a8b9c0',
				description:
					'ID of the team to assign the chat to (24 hexadecimal characters, copied from the Chaport app)',
			},
			{
				displayName: 'Unassign',
				name: 'unassign',
				type: 'boolean',
				default: true,
				description:
					"Whether to remove every operator from the chat. Cannot be combined with 'Operator Names or IDs'.",
			},
		],
		"Changes to the visitor's current or most recent chat (older chats cannot be changed). Only the fields added here are changed.",
	),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['updateLast'] } },
	properties,
);

/** Multi-options arrive as an array from the UI, or as a comma-separated string from an expression. */
function operatorIdList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') return value.split(',').filter((id) => id.trim() !== '');
	return value === undefined || value === null ? [] : [value];
}

function buildBody(this: IExecuteFunctions, fields: IDataObject, itemIndex: number): IDataObject {
	const body: IDataObject = {};
	const operatorIds = operatorIdList(fields.operatorIds);
	const assigns = fields.operatorIds !== undefined;
	if (assigns && operatorIds.length === 0) {
		throw invalidParameter(
			this,
			'Operator Names or IDs',
			'has no operator selected',
			itemIndex,
			"Select at least one operator, or use 'Unassign' to remove every operator.",
		);
	}
	const unassign =
		fields.unassign !== undefined && strictBoolean(this, fields.unassign, 'Unassign', itemIndex);
	if (assigns && unassign) {
		throw invalidParameter(
			this,
			'Unassign',
			"cannot be combined with 'Operator Names or IDs'",
			itemIndex,
			'Either assign operators or remove them all, not both.',
		);
	}
	if (assigns) {
		body[chatUpdateKeys.operators] = operatorIds.map((id) =>
			requireId(this, id, 'Operator Names or IDs', itemIndex),
		);
	} else if (unassign) {
		body[chatUpdateKeys.operators] = [];
	}
	if (fields.teamId !== undefined) {
		body[chatUpdateKeys.team] = requireId(this, fields.teamId, 'Team ID', itemIndex);
	}
	if (fields.stage !== undefined) {
		const stage = strictText(this, fields.stage, 'Stage', itemIndex).trim();
		if (!(CHAT_STAGES as readonly string[]).includes(stage)) {
			throw invalidParameter(
				this,
				'Stage',
				`must be one of ${CHAT_STAGES.join(', ')}, got "${stage}"`,
				itemIndex,
			);
		}
		body[chatUpdateKeys.stage] = stage;
	}
	if (fields.missed !== undefined) {
		body[chatUpdateKeys.missed] = strictBoolean(this, fields.missed, 'Missed', itemIndex);
	}
	if (fields.rating !== undefined) {
		body[chatUpdateKeys.rating] = validateRating(this, fields.rating, 'Rating', itemIndex);
	}
	if (Object.keys(body).length === 0) {
		throw invalidParameter(
			this,
			'Update Fields',
			'has nothing to change',
			itemIndex,
			"Add at least one field under 'Update Fields' (an 'Unassign' left off changes nothing).",
		);
	}
	return body;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	const fields = readCollection(this, 'updateFields', 'Update Fields', itemIndex);
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);
	const body = buildBody.call(this, fields, itemIndex);

	let chat = asObject(
		await chaportResult.call(this, {
			method: 'PUT',
			body,
			...target.lastChat(visitorId),
			ids: {
				visitor: visitorId,
				operator: (body[chatUpdateKeys.operators] as string[] | undefined) ?? [],
				...(typeof body[chatUpdateKeys.team] === 'string'
					? { team: body[chatUpdateKeys.team] as string }
					: {}),
			},
			itemIndex,
		}),
	);
	// The reply's body is unconfirmed: without a chat in it, read the chat back.
	if (chat.id === undefined) {
		const last = await fetchLastChat.call(this, visitorId, itemIndex);
		if (!last) throw noChatError.call(this, visitorId, itemIndex);
		chat = last.chat;
	}
	return [chatOutput(chat, visitorId, simplify)];
}
