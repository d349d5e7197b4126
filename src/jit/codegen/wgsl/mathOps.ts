// mathOps.ts — the WGSL emitters of the Math functions, registered against their
// declarations (ops/math.ts). WebGPU computes floats in f32: `accurate` is numbat's own
// library (within 2 ulps of Math.fround(Math.f(x)); helpers in mathcore/mathexp/mathtrig/
// mathhyp.ts), the default; `fast` the GPU's built-ins, chosen by `fastMath: true`.

import type { MathFn } from '../../ops/math.js';
import type { HelperName } from './helpers.js';
import type { WgslScalar } from './types.js';

/** What a WGSL Math emitter may use of the expression generator. */
export interface WgslMathGen {
  /** Operand i converted to `as` (f32 by default): emits what it needs, returns its WGSL. */
  arg(i: number, as?: WgslScalar): string;
  /** How many operands there are. */
  readonly count: number;
  /** Every operand, in order (as f32). */
  args(): readonly string[];
  /** Records a helper function and returns its WGSL name. */
  helper(name: HelperName): string;
}

/** WGSL for one call; its type is the emitter's `yields` (f32 unless said). */
export type WgslEmit = (g: WgslMathGen) => string;

/** How WGSL computes one Math function. */
export interface WgslMathEmitter {
  /** An integer result (i32, u32), in that type; absent: computed as a float. */
  readonly int?: (g: WgslMathGen, t: 'i32' | 'u32') => string;
  /** The default form. */
  readonly accurate: WgslEmit;
  /** Under `fastMath: true`; absent: the default form. */
  readonly fast?: WgslEmit;
  /** The type `accurate` and `fast` yield (converted to the result type after). */
  readonly yields?: 'f32' | 'i32';
}

/** A WGSL built-in of the same name. */
const builtin =
  (name: string): WgslEmit =>
  (g) =>
    `${name}(${g.args().join(', ')})`;
/** A helper function. */
const helper =
  (name: HelperName): WgslEmit =>
  (g) =>
    `${g.helper(name)}(${g.args().join(', ')})`;
/** numbat's library by default, the GPU built-in under fastMath. */
const library = (name: HelperName, fast: WgslEmit = builtin(name)): WgslMathEmitter => ({
  accurate: helper(name),
  fast,
});

/** Math.min/max: WGSL's on integers, NaN-propagating helpers on floats; folded pairwise. */
const minMax = (name: 'min' | 'max'): WgslMathEmitter => ({
  int: (g, t) =>
    Array.from({ length: g.count }, (_, i) => g.arg(i, t)).reduce(
      (acc, x) => `${name}(${acc}, ${x})`,
    ),
  accurate: (g) => {
    const h = g.helper(name);
    return g.args().reduce((acc, x) => `${h}(${acc}, ${x})`);
  },
});

/** Every Math function's WGSL emitters (a missing one is a type error). */
export const WGSL_MATH: Record<MathFn, WgslMathEmitter> = {
  abs: { int: (g, t) => `abs(${g.arg(0, t)})`, accurate: builtin('abs') },
  sign: { accurate: helper('sign') },
  sqrt: library('sqrt'),
  cbrt: library('cbrt', helper('fast_cbrt')),
  floor: library('floor'),
  ceil: library('ceil'),
  round: { accurate: helper('round') },
  trunc: { accurate: builtin('trunc') },
  fround: { accurate: (g) => g.arg(0) },
  exp: library('exp'),
  expm1: library('expm1', helper('fast_expm1')),
  log: library('log'),
  log1p: library('log1p', helper('fast_log1p')),
  log2: library('log2'),
  log10: library('log10', (g) => `(log2(${g.arg(0)}) * 0.30102999566398120f)`),
  sin: library('sin'),
  cos: library('cos'),
  tan: library('tan'),
  asin: library('asin'),
  acos: library('acos'),
  atan: library('atan'),
  atan2: library('atan2'),
  sinh: library('sinh'),
  cosh: library('cosh'),
  tanh: library('tanh', helper('fast_tanh')),
  asinh: library('asinh'),
  acosh: library('acosh'),
  atanh: library('atanh'),
  pow: library('pow', helper('fast_pow')),
  hypot: library('hypot', helper('fast_hypot')),
  min: minMax('min'),
  max: minMax('max'),
  imul: { accurate: (g) => `(${g.arg(0, 'i32')} * ${g.arg(1, 'i32')})`, yields: 'i32' },
  clz32: { accurate: (g) => `i32(countLeadingZeros(${g.arg(0, 'u32')}))`, yields: 'i32' },
};
