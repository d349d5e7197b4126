// mathOps.ts — the wasm emitters of the Math functions, registered against their
// declarations (ops/math.ts): one record per function saying how a scalar and a vector of
// each kind of result is computed. scalar.ts and simdExpr.ts dispatch through this table;
// the host imports (context.ts) are the functions whose scalar form is `host`.
//
// Kinds of emitter:
// - `native`: the wasm instruction of the same name over the operands (`f64.sqrt`,
//   `f32x4.min`, each half of an f64 pair);
// - `host`: the host's own `Math[name]`, imported and called in f64 (exact V8 results);
// - a `vmath` kernel: the branch-free f64x2 library in vmath/ (f32 lanes widened, or a
//   native f32x4 form where it has one);
// - a function that writes the instructions itself;
// - absent (vector forms only): lane by lane through the scalar emitter.

import type { MathFn } from '../../ops/math.js';
import { MATH_OPS } from '../../ops/math.js';
import type { FunctionBuilder } from './assembler.js';
import type { ConcreteTy, KernelContext } from './context.js';
import type { VecLocal } from './simdCore.js';
import type { NativeF32Math, VectorMathKernel } from './vmath.js';
import { exp, expm1, log, log10, log1p, log2 } from './vmath/expLog.js';
import { cos, sin, tan } from './vmath/trig.js';
import { acos, asin, atan, atan2 } from './vmath/arcTrig.js';
import { acosh, asinh, atanh, cosh, sinh, tanh } from './vmath/hyperbolic.js';
import { cbrt, hypot, pow } from './vmath/powRoot.js';

/** What a scalar Math emitter may use of the scalar generator. */
export interface ScalarMathGen {
  readonly fn: FunctionBuilder;
  readonly cx: KernelContext;
  /** Pushes operand k converted to `as` (by default the result type). */
  arg(k: number, as?: ConcreteTy): void;
  /** Converts the value on the stack with JS semantics. */
  convert(from: ConcreteTy, to: ConcreteTy): void;
  /** Pushes the same call computed with result type `t`. */
  computeAs(t: ConcreteTy): void;
}

/** What a vector Math emitter may use of the vector generator. */
export interface VectorMathGen {
  readonly fn: FunctionBuilder;
  readonly cx: KernelContext;
  /** The shape of one vector (one half of an f64 pair). */
  readonly shape: 'i32x4' | 'f32x4' | 'f64x2';
  /** Pushes operand k as a vector of the result type. */
  arg(k: number): void;
  /** Pushes the constant v in every lane of one vector. */
  splat(v: number): void;
  /** Runs `emit` once per half of an f64 pair (once otherwise) over `arity` pushed vectors. */
  lanewise(arity: number, emit: () => void): void;
  /** Operand k in a temporary (give it back with `release`). */
  operandTemp(k: number): VecLocal;
  /** Runs `emit` once per half of `v` (once for a single vector) with that half's local. */
  eachHalf(v: VecLocal, emit: (half: number) => void): void;
  release(v: VecLocal): void;
}

/** Writes a scalar float result of type t. */
export type FloatEmit = (g: ScalarMathGen, t: 'f32' | 'f64') => void;
/** Writes a scalar integer result of type t. */
export type IntEmit = (g: ScalarMathGen, t: 'i32' | 'u32') => void;
/** Writes a vector result of type t; 'perLane' declines (then lane by lane). */
// biome-ignore lint/suspicious/noConfusingVoidType: most emitters return nothing; one may decline
export type VectorEmit = (g: VectorMathGen, t: ConcreteTy) => void | 'perLane';

/** A function of the vector Math library. */
export interface VmathForm {
  readonly vmath: VectorMathKernel;
  /** The native f32x4 form, where the library has one (else f32 lanes are widened). */
  readonly nativeF32?: NativeF32Math;
}

/** How wasm computes one Math function. */
export interface WasmMathEmitter {
  /** A float result (f32, f64). */
  readonly float: 'native' | 'host' | FloatEmit;
  /** An integer result (i32, u32); absent: computed in f64 and converted. */
  readonly int?: IntEmit;
  /** Float lanes; absent: lane by lane. */
  readonly floatLanes?: 'native' | VmathForm | VectorEmit;
  /** Integer lanes; absent: lane by lane. */
  readonly intLanes?: VectorEmit;
}

const vm = (vmath: VectorMathKernel, nativeF32?: NativeF32Math): VmathForm =>
  nativeF32 ? { vmath, nativeF32 } : { vmath };
const hostWith = (form: VmathForm): WasmMathEmitter => ({ float: 'host', floatLanes: form });
const native: WasmMathEmitter = { float: 'native', floatLanes: 'native' };

/** JS Math.round: r = ceil(x); if (r − 0.5 > x) r −= 1. */
const roundScalar: FloatEmit = (g, t) => {
  const x = g.cx.temp(t);
  const r = g.cx.temp(t);
  g.arg(0);
  g.cx.set(x);
  g.cx.get(x);
  g.fn.op(`${t}.ceil`);
  g.cx.tee(r);
  g.fn.op(`${t}.const`, 1);
  g.fn.op(`${t}.sub`);
  g.cx.get(r);
  g.cx.get(r);
  g.fn.op(`${t}.const`, 0.5);
  g.fn.op(`${t}.sub`);
  g.cx.get(x);
  g.fn.op(`${t}.gt`);
  g.fn.op('select');
  g.cx.release(x);
  g.cx.release(r);
};

const roundLanes: VectorEmit = (g) => {
  const x = g.operandTemp(0);
  const r = g.cx.temp('v128');
  g.eachHalf(x, (half) => {
    g.cx.get(half);
    g.fn.op(`${g.shape}.ceil`);
    g.cx.tee(r);
    g.splat(1);
    g.fn.op(`${g.shape}.sub`);
    g.cx.get(r);
    g.cx.get(r);
    g.splat(0.5);
    g.fn.op(`${g.shape}.sub`);
    g.cx.get(half);
    g.fn.op(`${g.shape}.gt`);
    g.fn.op('v128.bitselect');
  });
  g.cx.release(r);
  g.release(x);
};

/** Math.sign: copysign(1, x) where |x| > 0, else x itself (±0, NaN). */
const signScalar: FloatEmit = (g, t) => {
  const x = g.cx.temp(t);
  g.fn.op(`${t}.const`, 1);
  g.arg(0);
  g.cx.tee(x);
  g.fn.op(`${t}.copysign`);
  g.cx.get(x);
  g.cx.get(x);
  g.fn.op(`${t}.abs`);
  g.fn.op(`${t}.const`, 0);
  g.fn.op(`${t}.gt`);
  g.fn.op('select');
  g.cx.release(x);
};

const signLanes: VectorEmit = (g) => {
  const x = g.operandTemp(0);
  g.eachHalf(x, (half) => {
    // copysign(1, x) = bitselect(x, 1, signbit)
    g.cx.get(half);
    g.splat(1);
    g.splat(-0);
    g.fn.op('v128.bitselect');
    g.cx.get(half);
    g.cx.get(half);
    g.fn.op(`${g.shape}.abs`);
    g.splat(0);
    g.fn.op(`${g.shape}.gt`);
    g.fn.op('v128.bitselect');
  });
  g.release(x);
};

/** Integer min/max: select(x, y, x < y) (signed or unsigned by the type). */
const intMinMax =
  (name: 'min' | 'max'): IntEmit =>
  (g, t) => {
    const x = g.cx.temp('i32');
    const y = g.cx.temp('i32');
    g.arg(0);
    g.cx.tee(x);
    g.arg(1);
    g.cx.tee(y);
    g.cx.get(x);
    g.cx.get(y);
    const lt = t === 'u32' ? 'i32.lt_u' : 'i32.lt_s';
    g.fn.op(name === 'min' ? lt : lt.replace('lt', 'gt'));
    // select(x, y, c) picks x when c: x, y were pushed, then c = (x < y) for min.
    g.fn.op('select');
    g.cx.release(x);
    g.cx.release(y);
  };

const intMinMaxLanes =
  (name: 'min' | 'max'): VectorEmit =>
  (g, t) => {
    g.arg(0);
    g.arg(1);
    g.fn.op(`i32x4.${name}_${t === 'u32' ? 'u' : 's'}`);
  };

/** Float imul and clz32: the i32 result, converted. */
const viaI32: FloatEmit = (g, t) => {
  g.computeAs('i32');
  g.convert('i32', t);
};

/** Every Math function's wasm emitters (a missing one is a type error). */
export const WASM_MATH: Record<MathFn, WasmMathEmitter> = {
  abs: {
    ...native,
    int: (g, t) => {
      if (t === 'u32') {
        g.arg(0); // a u32 is never negative
        return;
      }
      const x = g.cx.temp('i32');
      g.arg(0);
      g.cx.set(x);
      g.cx.constI32(0);
      g.cx.get(x);
      g.fn.op('i32.sub');
      g.cx.get(x);
      g.cx.get(x);
      g.cx.constI32(0);
      g.fn.op('i32.lt_s');
      g.fn.op('select');
      g.cx.release(x);
    },
    intLanes: (g, t) => {
      if (t !== 'i32') return 'perLane';
      g.arg(0);
      g.fn.op('i32x4.abs');
    },
  },
  sign: { float: signScalar, floatLanes: signLanes },
  sqrt: native,
  cbrt: hostWith(vm(cbrt)),
  floor: native,
  ceil: native,
  round: { float: roundScalar, floatLanes: roundLanes },
  trunc: native,
  fround: {
    float: (g, t) => {
      g.arg(0);
      if (t === 'f64') {
        g.fn.op('f32.demote_f64');
        g.fn.op('f64.promote_f32');
      }
    },
    floatLanes: (g, t) => {
      g.arg(0);
      if (t === 'f64')
        g.lanewise(1, () => {
          g.fn.op('f32x4.demote_f64x2_zero');
          g.fn.op('f64x2.promote_low_f32x4');
        });
    },
  },
  exp: hostWith(vm(exp, 'exp')),
  expm1: hostWith(vm(expm1)),
  log: hostWith(vm(log, 'log')),
  log1p: hostWith(vm(log1p)),
  log2: hostWith(vm(log2)),
  log10: hostWith(vm(log10)),
  sin: hostWith(vm(sin, 'sin')),
  cos: hostWith(vm(cos, 'cos')),
  tan: hostWith(vm(tan)),
  asin: hostWith(vm(asin)),
  acos: hostWith(vm(acos)),
  atan: hostWith(vm(atan)),
  atan2: hostWith(vm(atan2)),
  sinh: hostWith(vm(sinh)),
  cosh: hostWith(vm(cosh)),
  tanh: hostWith(vm(tanh)),
  asinh: hostWith(vm(asinh)),
  acosh: hostWith(vm(acosh)),
  atanh: hostWith(vm(atanh)),
  pow: hostWith(vm(pow)),
  hypot: hostWith(vm(hypot)),
  min: { ...native, int: intMinMax('min'), intLanes: intMinMaxLanes('min') },
  max: { ...native, int: intMinMax('max'), intLanes: intMinMaxLanes('max') },
  imul: {
    float: viaI32,
    int: (g) => {
      g.arg(0);
      g.arg(1);
      g.fn.op('i32.mul');
    },
    intLanes: (g) => {
      g.arg(0);
      g.arg(1);
      g.fn.op('i32x4.mul');
    },
  },
  clz32: {
    float: viaI32,
    int: (g) => {
      g.arg(0);
      g.fn.op('i32.clz');
    },
  },
};

/**
 * The Math functions a module may import from the host (the scalar `host` forms): the
 * one-operand functions first, then the two-operand ones, each in declaration order. The
 * order fixes the imports' function indices.
 */
export const HOST_MATH: readonly MathFn[] = (Object.keys(WASM_MATH) as MathFn[])
  .filter((name) => WASM_MATH[name].float === 'host')
  .sort((a, b) => arityOf(a) - arityOf(b));

/** The operand count of a host Math function. */
export function arityOf(name: MathFn): number {
  const arity = MATH_OPS[name].arity;
  return arity === 'variadic' ? 2 : arity;
}
