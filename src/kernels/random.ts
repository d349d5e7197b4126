// random.ts — `fillRandom(out, seed, { distribution })`: counter-based random numbers,
// written in the kernel language. Element i is a function of (seed, i) only — whatever the
// backend, the array's layout or how the work is split — built on numbat's `random(seed,
// counter)` intrinsic (k · 2^-24, k a 24-bit integer, the same bits everywhere).
//
// uniform, f32: random(seed, i), in [0, 1) on a grid of 2^-24.
// uniform, f64: random(seed, 2i) + random(seed, 2i + 1)·2^-24, in [0, 1) on a grid of 2^-48.
// normal (f32 values, also stored into f64 arrays): Box–Muller on pairs. Pair p = ⌊i/2⌋
// draws k1 = 2^24·random(seed, 2p) and k2 = 2^24·random(seed, 2p + 1);
// R = sqrt(−2·ln((2^24 − k1)·2^-24)), θ = 2π·k2·2^-24; element 2p is R·cos θ, 2p + 1 is
// R·sin θ. So that every backend gives the same bits, ln, sqrt, sin and cos are computed
// here from f32 additions, subtractions and multiplications only (correctly rounded in JS
// with Math.fround, in wasm and in WGSL; no division, whose WGSL accuracy is 2.5 ulp, and
// no built-in transcendental): the exponent of the 24-bit integer by clz32, the logarithm
// by the atanh series on [√½, √2] with a Newton reciprocal, the square root by Newton's
// reciprocal square root, sine and cosine by Taylor polynomials on [0, π/4] after an exact
// octant reduction of the integer angle. Accuracy: within a few f32 ulps of the exact
// Box–Muller values. (A GPU compiler that fuses a·b + c into one FMA rounds differently:
// WGSL forbids it only per implementation; SwiftShader does not fuse.)

import {
  f32 as f32Impl,
  i32 as i32Impl,
  random as randomImpl,
  type NDArray,
  type Kernel,
} from '../index.js';
import { kernel } from './internalKernel.js';
import {
  arrayArg,
  checkDistinct,
  checkOptions,
  chooseBackend,
  integerOption,
  ordered,
  Work,
  type BackendOption,
  type NdarrayLike,
  type TypedArray,
} from './arrays.js';
import { asNdarray, kernelArg } from './layout.js';

/**
 * Options of `fillRandom(out, seed, options)`.
 *
 * @example
 * ```ts
 * await fillRandom(new Float64Array(1000), 42, { distribution: 'normal' });
 * ```
 */
export interface FillRandomOptions extends BackendOption {
  /** 'uniform' (default): [0, 1); 'normal': mean 0, standard deviation 1. */
  distribution?: 'uniform' | 'normal';
}

// Names the kernels and their helpers receive through `uses` (declared for the type checker
// only). The intrinsics too: a helper refers to them by these free names, which neither a
// bundler nor a test transform rewrites, so the helpers' text also runs as plain JavaScript
// (NUMBAT_DISABLE_JIT rebuilds it with the `uses` in scope).
declare const gen: (seed: number, i: number) => number;
declare const f32: (x: number) => number;
declare const i32: (x: number) => number;
declare const random: (seed: number, counter: number) => number;

/** Uniform [0, 1) as f32 (24 bits). */
const uniform32 = (seed: number, i: number): number => f32(random(seed, i));
/** Uniform [0, 1) as f64 (48 bits). */
const uniform64 = (seed: number, i: number): number =>
  random(seed, 2 * i) + random(seed, 2 * i + 1) * 5.9604644775390625e-8;

/** The standard normal of element i (see the file header); f32 arithmetic throughout. */
const normal32 = (seed: number, i: number): number => {
  const p = i >> 1;
  // ln(u), u = m·2^-24 with m = 2^24 − k1 in [1, 2^24]: m = f·2^e, f in [1, 2).
  const m = 16777216 - i32(random(seed, 2 * p) * 16777216);
  let e = 31 - Math.clz32(m);
  let f =
    e > 23
      ? f32(m >>> (e - 23)) * f32(1.1920928955078125e-7)
      : f32(m << (23 - e)) * f32(1.1920928955078125e-7);
  if (f > f32(1.4142135623730951)) {
    f = f * f32(0.5);
    e = e + 1;
  }
  // ln f = 2·atanh(s), s = (f − 1)/(f + 1): 1/(f + 1) by Newton from a linear guess.
  const d = f + f32(1);
  let y = f32(0.9935706) - f32(0.24264069) * d;
  y = y * (f32(2) - d * y);
  y = y * (f32(2) - d * y);
  y = y * (f32(2) - d * y);
  const s = (f - f32(1)) * y;
  const z = s * s;
  const lnf =
    s *
    (f32(2) +
      z *
        (f32(0.6666666666666666) +
          z * (f32(0.4) + z * (f32(0.2857142857142857) + z * f32(0.2222222222222222)))));
  // L = −2·ln u = 2·((24 − e)·ln 2 − ln f) ≥ 0, and R = sqrt(L) = L·rsqrt(L).
  const big = f32(24 - e) * f32(0.6931471805599453);
  const L = f32(2) * (big - lnf);
  let g = L;
  let scale = f32(1);
  while (g >= f32(4)) {
    g = g * f32(0.25);
    scale = scale * f32(2);
  }
  while (g < f32(1) && g > f32(0)) {
    g = g * f32(4);
    scale = scale * f32(0.5);
  }
  let r = f32(1.1666666666666667) - f32(0.16666666666666666) * g;
  r = r * (f32(1.5) - f32(0.5) * g * r * r);
  r = r * (f32(1.5) - f32(0.5) * g * r * r);
  r = r * (f32(1.5) - f32(0.5) * g * r * r);
  r = r * (f32(1.5) - f32(0.5) * g * r * r);
  const R = L > f32(0) ? scale * (g * r) : f32(0);
  // θ = 2π·k2·2^-24: quadrant from the top two bits, then the octant folded exactly.
  const k2 = i32(random(seed, 2 * p + 1) * 16777216);
  const q = k2 >>> 22;
  const rest = k2 & 4194303;
  const folded = rest >= 2097152;
  const x = f32(folded ? 4194304 - rest : rest) * f32(3.7450702829239143e-7); // 2π·2^-24
  const x2 = x * x;
  const sx =
    x +
    x *
      x2 *
      (f32(-0.16666666666666666) +
        x2 *
          (f32(0.008333333333333333) +
            x2 * (f32(-0.0001984126984126984) + x2 * f32(0.0000027557319223985893))));
  const cx =
    f32(1) +
    x2 *
      (f32(-0.5) +
        x2 *
          (f32(0.041666666666666664) +
            x2 *
              (f32(-0.001388888888888889) +
                x2 * (f32(0.0000248015873015873) - x2 * f32(2.755731922398589e-7)))));
  const sa = folded ? cx : sx;
  const ca = folded ? sx : cx;
  const cosT = q === 0 ? ca : q === 1 ? -sa : q === 2 ? -ca : sa;
  const sinT = q === 0 ? sa : q === 1 ? ca : q === 2 ? -sa : -ca;
  return (i & 1) === 0 ? R * cosT : R * sinT;
};

/** One kernel per (rank, generator): element (i, j, …) gets gen(seed, its row-major index). */
function fillKernels(g: (seed: number, i: number) => number, name: string): Kernel[] {
  const uses = { gen: g, f32: f32Impl, i32: i32Impl, random: randomImpl };
  return [
    kernel(
      (i: number, out: NdarrayLike, seed: number) => {
        out.set(i, gen(seed, i));
      },
      { name: `fillRandom_${name}_1`, uses },
    ),
    kernel(
      (i: number, j: number, out: NdarrayLike, seed: number, s1: number) => {
        out.set(i, j, gen(seed, i * s1 + j));
      },
      { name: `fillRandom_${name}_2`, uses },
    ),
    kernel(
      (i: number, j: number, k: number, out: NdarrayLike, seed: number, s1: number, s2: number) => {
        out.set(i, j, k, gen(seed, (i * s1 + j) * s2 + k));
      },
      { name: `fillRandom_${name}_3`, uses },
    ),
    kernel(
      (
        i: number,
        j: number,
        k: number,
        out: NdarrayLike,
        seed: number,
        s1: number,
        s2: number,
        s3: number,
      ) => {
        const base = ((i * s1 + j) * s2 + k) * s3;
        for (let l = 0; l < s3; l++) out.set(i, j, k, l, gen(seed, base + l));
      },
      { name: `fillRandom_${name}_4`, uses },
    ),
  ];
}

const kernels = new Map<string, Kernel[]>();
function kernelsFor(key: 'uniform32' | 'uniform64' | 'normal32'): Kernel[] {
  let k = kernels.get(key);
  if (!k) {
    const g = key === 'uniform32' ? uniform32 : key === 'uniform64' ? uniform64 : normal32;
    kernels.set(key, (k = fillKernels(g, key)));
  }
  return k;
}

/**
 * Fills `out` with random numbers and resolves to it: element i (the row-major index) is a
 * function of (seed, i) only, the same on every backend (see src/kernels/random.ts for the
 * exact definitions). `out` is a Float32Array or Float64Array (f64 not on WebGPU), or such an
 * NDArray or ndarray of rank 1–4, filled in place.
 *
 * @param out the array to fill
 * @param seed an integer in [0, 2^32) (a RangeError outside it; non-integers are a TypeError)
 * @param options `distribution`: 'uniform' (default, [0, 1)) or 'normal' (mean 0, sd 1); `backend`
 * @example
 *   const noise = await fillRandom(new Float32Array(1 << 20), 42, { distribution: 'normal' });
 *   await fillRandom(await zeros([512, 512], 'f32'), 7);      // resident, in place
 */
export function fillRandom<T extends TypedArray | NDArray | NdarrayLike>(
  out: T,
  seed: number,
  options: FillRandomOptions = {},
): Promise<T> {
  try {
    const fn = 'fillRandom';
    checkOptions(options, ['distribution', 'backend'], fn);
    const oa = arrayArg(out, 'out', fn);
    checkDistinct(oa, fn, 'out');
    if (oa.dtype !== 'f32' && oa.dtype !== 'f64') {
      throw new TypeError(
        `numbat: fillRandom: 'out' must hold f32 or f64 elements (Float32Array, Float64Array), got ${oa.dtype}`,
      );
    }
    // Every seed names its own stream: no silent wrap of 2^32 to 0 or of −1 to 2^32 − 1.
    integerOption(seed, 'seed', fn, 0, 2 ** 32 - 1);
    const distribution = options.distribution ?? 'uniform';
    if (distribution !== 'uniform' && distribution !== 'normal') {
      throw new TypeError(
        `numbat: fillRandom: 'distribution' must be 'uniform' or 'normal', got ${JSON.stringify(distribution)}`,
      );
    }
    const key =
      distribution === 'normal' ? 'normal32' : oa.dtype === 'f64' ? 'uniform64' : 'uniform32';
    return ordered(async () => {
      const work = new Work(await chooseBackend(fn, options.backend, [oa], oa.size), fn);
      try {
        if (work.backend === 'webgpu' && oa.dtype === 'f64')
          throw new TypeError(
            `numbat: fillRandom: a Float64Array cannot be filled on WebGPU (WGSL has no f64); use a CPU backend`,
          );
        if (oa.size === 0) return out;
        const ks = kernelsFor(key);
        const s = oa.shape;
        const nd =
          oa.kind === 'NDArray' && (oa.value as NDArray).backend !== work.backend
            ? null
            : await kernelArg(work, oa);
        // An NDArray elsewhere than a forced backend moves there, as any launch does.
        const target = asNdarray(nd ?? oa.value);
        const seed32 = seed | 0;
        switch (s.length) {
          case 1:
            await work.run(ks[0]!, s[0]!, target, seed32);
            break;
          case 2:
            await work.run(ks[1]!, [s[0]!, s[1]!], target, seed32, s[1]!);
            break;
          case 3:
            await work.run(ks[2]!, [s[0]!, s[1]!, s[2]!], target, seed32, s[1]!, s[2]!);
            break;
          default:
            await work.run(ks[3]!, [s[0]!, s[1]!, s[2]!], target, seed32, s[1]!, s[2]!, s[3]!);
        }
        return out;
      } finally {
        work.dispose();
      }
    });
  } catch (e) {
    return Promise.reject(e);
  }
}
