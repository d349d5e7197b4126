// opLaws.ts — sample checks of the laws a combining function `(a, b) => …` must obey where
// values are not combined left to right: associativity (scan and reduce of numbat/kernels
// regroup blocks) and commutativity (a kernel's reduce combiner also reorders lanes).
//
// No compiler can prove the laws, but a function that breaks them usually does so on small
// numbers: it is called as plain JavaScript on a few samples, and f(a, b) ≠ f(b, a), or
// f(f(a, b), c) ≠ f(a, f(b, c)) beyond rounding, is a breach. Rounding: a function computing
// in floats may round the two groupings apart (log-sum-exp, Math.hypot), so two answers
// within 10⁻⁹ of the operands' scale count as equal; on these samples an exact operation
// (+, ×, min, max, bitwise) never differs at all. A function that throws in plain JavaScript
// (it calls what only kernels have) has no breach here. Pure: no imports, so the built-in
// kernels' bundle can carry it too.

/**
 * Samples: non-negative integers, values of every element type (a combiner of u32 or i32
 * values, `(a, b) => (u32(a) < u32(b) ? a : b)`, must not meet 0.5 or −3, which it would
 * rightly treat as 0 or 2^32 − 3), distinct (one zero: ±0 never meet), and some large
 * enough to cross a threshold a combiner may have (`a + b > 100 ? 0 : a + b`).
 */
const PAIR_SAMPLES = [0, 1, 2, 3, 5, 7, 100, 1000, 1e6];
/** Samples for associativity: sums and products of these are exact. */
const TRIPLE_SAMPLES = [0, 1, 2, 3, 5, 7, 60, 100];

const same = (x: unknown, y: unknown): boolean =>
  x === y || (typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y));

/** Equal but for rounding (relative to the operands: cancellation may shrink the result). */
const close = (x: unknown, y: unknown, scale: number): boolean =>
  same(x, y) ||
  (typeof x === 'number' &&
    typeof y === 'number' &&
    Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), scale));

/** Two samples `f` answers differently in the two orders, with both answers. */
export interface CommutativityBreach {
  readonly a: number;
  readonly b: number;
  readonly ab: unknown;
  readonly ba: unknown;
}

/** Three samples `f` answers differently in the two groupings, with both answers. */
export interface AssociativityBreach {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  /** f(f(a, b), c) */
  readonly left: unknown;
  /** f(a, f(b, c)) */
  readonly right: unknown;
}

/** The first pair of samples on which `f` is not commutative, if any. */
export function commutativityBreach(
  f: (a: number, b: number) => unknown,
): CommutativityBreach | undefined {
  try {
    for (const a of PAIR_SAMPLES)
      for (const b of PAIR_SAMPLES) {
        if (a === b) continue;
        const ab = f(a, b);
        const ba = f(b, a);
        if (!same(ab, ba)) return { a, b, ab, ba };
      }
  } catch {
    // Not runnable as plain JavaScript: nothing to check.
  }
  return undefined;
}

/** The first triple of samples on which `f` is not associative beyond rounding, if any. */
export function associativityBreach(
  f: (a: number, b: number) => unknown,
): AssociativityBreach | undefined {
  try {
    for (const a of TRIPLE_SAMPLES)
      for (const b of TRIPLE_SAMPLES)
        for (const c of TRIPLE_SAMPLES) {
          const left = f(f(a, b) as number, c);
          const right = f(a, f(b, c) as number);
          if (!close(left, right, Math.max(1, Math.abs(a), Math.abs(b), Math.abs(c))))
            return { a, b, c, left, right };
        }
  } catch {
    // Not runnable as plain JavaScript: nothing to check.
  }
  return undefined;
}
