// irBuilders.ts — hand-built IrKernel objects for the wasm backend's tests (independent
// of the front end), plus a runner that launches them on the wasm backend.

import type { Expr, IrBuffer, IrKernel, IrScalar, MathFn, Stmt, Ty } from '../../src/jit/ir/ir.js';
import type { DType, TypedArray } from '../../src/jit/types/dtype.js';
import { compileWasmKernel } from '../../src/backends/wasm/index.js';
import { sharedHeap } from '../../src/backends/heap.js';
import type { WorkerPool } from '../../src/backends/workers/pool.js';

const span = { start: 0, end: 1 };

export const c = (v: number, t: Ty = 'f64'): Expr => ({ k: 'const', t, v });
export const ci = (v: number): Expr => c(v, 'i32');
export const local = (name: string, t: Ty): Expr => ({ k: 'local', t, name });
export const sc = (index: number, t: Ty): Expr => ({ k: 'scalar', t, index });
export const bin = (op: Extract<Expr, { k: 'bin' }>['op'], a: Expr, b: Expr, t?: Ty): Expr => ({
  k: 'bin',
  op,
  a,
  b,
  t: t ?? (['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(op) ? 'bool' : a.t),
});
export const cast = (a: Expr, t: Ty): Expr => ({ k: 'cast', t, a });
export const math = (fn: MathFn, t: Ty, ...args: Expr[]): Expr => ({ k: 'math', t, fn, args });
export const load = (buffer: number, index: Expr, t: Ty): Expr => ({
  k: 'load',
  t,
  arr: { kind: 'buffer', index: buffer },
  index,
  span,
});
export const store = (buffer: number, index: Expr, value: Expr): Stmt => ({
  k: 'store',
  arr: { kind: 'buffer', index: buffer },
  index,
  value,
  span,
});
export const let_ = (name: string, t: Ty, init: Expr): Stmt => ({ k: 'let', name, t, init });
export const assign = (name: string, value: Expr): Stmt => ({ k: 'assign', name, value });
export const if_ = (cond: Expr, then: Stmt[], els: Stmt[] = []): Stmt => ({
  k: 'if',
  cond,
  then,
  else: els,
});
export const while_ = (
  label: string,
  cond: Expr | null,
  body: Stmt[],
  update: Stmt[] = [],
): Stmt => ({ k: 'loop', label, cond, body, update, postCond: null });
export const ret = (value: Expr | null = null): Stmt => ({ k: 'return', value });

export function buffer(
  name: string,
  dtype: DType,
  argIndex: number,
  read = true,
  written = false,
): IrBuffer {
  return { name, dtype, read, written, argIndex };
}

export function scalar(name: string, type: Ty, argIndex: number): IrScalar {
  return { name, type, source: { kind: 'arg', argIndex } };
}

export function kernelIr(
  partial: Partial<IrKernel> & Pick<IrKernel, 'name' | 'body' | 'buffers'>,
): IrKernel {
  return {
    indexNames: ['i'],
    geometry: { kind: 'flat' },
    scalars: [],
    localArrays: [],
    reduce: null,
    precision: 'auto',
    boundsCheck: false,
    fastMath: false,
    uses: { atomics: false, random: false, f64: false },
    ...partial,
  };
}

/** Runs `ir` on the wasm backend (SIMD or scalar path) with host arrays. */
export async function runWasm(
  ir: IrKernel,
  arrays: TypedArray[],
  scalars: number[],
  grid: number[],
  simd = true,
  pool: WorkerPool | null = null,
): Promise<number | undefined> {
  // Single-threaded unless a pool is given, so float atomics accumulate in index order.
  const compiled = compileWasmKernel(ir, sharedHeap(), { simd, pool });
  const total = grid.reduce((a, b) => a * b, 1);
  return compiled.run({
    buffers: arrays.map((data) => ({ kind: 'host', data })),
    scalars,
    grid,
    total,
  });
}
