// wgsl/types.ts — how IR value types, dtypes and constants are spelled in WGSL.
//
// IR `float` is f32 on WebGPU; f64 has no WGSL form (the backend refuses such kernels
// before codegen, so meeting one here is an internal error). Small integer dtypes live
// in 32-bit storage: i8/i16/u8/u16 elements are i32 in GPU buffers.

import type { DType, ValueType } from '../../types/dtype.js';
import { InternalError } from '../../diagnostics.js';

/** A WGSL scalar type the generated code computes in. */
export type WgslScalar = 'bool' | 'i32' | 'u32' | 'f32';

/** The WGSL type of an IR value type. */
export function wgslType(t: ValueType): WgslScalar {
  switch (t) {
    case 'bool':
      return 'bool';
    case 'i32':
      return 'i32';
    case 'u32':
      return 'u32';
    case 'f32':
    case 'float':
      return 'f32';
    case 'f64':
      throw new InternalError('an f64 value reached the WGSL codegen (WebGPU has no f64)');
    default: {
      const never: never = t;
      throw new InternalError(`unknown value type ${String(never)}`);
    }
  }
}

/** The 32-bit element type a dtype is stored as in a GPU buffer. */
export function storageType(d: DType): 'i32' | 'u32' | 'f32' {
  switch (d) {
    case 'f32':
      return 'f32';
    case 'u32':
      return 'u32';
    case 'i32':
    case 'i16':
    case 'u16':
    case 'i8':
    case 'u8':
      return 'i32';
    // Float64Array data under precision 'f32' (passes/demoteF64.ts): stored as f32 words,
    // converted when uploaded and read back.
    case 'f64':
      return 'f32';
    default: {
      const never: never = d;
      throw new InternalError(`unknown dtype ${String(never)}`);
    }
  }
}

/** Whether a dtype is stored widened to 32 bits on the GPU (and converted on transfer). */
export function isWidened(d: DType): boolean {
  return d === 'i16' || d === 'u16' || d === 'i8' || d === 'u8';
}

/**
 * A WGSL literal for `v` as type `t`. NaN and infinities become calls of the `f32_bits`
 * helper: the caller must request it (see needsBitsHelper).
 */
export function literal(v: number, t: WgslScalar): string {
  switch (t) {
    case 'bool':
      return v ? 'true' : 'false';
    case 'i32': {
      const n = v | 0;
      return n === -2147483648 ? '(-2147483647i - 1i)' : n < 0 ? `(${n}i)` : `${n}i`;
    }
    case 'u32':
      return `${v >>> 0}u`;
    case 'f32':
      return floatLiteral(v);
    default: {
      const never: never = t;
      throw new InternalError(`unknown WGSL type ${String(never)}`);
    }
  }
}

function floatLiteral(v: number): string {
  const f = Math.fround(v);
  // NaN and ±Inf are no legal constants: a helper call builds them at run time.
  if (Number.isNaN(f)) return 'nb_f32_bits(0x7fc00000u)';
  if (f === Infinity) return 'nb_f32_bits(0x7f800000u)';
  if (f === -Infinity) return 'nb_f32_bits(0xff800000u)';
  if (Object.is(f, -0)) return 'bitcast<f32>(0x80000000u)';
  const text = shortestF32(f);
  // Subnormal: spell the bits so no front end flushes the literal to zero. Near the top
  // of the range the shortest decimal can exceed the largest f32 (3.4028235e38 for it) and
  // WGSL rejects such a literal even though it rounds back: spell those bits too.
  if (
    (f !== 0 && Math.abs(f) < 1.1754943508222875e-38) ||
    Math.abs(Number(text)) > 3.4028234663852886e38
  ) {
    const bits = new Uint32Array(new Float32Array([f]).buffer)[0]!;
    return `bitcast<f32>(0x${bits.toString(16)}u)`;
  }
  const body = /[.eE]/.test(text) ? text : `${text}.0`;
  return f < 0 ? `(${body}f)` : `${body}f`;
}

/** The shortest decimal that rounds back to the same f32. */
function shortestF32(f: number): string {
  for (let digits = 1; digits <= 17; digits++) {
    const s = f.toPrecision(digits);
    if (Math.fround(Number(s)) === f) return normaliseExponent(s);
  }
  return normaliseExponent(String(f));
}

function normaliseExponent(s: string): string {
  // WGSL accepts 1e+5 / 1e-5; strip a trailing "." from toPrecision output like "1.e5".
  return s.replace('e+', 'e');
}

/** Whether literal(v, 'f32') calls the `f32_bits` helper. */
export function needsBitsHelper(v: number): boolean {
  return !Number.isFinite(Math.fround(v));
}
