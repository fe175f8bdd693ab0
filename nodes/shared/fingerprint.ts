import { createHash } from 'crypto';

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

/** A short, stable digest of any JSON-like value (hex, `length` characters). */
export function fingerprint(value: unknown, length = 40): string {
	return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}
