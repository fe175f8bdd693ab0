import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestObject, target } from '../../../shared/api';
import { buildOperatorStatusBody, OPERATOR_STATUSES } from '../../../shared/apiContract';
import {
	invalidParameter,
	requireFutureDateTime,
	requireOneOf,
	strictNumber,
} from '../../../shared/validation';
import { operatorLocator } from '../../../shared/descriptions';
import { statusOptions } from './fields';
import { readOperatorId } from '../common.parameters';

const KEEP_MODES = ['duration', 'until'] as const;

const SECONDS_PER_UNIT = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;
type DurationUnit = keyof typeof SECONDS_PER_UNIT;
const DURATION_UNITS = Object.keys(SECONDS_PER_UNIT) as DurationUnit[];

const properties: INodeProperties[] = [
	operatorLocator(),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: statusOptions,
		default: 'online',
		required: true,
		description: 'The status to set; it decides whether the operator gets new chats',
	},
	{
		displayName: 'Keep Status',
		name: 'keepStatus',
		type: 'options',
		options: [
			{
				name: 'For a Duration',
				value: 'duration',
				description: "Keep the status for a length of time from now (Chaport's 'ttl')",
			},
			{
				name: 'Until a Date and Time',
				value: 'until',
				description: "Keep the status until a moment in the future (Chaport's 'validUntil')",
			},
		],
		default: 'duration',
		description:
			'How long the status holds; Chaport needs exactly one of a duration or an end time',
	},
	{
		displayName: 'Duration',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		required: true,
		description: "How long the status holds, counted in 'Duration Unit' from now; must be above 0",
		displayOptions: { show: { keepStatus: ['duration'] } },
	},
	{
		displayName: 'Duration Unit',
		name: 'durationUnit',
		type: 'options',
		options: [
			{ name: 'Days', value: 'days' },
			{ name: 'Hours', value: 'hours' },
			{ name: 'Minutes', value: 'minutes' },
			{ name: 'Seconds', value: 'seconds' },
		],
		default: 'hours',
		description: "The unit of 'Duration'",
		displayOptions: { show: { keepStatus: ['duration'] } },
	},
	{
		displayName: 'Until',
		name: 'validUntil',
		type: 'dateTime',
		default: '',
		// Not `required`: when 'Keep Status' is an expression n8n shows this field in every mode,
		// and a required empty field would then stop duration-based runs. Checked in execute.
		description:
			"The future date and time when the status stops holding. Without a time zone (e.g. 2025-06-30T18:00:00) it is read in the workflow's time zone. A Unix timestamp in milliseconds (e.g. {{ $now.plus(1, 'hour').toMillis() }}) is taken as it is.",
		displayOptions: { show: { keepStatus: ['until'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['operator'], operation: ['setStatus'] } },
	properties,
);

const isGiven = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Exactly one of `ttl` / `validUntil`. 'Keep Status' shows only one of the fields in the editor,
 * but when it is an expression n8n keeps both, so a bad mode, a missing value or an 'Until' next
 * to a duration can still arrive here. ('Duration' always carries its default, so it cannot tell
 * whether someone meant to set it; in 'Until' mode it is ignored.)
 */
function statusDuration(
	this: IExecuteFunctions,
	itemIndex: number,
): { ttlSeconds: number } | { validUntil: string } {
	const mode = requireOneOf(
		this,
		this.getNodeParameter('keepStatus', itemIndex, ''),
		KEEP_MODES,
		'Keep Status',
		itemIndex,
	);
	const duration = this.getNodeParameter('duration', itemIndex, '') as unknown;
	const until = this.getNodeParameter('validUntil', itemIndex, '') as unknown;
	if (mode === 'duration' && isGiven(until)) {
		throw invalidParameter(
			this,
			'Until',
			"is set although 'Keep Status' is 'For a Duration'",
			itemIndex,
			"Chaport takes either a duration or an end time, not both: clear 'Until' or set 'Keep Status' to 'Until a Date and Time'.",
		);
	}
	if (mode === 'duration') {
		if (!isGiven(duration)) {
			throw invalidParameter(
				this,
				'Duration',
				'is empty',
				itemIndex,
				'Enter how long the status holds.',
			);
		}
		const unit = requireOneOf(
			this,
			this.getNodeParameter('durationUnit', itemIndex, 'hours'),
			DURATION_UNITS,
			'Duration Unit',
			itemIndex,
		);
		const amount = strictNumber(this, duration, 'Duration', itemIndex);
		const ttlSeconds = Math.round(amount * SECONDS_PER_UNIT[unit]);
		if (!Number.isFinite(amount) || ttlSeconds < 1) {
			throw invalidParameter(
				this,
				'Duration',
				`must be a number above 0 that comes to at least 1 second, got "${String(duration)}" ${unit}`,
				itemIndex,
			);
		}
		return { ttlSeconds };
	}
	return {
		validUntil: requireFutureDateTime(this, until, 'Until', itemIndex, this.getTimezone()),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const operatorId = readOperatorId.call(this, itemIndex);
	const status = requireOneOf(
		this,
		this.getNodeParameter('status', itemIndex, ''),
		OPERATOR_STATUSES,
		'Status',
		itemIndex,
	);
	const keep = statusDuration.call(this, itemIndex);

	// The answer's body is undocumented: use the operator if Chaport sends it back, else read it
	// (the status is set by then, so a failed read falls back to what was asked for).
	const operator = await requestObject.call(
		this,
		'POST',
		target.operatorStatus(operatorId),
		itemIndex,
		{
			body: buildOperatorStatusBody({ status, ...keep }),
			// Setting the same status again is harmless, so a transient failure may be retried.
			retryable: true,
		},
	);
	if (operator.id !== undefined) return [operator];
	try {
		const current = await requestObject.call(this, 'GET', target.operator(operatorId), itemIndex);
		if (current.id !== undefined) return [current];
	} catch {
		// the fallback below says what was set
	}
	return [
		'ttlSeconds' in keep
			? { id: operatorId, status, ttl: keep.ttlSeconds }
			: { id: operatorId, status, validUntil: keep.validUntil },
	];
}
