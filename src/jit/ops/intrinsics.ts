// intrinsics.ts — the functions numbat exports for kernels to call besides Math.*: each an
// ordinary function, so a kernel also runs as plain JavaScript (kernel.fn,
// NUMBAT_DISABLE_JIT), and one declaration each in INTRINSIC_OPS (see op.ts). The compiler
// recognises them by name (names.ts); every backend must reproduce these definitions
// exactly (random bit for bit).

import type { TypedArray } from '../types/dtype.js';
import type { IntrinsicOpSpec } from './op.js';

/**
 * Converts to f32 with JS semantics (`Math.fround`).
 *
 * @example
 * ```ts
 * kernel((i: number, x: Float64Array, out: Float32Array) => { out[i] = f32(x[i]!); });
 * ```
 */
export const f32 = (x: number): number => Math.fround(x);
/**
 * Marks a value as f64 (a no-op in plain JS): `f64(a[i]) + b[i]` keeps JavaScript's
 * meaning where integers would wrap.
 *
 * @example
 * ```ts
 * kernel((i: number, a: Int32Array, out: Float64Array) => { out[i] = f64(a[i]!) * 3e9; });
 * ```
 */
export const f64 = (x: number): number => +x;
/**
 * Converts to i32 with JS semantics (`x | 0`).
 *
 * @example
 * ```ts
 * kernel((i: number, x: Float32Array, out: Int32Array) => { out[i] = i32(x[i]! * 255); });
 * ```
 */
export const i32 = (x: number): number => x | 0;
/**
 * Converts to u32 with JS semantics (`x >>> 0`).
 *
 * @example
 * ```ts
 * kernel((i: number, out: Uint32Array) => { out[i] = u32(-i); });
 * ```
 */
export const u32 = (x: number): number => x >>> 0;

/** One word of memory seen as an f32 and as a u32: the plain meaning of the bitcasts. */
const bitsF32 = new Float32Array(1);
const bitsU32 = new Uint32Array(bitsF32.buffer);

/**
 * The IEEE-754 bits of an f32 as a u32 (WGSL `bitcast<u32>`, wasm `i32.reinterpret_f32`):
 * the operand is first rounded to f32 (as `f32(x)`). −0 is 0x80000000; a NaN keeps its
 * payload, except that a signalling NaN may come back quiet.
 *
 * @example
 * ```ts
 * kernel((i: number, x: Float32Array, out: Uint32Array) => { out[i] = f32bits(x[i]!); });
 * ```
 */
export const f32bits = (x: number): number => {
  bitsF32[0] = x;
  return bitsU32[0]!;
};
/**
 * The f32 whose IEEE-754 bits are a u32 (WGSL `bitcast<f32>`, wasm `f32.reinterpret_i32`):
 * the operand is first converted to u32 (as `u32(x)`). The inverse of `f32bits`.
 *
 * @example
 * ```ts
 * kernel((i: number, bits: Uint32Array, out: Float32Array) => { out[i] = f32frombits(bits[i]! ^ 0x80000000); });
 * ```
 */
export const f32frombits = (u: number): number => {
  bitsU32[0] = u;
  return bitsF32[0]!;
};

type AtomicTarget = TypedArray | { get(i: number): number; set(i: number, v: number): unknown };

function rmw(a: AtomicTarget, i: number, f: (old: number) => number): number {
  if (ArrayBuffer.isView(a)) {
    const old = (a as TypedArray)[i]!;
    (a as TypedArray)[i] = f(old);
    return old;
  }
  const old = a.get(i);
  a.set(i, f(old));
  return old;
}

/**
 * a[i] += v atomically; returns the old value.
 *
 * @example
 * ```ts
 * kernel((i: number, x: Float32Array, bins: Uint32Array) => { atomicAdd(bins, x[i]! > 0 ? 1 : 0, 1); });
 * ```
 */
export const atomicAdd = (a: AtomicTarget, i: number, v: number): number => rmw(a, i, (o) => o + v);
/**
 * a[i] -= v atomically; returns the old value.
 *
 * @example
 * ```ts
 * kernel((i: number, left: Int32Array) => { atomicSub(left, 0, 1); });
 * ```
 */
export const atomicSub = (a: AtomicTarget, i: number, v: number): number => rmw(a, i, (o) => o - v);
/**
 * a[i] = min(a[i], v) atomically; returns the old value.
 *
 * @example
 * ```ts
 * kernel((i: number, x: Int32Array, lo: Int32Array) => { atomicMin(lo, 0, x[i]!); });
 * ```
 */
export const atomicMin = (a: AtomicTarget, i: number, v: number): number =>
  rmw(a, i, (o) => Math.min(o, v));
/**
 * a[i] = max(a[i], v) atomically; returns the old value.
 *
 * @example
 * ```ts
 * kernel((i: number, x: Int32Array, hi: Int32Array) => { atomicMax(hi, 0, x[i]!); });
 * ```
 */
export const atomicMax = (a: AtomicTarget, i: number, v: number): number =>
  rmw(a, i, (o) => Math.max(o, v));

/** The 32-bit integer finaliser behind `random` (Wellons' lowbias32). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The constant `random` xors into the seed. */
export const RANDOM_SEED_XOR = 0x9e3779b9;

/**
 * Counter-based random number: k · 2^-24 for k in [0, 2^24), the same on every backend.
 * `random(seed, counter) = (mix32((mix32(seed ^ 0x9e3779b9) + counter) | 0) >>> 8) · 2^-24`,
 * with seed and counter converted to 32-bit integers as JS bitwise operators do.
 *
 * @example
 * ```ts
 * kernel((i: number, seed: number, out: Float32Array) => { out[i] = random(seed, i); });
 * ```
 */
export function random(seed: number, counter: number): number {
  const h = mix32((mix32(seed ^ RANDOM_SEED_XOR) + (counter | 0)) | 0);
  return (h >>> 8) * 5.9604644775390625e-8;
}

/**
 * Cooperative kernels (the `workgroup` option): what these return is a fact of the launch
 * that only numbat's executors know, so as plain functions they refuse with a clear
 * error. A cooperative kernel's meaning is its workgroups run in lockstep from barrier to
 * barrier (ir/interp.ts is the reference), not one plain call per index.
 */
function cooperativeOnly(name: string): never {
  throw new Error(
    `numbat: ${name} only has a meaning inside a cooperative kernel run by numbat (kernel(fn, { workgroup })); ` +
      'a cooperative kernel is not a plain function of one index',
  );
}

/** The invocation's index inside its workgroup along axis `d` (0 … workgroup[d] − 1). */
export const localId = (d = 0): number => cooperativeOnly(`localId(${d})`);
/** The workgroup's index along axis `d`: a grid index is groupId(d) · workgroup[d] + localId(d). */
export const groupId = (d = 0): number => cooperativeOnly(`groupId(${d})`);
/** How many workgroups the launch has along axis `d`. */
export const groupCount = (d = 0): number => cooperativeOnly(`groupCount(${d})`);

/** The typed arrays a workgroup array can be. */
export type SharedArrayType = Float32Array | Float64Array | Int32Array | Uint32Array;
/**
 * Workgroup memory: one array per workgroup, of a compile-time constant length, zeroed
 * when each workgroup starts. `const tile = shared(Float32Array, 256)`.
 */
export function shared<T extends SharedArrayType>(
  type: { new (length: number): T },
  length: number,
): T {
  void type;
  return cooperativeOnly(`shared(…, ${length})`);
}
/**
 * Every invocation of the workgroup arrives here before any goes on; writes to shared and
 * global memory before it are seen after it. Must be reached in uniform control flow.
 */
export function barrier(): void {
  cooperativeOnly('barrier()');
}
/**
 * WGSL's workgroupUniformLoad: a barrier, `array[index]` read by every invocation, then a
 * barrier again: a value the same in all of them (uniform), so that control flow may
 * depend on it around later barriers
 * (`const n = workgroupUniformLoad(count, 0); for (…; k < n; …) barrier()`).
 * `array` is a shared() array no atomic touches, `index` the same in every invocation;
 * reached in uniform control flow, as barrier().
 */
export function workgroupUniformLoad(array: SharedArrayType, index: number): number {
  void array;
  return cooperativeOnly(`workgroupUniformLoad(…, ${index})`);
}

/** Every intrinsic, declared once. */
export const INTRINSIC_OPS = {
  f32: { arity: 1, plain: f32, typing: 'f32', cost: 1, lowersTo: 'cast' },
  f64: { arity: 1, plain: f64, typing: 'f64', cost: 1, lowersTo: 'cast' },
  i32: {
    arity: 1,
    plain: i32,
    typing: 'i32 (ToInt32: truncated, wrapped)',
    cost: 1,
    lowersTo: 'cast',
  },
  u32: {
    arity: 1,
    plain: u32,
    typing: 'u32 (ToUint32: truncated, wrapped)',
    cost: 1,
    lowersTo: 'cast',
  },
  f32bits: {
    arity: 1,
    plain: f32bits,
    typing: 'u32 (the bits of an f32)',
    cost: 1,
    lowersTo: 'bitcast',
  },
  f32frombits: {
    arity: 1,
    plain: f32frombits,
    typing: 'f32 (the f32 of these bits)',
    cost: 1,
    lowersTo: 'bitcast',
  },
  atomicAdd: {
    arity: 3,
    plain: atomicAdd,
    typing: "the array's element type",
    cost: 20,
    lowersTo: 'atomic',
  },
  atomicSub: {
    arity: 3,
    plain: atomicSub,
    typing: "the array's element type",
    cost: 20,
    lowersTo: 'atomic',
  },
  atomicMin: {
    arity: 3,
    plain: atomicMin,
    typing: "the array's element type",
    cost: 20,
    lowersTo: 'atomic',
  },
  atomicMax: {
    arity: 3,
    plain: atomicMax,
    typing: "the array's element type",
    cost: 20,
    lowersTo: 'atomic',
  },
  random: { arity: 2, plain: random, typing: 'a float in [0, 1)', cost: 10, lowersTo: 'random' },
  localId: { arity: [0, 1], plain: localId, typing: 'i32', cost: 1, lowersTo: 'geometry' },
  groupId: { arity: [0, 1], plain: groupId, typing: 'i32', cost: 1, lowersTo: 'geometry' },
  groupCount: { arity: [0, 1], plain: groupCount, typing: 'i32', cost: 1, lowersTo: 'geometry' },
  shared: {
    arity: 2,
    plain: shared as unknown as (...x: never[]) => number,
    typing: 'an array of the given type, one per workgroup',
    cost: 0,
    lowersTo: 'shared',
  },
  barrier: {
    arity: 0,
    plain: barrier as unknown as () => number,
    typing: 'nothing (a statement)',
    cost: 10,
    lowersTo: 'barrier',
  },
  workgroupUniformLoad: {
    arity: 2,
    plain: workgroupUniformLoad as unknown as (...x: never[]) => number,
    typing: "the shared array's element type, the same in every invocation",
    cost: 10,
    lowersTo: 'uniformLoad',
  },
} as const satisfies Record<string, IntrinsicOpSpec>;

/** The intrinsics that only cooperative kernels (the `workgroup` option) may call. */
export const COOPERATIVE_INTRINSICS: ReadonlySet<string> = new Set([
  'localId',
  'groupId',
  'groupCount',
  'shared',
  'barrier',
  'workgroupUniformLoad',
]);

/** How many operands an intrinsic takes, as [fewest, most]. */
export function intrinsicArity(name: IntrinsicName): readonly [number, number] {
  const arity: number | readonly [number, number] = INTRINSIC_OPS[name].arity;
  return typeof arity === 'number' ? [arity, arity] : arity;
}

/** An intrinsic's name. */
export type IntrinsicName = keyof typeof INTRINSIC_OPS;

/** Every intrinsic's name. */
export const INTRINSIC_NAMES: ReadonlySet<string> = new Set(Object.keys(INTRINSIC_OPS));
