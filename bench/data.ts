// data.ts — the bench's inputs and result checks: typed arrays (on SharedArrayBuffer so the
// workers backend reads them in place, as it would after toDevice), deterministic
// pseudo-random fills, and the comparison of a numbat result with the plain-JS one.

/** The typed arrays the bench uses. */
export type BenchArray = Float32Array | Float64Array | Int32Array | Uint32Array;

/** What a case's run produces: an output array, or a reduced number. */
export type CaseOutput = BenchArray | number;

type ArrayConstructor<T extends BenchArray> = {
  new (buffer: ArrayBufferLike): T;
  readonly BYTES_PER_ELEMENT: number;
};

/** Whether arrays live on SharedArrayBuffer (default) or ordinary ArrayBuffer (BENCH_SHARED=0). */
export const useSharedMemory = process.env.BENCH_SHARED !== '0';

/** A zero-filled array of `length` elements. */
export function allocate<T extends BenchArray>(kind: ArrayConstructor<T>, length: number): T {
  const bytes = length * kind.BYTES_PER_ELEMENT;
  const buffer = useSharedMemory ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return new kind(buffer);
}

/** A copy of `source` in bench memory. */
export function copyOf<T extends BenchArray>(
  kind: ArrayConstructor<T>,
  source: ArrayLike<number>,
): T {
  const copy = allocate(kind, source.length);
  copy.set(source);
  return copy;
}

/** mulberry32: a small deterministic generator of floats in [0, 1). */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 0 … n − 1 in an order fixed by `seed` (Fisher–Yates). */
export function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, k) => k);
  const random = seededUniform(seed);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  return order;
}

/** An array of `length` values uniform in [low, high), deterministic for a seed. */
export function uniformArray<T extends BenchArray>(
  kind: ArrayConstructor<T>,
  length: number,
  seed: number,
  low = 0,
  high = 1,
): T {
  const next = seededUniform(seed);
  const array = allocate(kind, length);
  for (let i = 0; i < length; i++) array[i] = low + (high - low) * next();
  return array;
}

/** Fill an output array with a value no correct run produces, so stale data cannot pass. */
export function poison(array: BenchArray): void {
  if (array instanceof Float32Array || array instanceof Float64Array) array.fill(Number.NaN);
  else array.fill(array instanceof Uint32Array ? 0xdeadbeef : -123456789);
}

/** How close a numbat result must be to the plain-JS one. */
export interface Tolerance {
  /** Relative tolerance for floats; integers are always compared exactly. */
  readonly relative: number;
  /**
   * Absolute slack as a fraction of the largest |expected| value (for sums with
   * cancellation, where a small element may carry the rounding of large terms). Default 0.
   */
  readonly relativeToMax?: number;
  /** Integers compare with `relative` too instead of exactly (GPU f32 math flipping a few samples). */
  readonly inexactIntegers?: boolean;
  /** Fraction of integer elements allowed to differ (Mandelbrot pixels on a GPU's fused f32 math). */
  readonly mismatchFraction?: number;
}

function isFloatArray(array: BenchArray): boolean {
  return array instanceof Float32Array || array instanceof Float64Array;
}

function describeMismatch(index: number | undefined, expected: number, actual: number): string {
  const where = index === undefined ? 'result' : `element ${index}`;
  return `${where}: expected ${expected}, got ${actual}`;
}

/**
 * Null when `actual` matches `expected` (exactly for integer arrays, within `tolerance` for
 * floats), else a description of the first mismatch and how many elements differ.
 */
export function compareOutputs(
  expected: CaseOutput,
  actual: CaseOutput,
  tolerance: Tolerance,
): string | null {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return `expected a number, got ${describeValue(actual)}`;
    if (
      Number.isInteger(expected) &&
      Number.isInteger(actual) &&
      tolerance.inexactIntegers !== true
    ) {
      return expected === actual ? null : describeMismatch(undefined, expected, actual);
    }
    const allowed = tolerance.relative * Math.abs(expected);
    return Math.abs(actual - expected) <= allowed
      ? null
      : describeMismatch(undefined, expected, actual);
  }
  if (typeof actual === 'number') return `expected an array, got the number ${actual}`;
  if (actual.length !== expected.length)
    return `expected ${expected.length} elements, got ${actual.length}`;

  const exact = !isFloatArray(expected);
  let largest = 0;
  if (!exact && tolerance.relativeToMax !== undefined) {
    for (let i = 0; i < expected.length; i++) largest = Math.max(largest, Math.abs(expected[i]!));
  }
  const floor = (tolerance.relativeToMax ?? 0) * largest;
  let mismatches = 0;
  let first = -1;
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = actual[i]!;
    const ok = exact
      ? want === got
      : Object.is(want, got) || Math.abs(got - want) <= tolerance.relative * Math.abs(want) + floor;
    if (!ok) {
      mismatches++;
      if (first < 0) first = i;
    }
  }
  if (mismatches === 0) return null;
  if (exact && mismatches <= (tolerance.mismatchFraction ?? 0) * expected.length) return null;
  return `${mismatches} of ${expected.length} elements differ; first ${describeMismatch(first, expected[first]!, actual[first]!)}`;
}

function describeValue(value: CaseOutput): string {
  return typeof value === 'number' ? String(value) : `${value.constructor.name}(${value.length})`;
}
