// reference.ts — plain-JavaScript answers for the primitives' tests (test/primitives/),
// written from API.md and the documented orders, sharing no code with src/kernels/.

export type Typed =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;
export type Ctor = {
  new (n: number): Typed;
  new (b: ArrayBufferLike, o?: number, l?: number): Typed;
  name: string;
};

/** A small deterministic generator (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Keys with the awkward values mixed in: NaN, ±0, ±Infinity, repeats. */
export function floatKeys(
  n: number,
  seed: number,
  Ctor: typeof Float32Array | typeof Float64Array,
): Float32Array | Float64Array {
  const r = rng(seed);
  const out = new Ctor(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    out[i] =
      u < 0.03
        ? NaN
        : u < 0.06
          ? -0
          : u < 0.09
            ? 0
            : u < 0.11
              ? Infinity
              : u < 0.13
                ? -Infinity
                : u < 0.4
                  ? Math.round((r() - 0.5) * 40)
                  : (r() - 0.5) * 1e6 * r();
  }
  return out;
}

export function intKeys(n: number, seed: number, Ctor: Ctor): Typed {
  const r = rng(seed);
  const out = new Ctor(n);
  for (let i = 0; i < n; i++)
    out[i] =
      r() < 0.3
        ? Math.floor(r() * 20)
        : Math.floor(r() * 2 ** 32) - (Ctor === Int32Array ? 2 ** 31 : 0);
  return out;
}

/** The documented total order: NaN last, −0 before +0; `descending` reverses all but NaN. */
export function compareKeys(a: number, b: number, descending: boolean): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  let c = a < b ? -1 : a > b ? 1 : 0;
  if (c === 0 && a === 0) c = Object.is(a, -0) === Object.is(b, -0) ? 0 : Object.is(a, -0) ? -1 : 1;
  return descending ? -c : c;
}

/** The stable sorting permutation. */
export function refArgsort(keys: ArrayLike<number>, descending = false): Uint32Array {
  const idx = Array.from({ length: keys.length }, (_, i) => i);
  idx.sort((i, j) => compareKeys(keys[i]!, keys[j]!, descending) || i - j);
  return Uint32Array.from(idx);
}

/** Elementwise identity: the same numbers, NaN equal to NaN, −0 distinct from +0. */
export function firstDifference(got: ArrayLike<number>, want: ArrayLike<number>): string | null {
  if (got.length !== want.length) return `length ${got.length}, want ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) return `at ${i}: got ${got[i]}, want ${want[i]}`;
  }
  return null;
}

/**
 * Inclusive/exclusive scan in a dtype's arithmetic, in the documented order (README "Array
 * primitives"): blocks of 4096 in segments of 16; segment totals T; a Hillis–Steele scan H
 * of a block's T (round by round into a new array); partials P_b = the last H of a whole
 * block; offsets O folded left to right; a segment starts from O_b ⊕ H_{k−1} (or either
 * alone, or nothing) and folds its elements left to right. T, H, P and O are kept in the
 * dtype between steps.
 */
export function refScan(
  x: Typed,
  op: 'sum' | 'prod' | 'min' | 'max' | ((a: number, b: number) => number),
  exclusive: boolean,
  identity?: number,
): Typed {
  const Ctor = x.constructor as Ctor;
  const f32 = x instanceof Float32Array;
  const isInt = !(x instanceof Float32Array || x instanceof Float64Array);
  const unsigned = x instanceof Uint32Array;
  const wrap = (v: number): number =>
    f32 ? Math.fround(v) : isInt ? (unsigned ? v >>> 0 : v | 0) : v;
  const combine = (a: number, b: number): number => {
    if (typeof op === 'function') return wrap(op(a, b));
    switch (op) {
      case 'sum':
        return wrap(a + b);
      case 'prod':
        return isInt ? wrap(unsigned ? Math.imul(a, b) >>> 0 : Math.imul(a, b)) : wrap(a * b);
      case 'min':
        return Math.min(a, b);
      default:
        return Math.max(a, b);
    }
  };
  // Kept in the array's dtype (narrower integers truncated), as the kernels store them.
  const store = (v: number): number => {
    const cell = new Ctor(1);
    cell[0] = v;
    return cell[0]!;
  };
  const n = x.length;
  const B = 4096;
  const S = 64;
  const blocks = Math.ceil(n / B);
  const H: number[][] = [];
  for (let b = 0; b < blocks; b++) {
    const start = b * B;
    const end = Math.min(n, start + B);
    let h: number[] = [];
    for (let p = start; p < end; p += S) {
      let t = x[p]!;
      for (let j = p + 1; j < Math.min(p + S, end); j++) t = combine(t, x[j]!);
      h.push(store(t));
    }
    for (let d = 1; d < h.length; d *= 2)
      h = h.map((v, k) => (k >= d ? store(combine(h[k - d]!, v)) : v));
    H.push(h);
  }
  const offsets: number[] = [NaN];
  for (let b = 1; b < blocks; b++) {
    const p = H[b - 1]![H[b - 1]!.length - 1]!;
    offsets.push(store(b === 1 ? p : combine(offsets[b - 1]!, p)));
  }
  const out = new Ctor(n);
  for (let b = 0; b < blocks; b++) {
    const start = b * B;
    const end = Math.min(n, start + B);
    for (let k = 0, p = start; p < end; k++, p += S) {
      let acc: number | undefined;
      if (b > 0 && k > 0) acc = combine(offsets[b]!, H[b]![k - 1]!);
      else if (b > 0) acc = offsets[b]!;
      else if (k > 0) acc = H[b]![k - 1]!;
      for (let j = p; j < Math.min(p + S, end); j++) {
        if (exclusive) out[j] = acc === undefined ? identity! : acc;
        acc = acc === undefined ? x[j]! : combine(acc, x[j]!);
        if (!exclusive) out[j] = acc;
      }
    }
  }
  return out;
}

/** API.md's bin rule, evaluated with f64 edges lo + k·w. */
export function refHistogram(
  x: ArrayLike<number>,
  bins: number,
  lo: number,
  hi: number,
  weights?: ArrayLike<number>,
): Uint32Array | Float32Array {
  const out = weights ? new Float32Array(bins) : new Uint32Array(bins);
  const w = (hi - lo) / bins;
  for (let j = 0; j < x.length; j++) {
    const v = x[j]!;
    if (!(v >= lo && v <= hi)) continue;
    // A bin width of 0 (lo = hi past 2^53) makes the guess NaN: start from bin 0.
    const guess = Math.floor((v - lo) / w);
    let k = Number.isNaN(guess) ? 0 : Math.min(bins - 1, Math.max(0, guess));
    while (k > 0 && !(lo + k * w <= v)) k--;
    while (k < bins - 1 && lo + (k + 1) * w <= v) k++;
    out[k] = weights ? Math.fround(out[k]! + Math.fround(weights[j]!)) : out[k]! + 1;
  }
  return out;
}
