// histogram.ts — `histogram(x, bins, { range, weights, out })`: per-chunk private histograms,
// then a merge in chunk order (the kernels, in the kernel language, are in histogramKernels.ts).
//
// The bin rule (README, "Array primitives"): with w = (hi − lo)/bins and e_k = lo + k·w evaluated in f64, value
// v goes to the largest k < bins with e_k ≤ v, when lo ≤ v ≤ hi (v = hi lands in the last
// bin); values outside the range and NaN are dropped. To give exactly this answer on every
// backend in the array's own arithmetic (WebGPU has no f64), the edges are turned on the host
// into thresholds of x's dtype — t_k, the smallest value of that dtype ≥ e_k, and the
// largest one ≤ hi — so that e_k ≤ v ⇔ t_k ≤ v exactly. A kernel then guesses the bin from
// (v − lo)·bins/(hi − lo) and corrects the guess against the thresholds (js, WebGPU), or,
// on wasm and workers, against the f64 edges themselves (see `binIndex`).
//
// Counting: x is cut into C chunks (C a function of the length and the bin count only);
// each chunk counts into its own histogram (a local array for up to 4096 bins, else its
// own row of a temporary); a merge adds the chunks' histograms in chunk order. Counts are
// exact integers (on WebGPU, up to 4096 bins, each chunk is a workgroup counting into a
// shared histogram with workgroup atomics). Weights are added in f32, left to right within
// a chunk, then the chunks in order — a fixed order for each (length, bins), the same on
// every backend.

import type { NDArray } from '../index.js';
import {
  checkOptions,
  checkOut,
  chooseBackend,
  integerOption,
  ordered,
  refuseOverlap,
  TYPED,
  vectorArg,
  Work,
  type ArrayArg,
  type BackendOption,
  type Buf,
  type DType,
  type NdarrayLike,
  type TypedArray,
} from './arrays.js';
import {
  binIndex,
  binIndex32,
  countBinsKernel,
  countKernel,
  fill,
  GPU_GROUP,
  gpuCountKernel,
  merge,
  minMax,
  slotsFor,
} from './histogramKernels.js';
import { denseInput } from './layout.js';
import { finish, resultTarget } from './results.js';

/** The most bins a histogram may have. */
export const MAX_BINS = 1 << 24;

/**
 * Options of `histogram(x, bins, options)`.
 *
 * @example
 * ```ts
 * const counts: Uint32Array = await histogram(x, 64, { range: [-4, 4] });
 * ```
 */
export interface HistogramOptions extends BackendOption {
  /** `[lo, hi]`: finite, lo ≤ hi (lo = hi widens to `[lo − 0.5, hi + 0.5]`); default `[min(x), max(x)]` ignoring NaN. */
  range?: readonly [number, number];
  /** A weight per element (same length as x): the result is then the Float32Array of the weights' sums. */
  weights?: TypedArray | NDArray | NdarrayLike;
  /** Where the counts go: a Uint32Array (Float32Array with weights) of `bins` elements, or such an NDArray. */
  out?: TypedArray | NDArray | NdarrayLike;
}

/**
 * guessMargin for binIndex32's f32 guess: with u = 2^−24 (and the f64 terms of guessMargin
 * far below), lo32 = lo(1 + δ), scale32 = scale(1 + δ'), |δ|, |δ'| ≤ u, and three roundings:
 * |g − G| ≤ u·(|lo|/W + 4·bins) + O(u²); twice u·(|lo|/W + 4·bins + 8), rounded up to an f32.
 * Undefined when that is not small (the f64 guess is used then).
 */
function guessMargin32(lo: number, w: number, bins: number): number | undefined {
  const eps = 2 * 2 ** -24 * (Math.abs(lo) / w + 4 * bins + 8);
  return eps < 1e-2 ? roundUp32(eps) : undefined;
}

/**
 * How close to an integer the guess g = fl(fl(v − lo)·scale) may lie before trunc(g) can
 * differ from the bin of the computed edges e_k = fl(lo + fl(k·w)). With u = 2^−53 and W the
 * exact bin width: |g − G| ≤ 4u·bins for G = (v − lo)/W, and |e_k − (lo + k·W)| ≤ u·(|lo| +
 * 4k·W); so when frac(g) ∈ [eps, 1 − eps] with eps ≥ u·(8·bins + 8 + |lo|/W), e_m ≤ v < e_{m+1}
 * for m = trunc(g). Twice that, for margin; 1 (always check) when it is not small.
 */
function guessMargin(lo: number, w: number, bins: number): number {
  const eps = 2 * 2 ** -53 * (8 * bins + 8 + Math.abs(lo) / w);
  // (A subnormal scale or width would round more than the bound counts: always check.)
  if (bins / w < 2 ** -1000 || w < 2 ** -1000) return 1;
  return eps < 1e-3 ? eps : 1;
}

/** Chunks of a histogram: a function of the length and the bin count only. */
function chunksFor(n: number, bins: number): number {
  const byLength = Math.max(1, Math.min(64, Math.ceil(n / 32768)));
  return Math.max(1, Math.min(byLength, Math.floor(MAX_BINS / bins)));
}

// ---------------------------------------------------------------------------------------
// Thresholds (host: O(bins), like NumPy's edges).

const f32Bits = new Float32Array(1);
const u32Bits = new Uint32Array(f32Bits.buffer);

/** The smallest f32 ≥ e (e finite). */
function roundUp32(e: number): number {
  const r = Math.fround(e);
  if (r >= e) return r;
  f32Bits[0] = r;
  if (r > 0 || Object.is(r, 0)) u32Bits[0] = u32Bits[0]! + 1;
  else u32Bits[0] = u32Bits[0]! - 1;
  return f32Bits[0]!;
}

/** The largest f32 ≤ e (e finite). */
function roundDown32(e: number): number {
  return -roundUp32(-e);
}

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  i32: [-2147483648, 2147483647],
  u32: [0, 4294967295],
  i16: [-32768, 32767],
  u16: [0, 65535],
  i8: [-128, 127],
  u8: [0, 255],
};

/**
 * Thresholds t[0 … bins) and t[bins] = the largest value ≤ hi, in x's dtype, and the last
 * bin a value can reach (kmax). Undefined when no value of the dtype lies in [lo, hi].
 */
function thresholds(
  dtype: DType,
  lo: number,
  hi: number,
  bins: number,
): { t: TypedArray; kmax: number } | undefined {
  const w = (hi - lo) / bins;
  const t = new TYPED[dtype](bins + 1);
  const int = INT_RANGE[dtype];
  if (!int) {
    const up = dtype === 'f32' ? roundUp32 : (e: number): number => e;
    for (let k = 0; k < bins; k++) t[k] = up(lo + k * w);
    t[bins] = dtype === 'f32' ? roundDown32(hi) : hi;
    return { t, kmax: bins - 1 };
  }
  const [min, max] = int;
  const top = Math.floor(hi);
  if (top < min || Math.ceil(lo) > max) return undefined;
  let kmax = bins - 1;
  for (let k = 0; k < bins; k++) {
    const c = Math.ceil(lo + k * w);
    if (c > max) {
      kmax = k - 1;
      break;
    }
    t[k] = Math.max(c, min);
  }
  for (let k = kmax + 1; k < bins; k++) t[k] = max;
  t[bins] = Math.min(top, max);
  return { t, kmax };
}

/**
 * Counts the values of `x` in `bins` equal-width bins over `range`: resolves to a
 * Uint32Array of counts (a Float32Array of summed weights with `weights`), an NDArray when
 * x is one, or `out`. Bin k holds lo + k·w ≤ v < lo + (k+1)·w with w = (hi − lo)/bins (edges
 * in f64), v = hi in the last bin; values outside the range and NaN are dropped. Counts are
 * exact and weights summed in a fixed order (see src/kernels/histogram.ts): the same on
 * every backend.
 *
 * @param x a 1-D typed array, NDArray or ndarray (any numeric dtype; f64 not on WebGPU)
 * @param bins the number of bins, 1 … 2^24
 * @param options `range` ([lo, hi], default the finite min and max of x), `weights`, `out`, `backend`
 * @example
 *   await histogram(new Float32Array([0.1, 0.5, 0.5, 1]), 2, { range: [0, 1] });   // Uint32Array [1, 3]
 *   await histogram(samples, 256, { range: [-4, 4], weights });                     // Float32Array(256)
 */
export function histogram(
  x: TypedArray | NDArray | NdarrayLike,
  bins: number,
  options: HistogramOptions = {},
): Promise<any> {
  try {
    const fn = 'histogram';
    checkOptions(options, ['range', 'weights', 'out', 'backend'], fn);
    const xa = vectorArg(x, 'x', fn);
    integerOption(bins, 'bins', fn, 1, MAX_BINS);
    let range: [number, number] | undefined;
    if (options.range !== undefined) {
      const r = options.range;
      if (
        !Array.isArray(r) ||
        r.length !== 2 ||
        typeof r[0] !== 'number' ||
        typeof r[1] !== 'number'
      ) {
        throw new TypeError(`numbat: histogram: 'range' must be [lo, hi], two numbers`);
      }
      if (!Number.isFinite(r[0]) || !Number.isFinite(r[1]))
        throw new RangeError(`numbat: histogram: 'range' must be finite, got [${r[0]}, ${r[1]}]`);
      if (r[0] > r[1])
        throw new RangeError(`numbat: histogram: 'range' is inverted: lo ${r[0]} > hi ${r[1]}`);
      if (!Number.isFinite(r[1] - r[0]))
        throw new RangeError(
          `numbat: histogram: 'range' [${r[0]}, ${r[1]}] is wider than the largest double (hi − lo overflows)`,
        );
      range = r[0] === r[1] ? [r[0] - 0.5, r[1] + 0.5] : [r[0], r[1]];
    }
    const wa =
      options.weights === undefined ? undefined : vectorArg(options.weights, 'weights', fn);
    if (wa && wa.size !== xa.size)
      throw new RangeError(
        `numbat: histogram: 'weights' has ${wa.size} elements, but 'x' has ${xa.size}`,
      );
    const outDtype: DType = wa ? 'f32' : 'u32';
    const outArg = options.out === undefined ? undefined : vectorArg(options.out, 'out', fn);
    if (outArg) checkOut(outArg, bins, outDtype, fn);
    refuseOverlap(fn, outArg, 'out', xa, 'x', false);
    refuseOverlap(fn, outArg, 'out', wa, 'weights', false);
    const n = xa.size;
    return ordered(async () => {
      const work = new Work(await chooseBackend(fn, options.backend, [xa, wa, outArg], n), fn);
      try {
        if (work.backend === 'webgpu' && (xa.dtype === 'f64' || wa?.dtype === 'f64')) {
          throw new TypeError(
            `numbat: histogram: Float64Array ${xa.dtype === 'f64' ? "'x'" : "'weights'"} cannot be used on WebGPU (WGSL has no f64); use a CPU backend`,
          );
        }
        // The result as a u32/f32 array "like" x: an NDArray when x is one, else a typed array.
        const like: ArrayArg =
          xa.kind === 'NDArray'
            ? { ...xa, dtype: outDtype, size: bins, shape: [bins], strides: [1], offset: 0 }
            : {
                kind: 'typed',
                dtype: outDtype,
                shape: [bins],
                strides: [1],
                offset: 0,
                size: bins,
                value: new Uint32Array(0),
              };
        const dst = await resultTarget(work, like, outArg, outDtype, bins);
        const src = n > 0 ? (await denseInput(work, xa, false)).buf : undefined;
        const gpuShared = work.backend === 'webgpu' && !wa && bins <= 4096;
        const C = gpuShared
          ? Math.max(1, Math.min(256, Math.ceil(n / 16384), Math.floor(MAX_BINS / bins)))
          : chunksFor(n, bins);
        const L = Math.ceil(n / C);
        if (!range) range = await autoRange(work, xa, src, n);
        const th = n > 0 ? thresholds(xa.dtype, range[0], range[1], bins) : undefined;
        // A device that flushes f32 subnormals compares a positive subnormal threshold as 0,
        // so zeros below lo were counted (range [1e-40, 1]). The smallest normal f32 keeps
        // them out, and is what every subnormal value (a zero there) compares below anyway.
        if (th && work.backend === 'webgpu' && xa.dtype === 'f32')
          for (let k = 0; k <= bins; k++) {
            const v = th.t[k]!;
            if (v > 0 && v < 2 ** -126) th.t[k] = 2 ** -126;
          }
        if (!th) {
          await zeroFill(work, dst, bins);
          return await finish(work, like, outArg, dst);
        }
        const weights: Buf = wa ? (await denseInput(work, wa, false)).buf : new Float32Array(1);
        const t = work.backend === 'js' ? th.t : await work.upload(th.t, false);
        // (WebGPU counts more than 256 bins in rows: SwiftShader takes seconds to compile a
        // 4096-word array per invocation.)
        const local = bins <= 256 ? 256 : bins <= 4096 && work.backend !== 'webgpu' ? 4096 : 0;
        const partial = C === 1 ? dst : await work.alloc(outDtype, C * bins);
        const scale = bins / (range[1] - range[0]);
        if (gpuShared) {
          const k = gpuCountKernel(bins <= 256 ? 256 : 4096);
          await work.run(k, C * GPU_GROUP, src, t, partial, n, L, bins, range[0], scale, th.kmax);
        } else if (work.backend === 'wasm' || work.backend === 'workers') {
          const idx = await work.alloc(bins < 65535 ? 'u16' : 'u32', n);
          const [lo, hi] = range;
          const w = (hi - lo) / bins;
          const [lo32, scale32] = [Math.fround(lo), Math.fround(scale)];
          // (lo32 and scale32 normal or zero: the bound counts relative roundings only.)
          const normal32 = (a: number): boolean => a === 0 || Math.abs(a) >= 2 ** -126;
          const eps32 =
            xa.dtype === 'f32' &&
            Number.isFinite(lo32) &&
            Number.isFinite(scale32) &&
            normal32(lo32) &&
            normal32(scale32)
              ? guessMargin32(lo, w, bins)
              : undefined;
          if (eps32 !== undefined) {
            const [first, top] = [th.t[0]!, th.t[bins]!];
            await work.run(binIndex32, n, src, idx, bins, lo, w, first, top, lo32, scale32, eps32);
          } else
            await work.run(binIndex, n, src, idx, bins, lo, hi, w, scale, guessMargin(lo, w, bins));
          // (A local array's slots must exceed `bins`, the dropped index: 4096 bins count in rows.)
          const binsLocal = bins < slotsFor(local) ? local : 0;
          await work.run(
            countBinsKernel(binsLocal, wa !== undefined),
            C,
            idx,
            weights,
            partial,
            n,
            L,
            bins,
          );
        } else
          await work.run(
            countKernel(local, wa !== undefined),
            C,
            src,
            weights,
            t,
            partial,
            n,
            L,
            bins,
            range[0],
            scale,
            th.kmax,
          );
        if (C > 1) await work.run(merge, bins, partial, dst, bins, C);
        return await finish(work, like, outArg, dst);
      } finally {
        work.dispose();
      }
    });
  } catch (e) {
    return Promise.reject(e);
  }
}

async function zeroFill(work: Work, dst: Buf, bins: number): Promise<void> {
  await work.run(fill, bins, dst, 0);
}

/** [min, max] of x ignoring NaN (a kernel per chunk, folded on the host); [0, 1] when there is none. */
async function autoRange(
  work: Work,
  xa: ArrayArg,
  src: Buf | undefined,
  n: number,
): Promise<[number, number]> {
  if (n === 0 || !src) return [0, 1];
  const C = Math.max(1, Math.min(64, Math.ceil(n / 32768)));
  const L = Math.ceil(n / C);
  const mm = await work.alloc(xa.dtype, 2 * C);
  await work.run(minMax, C, src, mm, n, L);
  const host = await work.read(mm);
  let lo = Infinity;
  let hi = -Infinity;
  for (let c = 0; c < C; c++) {
    const a = host[2 * c]!;
    const b = host[2 * c + 1]!;
    if (a === a && a < lo) lo = a;
    if (b === b && b > hi) hi = b;
  }
  if (lo === Infinity && hi === -Infinity) return [0, 1];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new RangeError(
      `numbat: histogram: 'x' contains ${!Number.isFinite(lo) ? lo : hi}, so it has no finite range: pass options.range`,
    );
  }
  if (!Number.isFinite(hi - lo)) {
    throw new RangeError(
      `numbat: histogram: 'x' spans [${lo}, ${hi}], wider than the largest double: pass options.range`,
    );
  }
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}
