// prng.ts — seeded, deterministic input builders for the corpus (never Math.random).
//
// mulberry32: a tiny 32-bit PRNG with a good enough spread for test data. Every builder
// takes its own seed so an entry's arguments are reproducible and independent.

/** A deterministic PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Float32Array of `n` values uniform in [lo, hi). */
export function randF32(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = lo + (hi - lo) * next();
  return out;
}

/** Float64Array of `n` values uniform in [lo, hi). */
export function randF64(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  const next = mulberry32(seed);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = lo + (hi - lo) * next();
  return out;
}

/** Int32Array of `n` integers uniform in [lo, hi). */
export function randI32(n: number, seed: number, lo = -1000, hi = 1000): Int32Array {
  const next = mulberry32(seed);
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = Math.floor(lo + (hi - lo) * next());
  return out;
}

/** Uint32Array of `n` full-range 32-bit words. */
export function randU32(n: number, seed: number): Uint32Array {
  const next = mulberry32(seed);
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[k] = Math.floor(next() * 4294967296);
  return out;
}

/** Int32Array of `n` full-range signed 32-bit words. */
export function randI32Full(n: number, seed: number): Int32Array {
  return new Int32Array(randU32(n, seed).buffer);
}

/** The integers 0..n-1 in the requested typed-array kind. */
export function iota<T extends Float32Array | Float64Array | Int32Array | Uint32Array>(
  make: new (n: number) => T,
  n: number,
): T {
  const out = new make(n);
  for (let k = 0; k < n; k++) out[k] = k;
  return out;
}
