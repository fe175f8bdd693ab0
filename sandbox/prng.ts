// Small seeded pseudo-random generator (mulberry32) so that the same seed gives the same data.

export class Prng {
	private a: number;

	constructor(seed: number) {
		this.a = seed >>> 0;
	}

	/** float in [0, 1) */
	next(): number {
		this.a = (this.a + 0x6d2b79f5) >>> 0;
		let t = this.a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** integer in [min, max] */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	/** 24-char lowercase hex id (MongoDB-style) */
	hexId(): string {
		let out = '';
		for (let i = 0; i < 3; i++) {
			out += Math.floor(this.next() * 0x100000000)
				.toString(16)
				.padStart(8, '0');
		}
		return out;
	}
}

/** Derives an independent stream seed from a base seed and a stream label. */
export function deriveSeed(seed: number, stream: number): number {
	let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
	return (h ^ (h >>> 16)) >>> 0;
}
