// vectorizeTypes.ts — the types of a vectorized call, decided from types, never from values
// that `fn` computes (as NumPy's ufunc type resolution does):
//   - which inputs are cast before `fn` sees them: 32-bit integer mixes that the kernel
//     language would compute with 32-bit wrap although NumPy's common type is wider;
//   - the result's dtype: the inputs' float dtype when an input array is float, else what
//     the compiler itself infers for `fn`'s return value (lowering a reduce kernel whose
//     value is `fn`'s: its reduce type is that inference, under the same precision).

import type { ArgSig } from '../jit/types/signature.js';
import { makeSignature } from '../jit/types/signature.js';
import type { DType } from '../jit/types/dtype.js';
import { specialise, type KernelDefinition } from '../jit/pipeline.js';
import { f64, u32 } from '../jit/ops/intrinsics.js';
import { defineKernel } from './definition.js';
import { explainMinified } from './minified.js';

/** How one argument reaches `fn`: as it is, or converted with `f64(…)` or `u32(…)`. */
export type InputCast = 'f64' | 'u32' | null;

/** What typing needs of one argument: an array's dtype, or a scalar's kernel type. */
export type InputType =
  | { readonly kind: 'array'; readonly dtype: DType }
  | { readonly kind: 'number'; readonly value: number; readonly sig: ArgSig }
  | { readonly kind: 'bool' };

const SIGNED_ARRAYS: readonly DType[] = ['i8', 'i16', 'i32'];
const SMALL_UNSIGNED_ARRAYS: readonly DType[] = ['u8', 'u16'];

/**
 * The casts that give `fn` NumPy's common type where 32-bit integers of both signs meet.
 * Every integer array narrower than 32 bits loads as i32 in the kernel language, and i32
 * meeting u32 computes as i32 (bit-level, wrapping), so whenever a u32 value (a Uint32Array,
 * or a number argument above 2³¹ − 1) is among the inputs:
 * - with any signed input (Int8/16/32Array, a negative integer number) NumPy's common type
 *   is int64: every integer input is cast to f64 (exact for all of them);
 * - otherwise (Uint8/16Array, non-negative integer numbers, booleans) it is uint32: those
 *   are cast to u32, so `fn` computes in u32 as it would on two Uint32Arrays.
 * Without a u32 value nothing is cast: i32 holds every other integer input exactly.
 */
export function inputCasts(inputs: readonly InputType[]): InputCast[] {
  const isU32 = (x: InputType): boolean =>
    x.kind === 'array'
      ? x.dtype === 'u32'
      : x.kind === 'number' && x.sig.kind === 'number' && x.sig.type === 'u32';
  const isSigned = (x: InputType): boolean =>
    x.kind === 'array'
      ? SIGNED_ARRAYS.includes(x.dtype)
      : x.kind === 'number' && x.sig.kind === 'number' && x.sig.type === 'i32' && x.value < 0;
  const isSmallUnsigned = (x: InputType): boolean =>
    x.kind === 'array'
      ? SMALL_UNSIGNED_ARRAYS.includes(x.dtype)
      : x.kind === 'bool' ||
        (x.kind === 'number' && x.sig.kind === 'number' && x.sig.type === 'i32' && x.value >= 0);
  if (!inputs.some(isU32)) return inputs.map(() => null);
  const wide = inputs.some(isSigned);
  return inputs.map((x) => {
    if (isU32(x)) return wide ? 'f64' : null;
    if (isSigned(x) || isSmallUnsigned(x)) return wide ? 'f64' : 'u32';
    return null;
  });
}

/** The source of `fn`'s call in a wrapper kernel, each argument read by `read(k)` and cast. */
export function callSource(casts: readonly InputCast[], read: (k: number) => string): string {
  return `f(${casts.map((c, k) => (c ? `${c}(${read(k)})` : read(k))).join(', ')})`;
}

/**
 * A wrapper kernel's function built from `src`: `f`, `f64` and `u32` are real bindings of
 * its closure, so it also runs as plain JavaScript (NUMBAT_DISABLE_JIT, kernel.fn).
 */
export function wrapperFunction(fn: Function, src: string): Function {
  return new Function('f', 'f64', 'u32', `return ${src}`)(fn, f64, u32) as Function;
}

/** What a wrapper kernel's `uses` binds: `fn` and the two casts. */
export const wrapperUses = (fn: Function) => ({ f: fn, f64, u32 });

/**
 * Infers a vectorized call's result dtype and keeps each answer (per vectorized function:
 * one lowering per kind of call, as a kernel specialises once per signature).
 */
export class ResultTypes {
  private readonly probes = new Map<string, KernelDefinition>();
  private readonly answers = new Map<string, DType>();

  constructor(
    private readonly fn: Function,
    private readonly name: string,
    private readonly precision: 'auto' | 'f32' | 'f64',
  ) {}

  /**
   * The result dtype for these inputs and casts: with a float input array, f64 if one is f64
   * or integers are cast to f64, else f32 (the weak-scalar rule: the kernel language computes
   * such a call in f32); with integer arrays only, `fn`'s inferred return type: i32, u32 or
   * f32 as it is (32-bit integer semantics; f32 only where `fn` asks for it, with `f32(…)` or
   * precision 'f32'), a boolean as i32, any other float as f64.
   */
  dtypeOf(inputs: readonly InputType[], casts: readonly InputCast[]): DType {
    const floats = inputs.flatMap((x) =>
      x.kind === 'array' && (x.dtype === 'f32' || x.dtype === 'f64') ? [x.dtype] : [],
    );
    if (floats.length > 0) return floats.includes('f64') || casts.includes('f64') ? 'f64' : 'f32';
    const sigs = inputs.map(
      (x): ArgSig =>
        x.kind === 'array'
          ? { kind: 'typed', dtype: x.dtype }
          : x.kind === 'bool'
            ? { kind: 'bool' }
            : x.sig,
    );
    const signature = makeSignature(1, sigs);
    const key = `${casts.join()}|${signature.key}`;
    let dtype = this.answers.get(key);
    if (dtype === undefined) {
      const t = this.inferReturn(casts, inputs, signature);
      dtype = t === 'i32' || t === 'u32' || t === 'f32' ? t : 'f64';
      this.answers.set(key, dtype);
    }
    return dtype;
  }

  /** The compiler's type of `fn`'s value: the reduce type of `(i, …) => f(…)`. */
  private inferReturn(
    casts: readonly InputCast[],
    inputs: readonly InputType[],
    signature: ReturnType<typeof makeSignature>,
  ): string {
    const params = inputs.map((_, k) => `x${k}`);
    const src = `(i, ${params.join(', ')}) => ${callSource(casts, (k) => (inputs[k]!.kind === 'array' ? `x${k}[i]` : `x${k}`))}`;
    const options = {
      uses: wrapperUses(this.fn),
      name: this.name,
      reduce: 'sum' as const,
      precision: this.precision,
    };
    const wrapper = wrapperFunction(this.fn, src);
    try {
      let def = this.probes.get(src);
      if (!def) {
        def = defineKernel(wrapper, options, undefined);
        this.probes.set(src, def);
      }
      return specialise(def, signature).reduce!.t;
    } catch (e) {
      throw explainMinified(e, wrapper, options);
    }
  }
}
