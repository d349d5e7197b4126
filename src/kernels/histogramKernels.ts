// histogramKernels.ts — the kernels of `histogram` (histogram.ts has the bin rule, the
// thresholds and the orchestration): the range scan (minMax), the bin of each element
// guessed from (v − lo)·scale and corrected against the thresholds or the f64 edges
// (binIndex, binIndex32), per-chunk counting into private histograms (CPU) or a shared one
// per workgroup (WebGPU), and the merge in chunk order. Written in the kernel language.

import {
  atomicAdd as atomicAddImpl,
  barrier as barrierImpl,
  f32 as f32Impl,
  f64 as f64Impl,
  groupId as groupIdImpl,
  i32 as i32Impl,
  localId as localIdImpl,
  shared as sharedImpl,
  type Kernel,
} from '../index.js';
import { kernel } from './internalKernel.js';

// Names the kernels receive through `uses` (declared for the type checker only).
declare const LOCAL: number;
declare const SLOTS: number;
declare const MASK: number;
declare const WEIGHTED: number;
declare const f32: (x: number) => number;
declare const i32: (x: number) => number;
declare const f64: (x: number) => number;
declare const binOf: (
  v: number,
  t: Float32Array,
  lo: number,
  scale: number,
  kmax: number,
) => number;

/** Minimum and maximum per chunk, NaN skipped (a chunk of NaNs reports NaN): mm[2c], mm[2c + 1]. */
export const minMax = kernel(
  (c: number, x: Float32Array, mm: Float32Array, n: number, L: number) => {
    const start = c * L;
    const end = Math.min(start + L, n);
    let lo = x[start]!;
    let hi = lo;
    for (let j = start + 1; j < end; j++) {
      const v = x[j]!;
      if (v < lo || lo !== lo) lo = v;
      if (v > hi || hi !== hi) hi = v;
    }
    mm[2 * c] = lo;
    mm[2 * c + 1] = hi;
  },
  { name: 'histogram_minMax' },
);

/**
 * The bin of v (in range), guessed and then corrected against the thresholds t. The guess
 * is in the native float (`/` is always float: f64 on the CPU, f32 on WebGPU): v may be a
 * u32 element and lo an i32 argument, whose difference is a number, not 32-bit integer
 * arithmetic (any guess is corrected, so its rounding never changes the bin).
 */
const binOfImpl = (v: number, t: Float32Array, lo: number, scale: number, kmax: number): number => {
  const g = (v / 1 - lo / 1) * scale;
  let k = i32(Math.min(Math.max(g, 0), kmax));
  // A bin width of 0 (lo = hi past 2^53): the guess 0·∞ is NaN, and every v in range is hi,
  // in the last bin (walking there from bin 0 cost elements × bins steps: review 24).
  if (Number.isNaN(g)) k = kmax;
  while (k > 0 && v < t[k]!) k--;
  while (k < kmax && v >= t[k + 1]!) k++;
  return k;
};

const counters = new Map<string, Kernel>();

/**
 * Per-chunk histograms into rows of `partial` (bins per row): counted in a local array of
 * `local` (256 or 4096) bins, or, with `local` 0, straight into the chunk's own row.
 * Counts are u32, weights f32.
 */
export function countKernel(local: number, weighted: boolean): Kernel {
  const key = `${local}|${weighted}`;
  let k = counters.get(key);
  if (k) return k;
  const uses = { binOf: binOfImpl, LOCAL: local === 0 ? 1 : local, f32: f32Impl, i32: i32Impl };
  if (local > 0 && !weighted) {
    k = kernel(
      (
        c: number,
        x: Float32Array,
        w: Float32Array,
        t: Float32Array,
        partial: Uint32Array,
        n: number,
        L: number,
        bins: number,
        lo: number,
        scale: number,
        kmax: number,
      ) => {
        const h = new Uint32Array(LOCAL);
        const start = c * L;
        const end = Math.min(start + L, n);
        const first = t[0]!;
        const top = t[bins]!;
        for (let j = start; j < end; j++) {
          const v = x[j]!;
          if (v >= first && v <= top) {
            const b = binOf(v, t, lo, scale, kmax);
            h[b] = h[b]! + 1;
          }
        }
        for (let b = 0; b < bins; b++) partial[c * bins + b] = h[b]!;
      },
      { name: 'histogram_count', uses },
    );
  } else if (local > 0) {
    k = kernel(
      (
        c: number,
        x: Float32Array,
        w: Float32Array,
        t: Float32Array,
        partial: Float32Array,
        n: number,
        L: number,
        bins: number,
        lo: number,
        scale: number,
        kmax: number,
      ) => {
        const h = new Float32Array(LOCAL);
        const start = c * L;
        const end = Math.min(start + L, n);
        const first = t[0]!;
        const top = t[bins]!;
        for (let j = start; j < end; j++) {
          const v = x[j]!;
          if (v >= first && v <= top) {
            const b = binOf(v, t, lo, scale, kmax);
            h[b] = h[b]! + f32(w[j]!);
          }
        }
        for (let b = 0; b < bins; b++) partial[c * bins + b] = h[b]!;
      },
      { name: 'histogram_weigh', uses },
    );
  } else {
    // Rows of the temporary (counts or weights: the dtype of `partial`).
    k = kernel(
      (
        c: number,
        x: Float32Array,
        w: Float32Array,
        t: Float32Array,
        partial: Float32Array,
        n: number,
        L: number,
        bins: number,
        lo: number,
        scale: number,
        kmax: number,
      ) => {
        const row = c * bins;
        for (let b = 0; b < bins; b++) partial[row + b] = 0;
        const start = c * L;
        const end = Math.min(start + L, n);
        const first = t[0]!;
        const top = t[bins]!;
        for (let j = start; j < end; j++) {
          const v = x[j]!;
          if (v >= first && v <= top) {
            const b = row + binOf(v, t, lo, scale, kmax);
            if (WEIGHTED === 1) partial[b] = partial[b]! + f32(w[j]!);
            else partial[b] = partial[b]! + 1;
          }
        }
      },
      { name: 'histogram_countRows', uses: { ...uses, WEIGHTED: weighted ? 1 : 0 } },
    );
  }
  counters.set(key, k);
  return k;
}

// WebGPU counts cooperatively: a workgroup of GPU_GROUP invocations per chunk, striding
// through it and counting into one shared histogram with workgroup atomics (privatised
// per workgroup: no global atomics), written out as the chunk's row. Counts are integers,
// so this gives the CPU backends' answer exactly.

export const GPU_GROUP = 256;
declare const shared: typeof sharedImpl;
declare const barrier: typeof barrierImpl;
declare const localId: typeof localIdImpl;
declare const groupId: typeof groupIdImpl;
declare const atomicAdd: typeof atomicAddImpl;
declare const GROUP: number;

const gpuCounters = new Map<number, Kernel>();

/** The cooperative count of up to `local` (256 or 4096) bins, one chunk per workgroup. */
export function gpuCountKernel(local: number): Kernel {
  let k = gpuCounters.get(local);
  if (k) return k;
  k = kernel(
    (
      i: number,
      x: Float32Array,
      t: Float32Array,
      partial: Uint32Array,
      n: number,
      L: number,
      bins: number,
      lo: number,
      scale: number,
      kmax: number,
    ) => {
      const h = shared(Uint32Array, LOCAL);
      const l = localId();
      const c = groupId();
      const start = c * L;
      const end = Math.min(start + L, n);
      const first = t[0]!;
      const top = t[bins]!;
      for (let j = start + l; j < end; j += GROUP) {
        const v = x[j]!;
        if (v >= first && v <= top) atomicAdd(h, binOf(v, t, lo, scale, kmax), 1);
      }
      barrier();
      for (let b = l; b < bins; b += GROUP) partial[c * bins + b] = h[b]!;
    },
    {
      name: 'histogram_gpuCount',
      workgroup: GPU_GROUP,
      uses: {
        binOf: binOfImpl,
        LOCAL: local,
        GROUP: GPU_GROUP,
        i32: i32Impl,
        shared: sharedImpl,
        barrier: barrierImpl,
        localId: localIdImpl,
        groupId: groupIdImpl,
        atomicAdd: atomicAddImpl,
      },
    },
  );
  gpuCounters.set(local, k);
  return k;
}

/** out[b] = partial[b] + partial[bins + b] + … in chunk order. */
export const merge = kernel(
  (b: number, partial: Float32Array, out: Float32Array, bins: number, C: number) => {
    let s = partial[b]!;
    for (let c = 1; c < C; c++) s = s + partial[c * bins + b]!;
    out[b] = s;
  },
  { name: 'histogram_merge' },
);

// The wasm and workers backends split the work in two kernels: `binIndex`, a flat kernel
// (SIMD on wasm: four elements at a time) that writes each element's bin (or `bins` for a
// dropped one) into a temporary of u16 or u32 indices, tested exactly against the f64
// edges e_k = lo + k·w themselves (the same f64 operations as the host's, so no table and
// no gather: e_k ≤ v ⇔ t_k ≤ v, the thresholds' defining property); then `countBins` per
// chunk, a plain loop of increments. Fused into one loop, the guess, the corrections and
// their branches cost about as much per element as the plain JavaScript loop.

/**
 * out[j] = the bin of x[j] by the f64 edges, or `bins` when x[j] is outside [lo, hi] or NaN.
 * The guess g = (v − lo)·scale is the bin itself unless its fraction lies within `eps` of an
 * edge (see guessMargin); only those elements (and a guess clamped at the last bin) are
 * checked against the edges, in loops that SIMD skips when no lane needs them.
 */
export const binIndex = kernel(
  (
    j: number,
    x: Float32Array,
    out: Uint32Array,
    bins: number,
    lo: number,
    hi: number,
    w: number,
    scale: number,
    eps: number,
  ) => {
    const v = f64(x[j]!);
    let k = bins;
    if (v >= lo && v <= hi) {
      const g = (v - lo) * scale;
      k = i32(g);
      if (k > bins - 1) k = bins - 1;
      // A bin width of 0 (lo = hi past 2^53): the guess 0·∞ is NaN, and v = hi is in the
      // last bin (not a walk from bin 0, which cost elements × bins steps: review 24).
      if (Number.isNaN(g)) k = bins - 1;
      const f = g - f64(k);
      // NaN too: a bin width of 0 (lo = hi past 2^53) makes the guess 0·∞.
      if (!(f >= eps && f <= 1 - eps)) {
        while (k > 0 && lo + f64(k) * w > v) k--;
        while (k < bins - 1 && lo + f64(k + 1) * w <= v) k++;
      }
    }
    out[j] = k;
  },
  { name: 'histogram_binIndex', uses: { f64: f64Impl, i32: i32Impl } },
);

/**
 * binIndex for f32 data with the guess in f32 (SIMD: four lanes per instruction where f64
 * takes two): g = (v − lo32)·scale32 with lo32, scale32 the f32 nearest lo and scale, and
 * the range test against the thresholds `first` and `top` (exact in f32). `eps` is then
 * guessMargin32's; the check against the edges stays in f64.
 */
export const binIndex32 = kernel(
  (
    j: number,
    x: Float32Array,
    out: Uint32Array,
    bins: number,
    lo: number,
    w: number,
    first: number,
    top: number,
    lo32: number,
    scale32: number,
    eps: number,
  ) => {
    const v = x[j]!;
    // Guessed for every lane, kept for those inside [first, top] (selects, not branches: a
    // lane outside the range, or a guess clamped at the last bin, costs nothing more).
    const g = (v - lo32) * scale32;
    let k = Math.min(i32(g), bins - 1);
    const f = g - k;
    const inside = v >= first && v <= top;
    // (No NaN guess needs this test, unlike binIndex's: histogram takes this kernel only
    // where lo32 and scale32 are finite, so g is NaN only for an overflowed v − lo32 times a
    // scale32 of 0, a bin wider than 1e45, where every f32 value is in bin 0, the guess. The
    // NaN-safe form of the test measured 3–4% slower on wasm.)
    if (inside && (f < eps || f > 1 - eps)) {
      const d = f64(v);
      while (k > 0 && lo + f64(k) * w > d) k--;
      while (k < bins - 1 && lo + f64(k + 1) * w <= d) k++;
    }
    out[j] = inside ? k : bins;
  },
  { name: 'histogram_binIndex32', uses: { f64: f64Impl, i32: i32Impl } },
);

const binCounters = new Map<string, Kernel>();

/** The most elements a local array may have (the kernel language's limit). */
const MAX_LOCAL = 4096;

/** Slots of countBinsKernel's local array for `local` (256 or 4096) bins: a power of two. */
export function slotsFor(local: number): number {
  return Math.max(1, Math.min(2 * local, MAX_LOCAL));
}

/**
 * Per-chunk histograms of the bin indices into rows of `partial` (a local array of `local`
 * bins, or the chunk's own row when `local` is 0); index `bins` (dropped) is skipped.
 * The local array has `slotsFor(local)` slots, more than `bins`, and is indexed by
 * `b & (slots − 1)`, which is b itself (b ≤ bins < slots): a dropped element counts into
 * slot `bins`, never read, so the loop has no branch, and the mask proves every index in
 * range (passes/indexRange.ts), so the accesses need no guard.
 */
export function countBinsKernel(local: number, weighted: boolean): Kernel {
  const key = `${local}|${weighted}`;
  let k = binCounters.get(key);
  if (k) return k;
  const slots = slotsFor(local);
  const uses = {
    LOCAL: local === 0 ? 1 : local,
    SLOTS: slots,
    MASK: slots - 1,
    WEIGHTED: weighted ? 1 : 0,
    f32: f32Impl,
    i32: i32Impl,
  };
  if (local > 0 && !weighted && 4 * slots <= MAX_LOCAL) {
    // Four tables, element j counting in table j mod 4, four elements per step: a run of
    // equal bins no longer waits on each increment's store (counts are integers, so the
    // split changes nothing in the result).
    k = kernel(
      (
        c: number,
        idx: Uint32Array,
        w: Float32Array,
        partial: Uint32Array,
        n: number,
        L: number,
        bins: number,
      ) => {
        const h = new Uint32Array(4 * SLOTS);
        const start = c * L;
        const end = Math.min(start + L, n);
        let j = start;
        for (; j + 3 < end; j += 4) {
          const b0 = idx[j]! & MASK;
          const b1 = SLOTS + (idx[j + 1]! & MASK);
          const b2 = 2 * SLOTS + (idx[j + 2]! & MASK);
          const b3 = 3 * SLOTS + (idx[j + 3]! & MASK);
          h[b0] = h[b0]! + 1;
          h[b1] = h[b1]! + 1;
          h[b2] = h[b2]! + 1;
          h[b3] = h[b3]! + 1;
        }
        for (; j < end; j++) {
          const b = idx[j]! & MASK;
          h[b] = h[b]! + 1;
        }
        for (let b = 0; b < bins; b++)
          partial[c * bins + b] = h[b]! + h[SLOTS + b]! + h[2 * SLOTS + b]! + h[3 * SLOTS + b]!;
      },
      { name: 'histogram_countBins4', uses },
    );
  } else if (local > 0 && !weighted) {
    k = kernel(
      (
        c: number,
        idx: Uint32Array,
        w: Float32Array,
        partial: Uint32Array,
        n: number,
        L: number,
        bins: number,
      ) => {
        const h = new Uint32Array(SLOTS);
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          const b = idx[j]! & MASK;
          h[b] = h[b]! + 1;
        }
        for (let b = 0; b < bins; b++) partial[c * bins + b] = h[b]!;
      },
      { name: 'histogram_countBins', uses },
    );
  } else if (local > 0) {
    k = kernel(
      (
        c: number,
        idx: Uint32Array,
        w: Float32Array,
        partial: Float32Array,
        n: number,
        L: number,
        bins: number,
      ) => {
        const h = new Float32Array(SLOTS);
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          const b = idx[j]! & MASK;
          h[b] = h[b]! + f32(w[j]!);
        }
        for (let b = 0; b < bins; b++) partial[c * bins + b] = h[b]!;
      },
      { name: 'histogram_weighBins', uses },
    );
  } else {
    k = kernel(
      (
        c: number,
        idx: Uint32Array,
        w: Float32Array,
        partial: Float32Array,
        n: number,
        L: number,
        bins: number,
      ) => {
        const row = c * bins;
        for (let b = 0; b < bins; b++) partial[row + b] = 0;
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          // i32: from 65535 bins the indices are a Uint32Array, whose elements are u32.
          const b = i32(idx[j]!);
          if (b < bins) {
            if (WEIGHTED === 1) partial[row + b] = partial[row + b]! + f32(w[j]!);
            else partial[row + b] = partial[row + b]! + 1;
          }
        }
      },
      { name: 'histogram_countBinRows', uses },
    );
  }
  binCounters.set(key, k);
  return k;
}

/** Sets every element of `a` to v (a weighted histogram's zero start on the device). */
export const fill = kernel(
  (i: number, a: Float32Array, v: number) => {
    a[i] = v;
  },
  { name: 'histogram_fill' },
);
