// math.ts — the Math functions a kernel may call, one declaration each (see op.ts). Adding
// one: its entry here, and its emitter in codegen/wasm/mathOps.ts and
// codegen/wgsl/mathOps.ts (JavaScript and the reference executor call `plain`).

import type { MathOpSpec } from './op.js';

const unary = (
  plain: (x: number) => number,
  cost: number,
  typing: MathOpSpec['typing'] = 'float',
  f32Exact = false,
): MathOpSpec => ({ arity: 1, plain, typing, cost, f32Exact });
const binary = (plain: (x: number, y: number) => number, cost: number): MathOpSpec => ({
  arity: 2,
  plain,
  typing: 'float',
  cost,
  f32Exact: false,
});
/** Exact in the operand's type (no rounding after computing in f64), integers kept. */
const exact = (
  plain: (x: number) => number,
  typing: MathOpSpec['typing'] = 'keepsInt',
): MathOpSpec => unary(plain, 1, typing, true);

/** Every Math function kernels may call. */
export const MATH_OPS = {
  abs: exact(Math.abs),
  sign: exact(Math.sign),
  sqrt: unary(Math.sqrt, 4),
  cbrt: unary(Math.cbrt, 12),
  floor: exact(Math.floor, 'identityOnInt'),
  ceil: exact(Math.ceil, 'identityOnInt'),
  round: exact(Math.round, 'identityOnInt'),
  trunc: exact(Math.trunc, 'identityOnInt'),
  fround: unary(Math.fround, 1, 'toF32'),
  exp: unary(Math.exp, 20),
  expm1: unary(Math.expm1, 20),
  log: unary(Math.log, 20),
  log1p: unary(Math.log1p, 20),
  log2: unary(Math.log2, 20),
  log10: unary(Math.log10, 20),
  sin: unary(Math.sin, 20),
  cos: unary(Math.cos, 20),
  tan: unary(Math.tan, 20),
  asin: unary(Math.asin, 20),
  acos: unary(Math.acos, 20),
  atan: unary(Math.atan, 20),
  atan2: binary(Math.atan2, 20),
  sinh: unary(Math.sinh, 20),
  cosh: unary(Math.cosh, 20),
  tanh: unary(Math.tanh, 20),
  asinh: unary(Math.asinh, 20),
  acosh: unary(Math.acosh, 20),
  atanh: unary(Math.atanh, 20),
  pow: binary(Math.pow, 30),
  hypot: binary(Math.hypot, 12),
  min: { arity: 'variadic', plain: Math.min, typing: 'keepsInt', cost: 1, f32Exact: true },
  max: { arity: 'variadic', plain: Math.max, typing: 'keepsInt', cost: 1, f32Exact: true },
  imul: { arity: 2, plain: Math.imul, typing: 'int32', cost: 1, f32Exact: true },
  clz32: { arity: 1, plain: Math.clz32, typing: 'int32OfU32', cost: 1, f32Exact: true },
} as const satisfies Record<string, MathOpSpec>;

/** A Math function kernels may call. */
export type MathFn = keyof typeof MATH_OPS;

/** Every Math function's name. */
export const MATH_FNS = Object.keys(MATH_OPS) as MathFn[];

/** The declaration of `Math[name]`, if kernels may call it. */
export function mathOp(name: string): MathOpSpec | undefined {
  return Object.hasOwn(MATH_OPS, name) ? MATH_OPS[name as MathFn] : undefined;
}

/** Why `Math.name` cannot take `count` operands, or undefined when it can. */
export function mathArityProblem(name: string, op: MathOpSpec, count: number): string | undefined {
  if (op.arity === 'variadic')
    return count < 1 ? `Math.${name} takes at least one argument, got ${count}` : undefined;
  if (count === op.arity) return undefined;
  return `Math.${name} takes ${op.arity} argument${op.arity === 1 ? '' : 's'}, got ${count}`;
}
