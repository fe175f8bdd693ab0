// Fault injection: decides, per API request, which configured faults apply. Deterministic:
// `fraction` rules draw from a PRNG seeded by the sandbox seed and the rule's position.

import { Prng, deriveSeed } from './prng';
import type { FaultRule, FaultType, WrongShape } from './types';

export const FAULT_TYPES: readonly FaultType[] = [
	'status',
	'latency',
	'reset',
	'malformed-json',
	'html',
	'stall',
	'truncated',
	'wrong-shape',
];

export const WRONG_SHAPES: readonly WrongShape[] = [
	'empty',
	'no-result',
	'null-result',
	'object',
	'list',
	'text',
];

interface RuleState {
	/** matching requests still to let through before the rule applies */
	toSkip: number;
	remaining: number | undefined;
	prng: Prng;
}

/** What the HTTP layer must do for one request. */
export interface FaultDecision {
	/** total delay of all matching latency rules */
	latencyMs: number;
	/** the first matching non-latency rule, if any */
	rule?: FaultRule;
}

export class FaultInjector {
	readonly rules: FaultRule[] = [];
	private readonly ruleState = new Map<FaultRule, RuleState>();
	private added = 0;
	/** How many requests a non-latency rule has failed since the sandbox started. */
	injected = 0;

	constructor(private readonly seed: number) {}

	add(rule: FaultRule): void {
		validateRule(rule);
		this.rules.push(rule);
		this.ruleState.set(rule, {
			toSkip: rule.skip ?? 0,
			remaining: rule.times,
			prng: new Prng(deriveSeed(this.seed, 1000 + this.added++)),
		});
	}

	clear(): void {
		this.rules.length = 0;
		this.ruleState.clear();
		this.added = 0;
	}

	/** Evaluates the rules for a request and consumes `times` budgets of the rules that fire. */
	decide(method: string, path: string): FaultDecision {
		const decision: FaultDecision = { latencyMs: 0 };
		for (const rule of [...this.rules]) {
			if (decision.rule) break;
			if (!matches(rule, method, path)) continue;
			const state = this.ruleState.get(rule);
			if (!state) continue;
			if (state.toSkip > 0) {
				state.toSkip--;
				continue;
			}
			if (rule.fraction !== undefined && !(state.prng.next() < rule.fraction)) continue;
			if (state.remaining !== undefined) {
				state.remaining--;
				if (state.remaining <= 0) this.remove(rule);
			}
			if (rule.type === 'latency') decision.latencyMs += rule.latencyMs ?? 1000;
			else {
				decision.rule = rule;
				this.injected++;
			}
		}
		return decision;
	}

	private remove(rule: FaultRule): void {
		const index = this.rules.indexOf(rule);
		if (index !== -1) this.rules.splice(index, 1);
		this.ruleState.delete(rule);
	}
}

function matches(rule: FaultRule, method: string, path: string): boolean {
	if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
	if (typeof rule.path === 'string') return rule.path === path;
	rule.path.lastIndex = 0;
	return rule.path.test(path);
}

function validateRule(rule: FaultRule): void {
	if (!rule || typeof rule !== 'object') throw new TypeError('A fault rule must be an object');
	if (!FAULT_TYPES.includes(rule.type)) {
		throw new TypeError(`Fault type must be one of ${FAULT_TYPES.join(', ')}`);
	}
	if (typeof rule.path !== 'string' && !(rule.path instanceof RegExp)) {
		throw new TypeError('Fault path must be a string or a RegExp');
	}
	const optionalNumber = (name: keyof FaultRule, min: number, max = Infinity): void => {
		const value = rule[name];
		if (value === undefined) return;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
			throw new TypeError(`Fault ${name} must be a number between ${min} and ${max}`);
		}
	};
	optionalNumber('status', 100, 599);
	optionalNumber('retryAfter', 0);
	optionalNumber('latencyMs', 0);
	optionalNumber('times', 1);
	optionalNumber('skip', 0);
	if (rule.skip !== undefined && !Number.isInteger(rule.skip)) {
		throw new TypeError('Fault skip must be a whole number');
	}
	optionalNumber('fraction', 0, 1);
	if (rule.method !== undefined && typeof rule.method !== 'string') {
		throw new TypeError('Fault method must be a string');
	}
	if (rule.when !== undefined && rule.when !== 'before' && rule.when !== 'after') {
		throw new TypeError('Fault when must be "before" or "after"');
	}
	if (rule.shape !== undefined && !WRONG_SHAPES.includes(rule.shape)) {
		throw new TypeError(`Fault shape must be one of ${WRONG_SHAPES.join(', ')}`);
	}
}

function compileRegex(source: string): RegExp | undefined {
	try {
		return new RegExp(source);
	} catch {
		return undefined;
	}
}

/** Turns the JSON form used by the control API (`path` or `pathRegex`) into a FaultRule. */
export function ruleFromJson(input: unknown): FaultRule {
	if (!input || typeof input !== 'object' || Array.isArray(input)) {
		throw new TypeError('A fault rule must be a JSON object');
	}
	const { pathRegex, path, ...rest } = input as Record<string, unknown>;
	let matcher: string | RegExp;
	if (typeof pathRegex === 'string') {
		const compiled = compileRegex(pathRegex);
		if (!compiled) throw new TypeError(`Invalid pathRegex: ${pathRegex}`);
		matcher = compiled;
	} else if (typeof path === 'string') {
		matcher = path;
	} else {
		throw new TypeError('A fault rule needs "path" (string) or "pathRegex" (string)');
	}
	const rule = { ...rest, path: matcher } as FaultRule;
	validateRule(rule);
	return rule;
}

/** JSON form of a rule (RegExp paths become `pathRegex`). */
export function ruleToJson(rule: FaultRule): Record<string, unknown> {
	const { path, ...rest } = rule;
	return typeof path === 'string' ? { ...rest, path } : { ...rest, pathRegex: path.source };
}
