// prng.ts — the fuzzer's deterministic random source (never Math.random).
//
// A case is generated from (seed, case number) alone: `caseRng` mixes the two into the
// state of a small splitmix32-style generator, so any case can be regenerated without
// generating the ones before it (the CLI prints both numbers with every mismatch).

/** A seeded pseudo-random generator with the few draws the generator needs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextU32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** An integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One key of a table of weights, drawn in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
}

/** The generator for case `caseNumber` of a run seeded with `seed`. */
export function caseRng(seed: number, caseNumber: number): Rng {
  const mixed = new Rng((seed ^ Math.imul(caseNumber + 1, 0x27d4eb2d)) >>> 0);
  mixed.nextU32();
  return new Rng(mixed.nextU32() ^ caseNumber);
}
