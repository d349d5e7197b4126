// ops.ts — the one-line kernels of the property tests, one per operator or Math function,
// each written out literally (as a user would) so the front end parses real source.
//
// `accuracy` says how a backend's float results may differ from the plain function's:
// 'exact' (integer results, comparisons, rounding functions, casts, fmod); 'ieee' (one
// correctly rounded IEEE operation: exact on CPU backends, WGSL's ulp bounds on WebGPU);
// 'transcendental' (a few ulps on CPU, WGSL's accuracy table on WebGPU).
// `floatValued` marks operators whose result is float even on integer inputs: on WebGPU
// that float math is f32 (API.md), so integer-dtype results there are not comparable.
//
// Integer contract (README, "Semantics decided once"): on i32/u32 arrays a kernel's `+`,
// `-`, `*` wrap at 32 bits, so for those dtypes the expected value is not the plain
// function's but `wrapped32` — `(a + b) | 0`, `(a - b) | 0`, `Math.imul(a, b)` — then
// converted by the output array's store. For `+` and `-` that equals plain JS (the exact
// sum fits f64 and the store wraps it); for `*` it differs once |a·b| > 2^53, where plain
// JS rounds before the store and the kernel does not.

import { f32, i32, u32 } from '../../src/index.js';

/** How closely a backend must reproduce the plain result. */
export type Accuracy = 'exact' | 'ieee' | 'transcendental';

type Arr = { [k: number]: number };

/** One operator under test. */
export interface OpCase {
  readonly name: string;
  readonly arity: 1 | 2;
  /** `(i, a, b, out)` for binary, `(i, a, out)` for unary. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly fn: (...args: any[]) => void;
  readonly accuracy: Accuracy;
  readonly floatValued: boolean;
  /** The output array's dtype: the input dtype, or i32 for predicates. */
  readonly out: 'same' | 'i32';
  /**
   * The contract's value on i32/u32 operands (before the store converts it), where it
   * replaces the plain function as the reference; absent where plain JS is the reference.
   */
  readonly wrapped32?: (a: number, b: number) => number;
  /** The WGSL spelling, for picking its accuracy bound on WebGPU. */
  readonly wgsl?: 'div' | 'sqrt' | 'sin' | 'cos' | 'exp' | 'log' | 'atan2' | 'pow' | 'hypot';
}

export const BINARY_OPS: readonly OpCase[] = [
  {
    name: '+',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! + b[i]!;
    },
    accuracy: 'ieee',
    floatValued: false,
    out: 'same',
    wrapped32: (a: number, b: number) => (a + b) | 0,
  },
  {
    name: '-',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! - b[i]!;
    },
    accuracy: 'ieee',
    floatValued: false,
    out: 'same',
    wrapped32: (a: number, b: number) => (a - b) | 0,
  },
  {
    name: '*',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! * b[i]!;
    },
    accuracy: 'ieee',
    floatValued: false,
    out: 'same',
    wrapped32: (a: number, b: number) => Math.imul(a, b),
  },
  {
    name: '/',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! / b[i]!;
    },
    accuracy: 'ieee',
    floatValued: true,
    out: 'same',
    wgsl: 'div',
  },
  {
    name: '%',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! % b[i]!;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: '**',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! ** b[i]!;
    },
    accuracy: 'transcendental',
    floatValued: true,
    out: 'same',
    wgsl: 'pow',
  },
  {
    name: '&',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! & b[i]!;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: '|',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! | b[i]!;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: '^',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! ^ b[i]!;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: '<<',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! << b[i]!;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: '>>',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! >> b[i]!;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: '>>>',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! >>> b[i]!;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
];

export const COMPARISON_OPS: readonly OpCase[] = [
  {
    name: '<',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! < b[i]! ? 1 : 0;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'i32',
  },
  {
    name: '<=',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! <= b[i]! ? 1 : 0;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'i32',
  },
  {
    name: '>',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! > b[i]! ? 1 : 0;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'i32',
  },
  {
    name: '>=',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! >= b[i]! ? 1 : 0;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'i32',
  },
  {
    name: '===',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! === b[i]! ? 1 : 0;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'i32',
  },
  {
    name: '!==',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = a[i]! !== b[i]! ? 1 : 0;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'i32',
  },
];

export const UNARY_OPS: readonly OpCase[] = [
  {
    name: 'unary -',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = -a[i]!;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: 'unary !',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = !a[i]! ? 1 : 0;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'i32',
  },
  {
    name: 'unary ~',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = ~a[i]!;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
];

export const MATH_OPS: readonly OpCase[] = [
  {
    name: 'Math.sqrt',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = Math.sqrt(a[i]!);
    },
    accuracy: 'ieee',
    floatValued: true,
    out: 'same',
    wgsl: 'sqrt',
  },
  {
    name: 'Math.floor',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = Math.floor(a[i]!);
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: 'Math.ceil',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = Math.ceil(a[i]!);
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: 'Math.round',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = Math.round(a[i]!);
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: 'Math.trunc',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = Math.trunc(a[i]!);
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: 'Math.abs',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = Math.abs(a[i]!);
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: 'Math.sign',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = Math.sign(a[i]!);
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: 'Math.exp',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = Math.exp(a[i]!);
    },
    accuracy: 'transcendental',
    floatValued: true,
    out: 'same',
    wgsl: 'exp',
  },
  {
    name: 'Math.log',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = Math.log(a[i]!);
    },
    accuracy: 'transcendental',
    floatValued: true,
    out: 'same',
    wgsl: 'log',
  },
  {
    name: 'Math.sin',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = Math.sin(a[i]!);
    },
    accuracy: 'transcendental',
    floatValued: true,
    out: 'same',
    wgsl: 'sin',
  },
  {
    name: 'Math.cos',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = Math.cos(a[i]!);
    },
    accuracy: 'transcendental',
    floatValued: true,
    out: 'same',
    wgsl: 'cos',
  },
  {
    name: 'Math.min',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = Math.min(a[i]!, b[i]!);
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: 'Math.max',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = Math.max(a[i]!, b[i]!);
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: 'Math.atan2',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = Math.atan2(a[i]!, b[i]!);
    },
    accuracy: 'transcendental',
    floatValued: true,
    out: 'same',
    wgsl: 'atan2',
  },
  {
    name: 'Math.pow',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = Math.pow(a[i]!, b[i]!);
    },
    accuracy: 'transcendental',
    floatValued: true,
    out: 'same',
    wgsl: 'pow',
  },
  {
    name: 'Math.hypot',
    arity: 2,
    fn: (i: number, a: Arr, b: Arr, out: Arr) => {
      out[i] = Math.hypot(a[i]!, b[i]!);
    },
    accuracy: 'transcendental',
    floatValued: true,
    out: 'same',
    wgsl: 'hypot',
  },
];

export const CAST_OPS: readonly OpCase[] = [
  {
    name: 'f32()',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = f32(a[i]!);
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: 'i32()',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = i32(a[i]!);
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: 'u32()',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = u32(a[i]!);
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: '| 0',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = a[i]! | 0;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
  {
    name: '>>> 0',
    arity: 1,
    fn: (i: number, a: Arr, out: Arr) => {
      out[i] = a[i]! >>> 0;
    },
    accuracy: 'exact',
    floatValued: false,
    out: 'same',
  },
];
