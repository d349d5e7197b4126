// demoteF64.ts — under `precision: 'f32'`, makes the IR free of f64 for a target without
// f64 (WebGPU): the loads and stores of Float64Array data, and any value typed f64, become
// f32. The arrays keep their dtype (the backend converts f64 ↔ f32 as it moves them).
// Other targets run the IR as lowered: there f64 data is read exactly and rounded once.

import type { Expr, IrKernel, Stmt, Ty } from '../ir/ir.js';
import { mapKernel } from '../ir/walk.js';

const demote = (t: Ty): Ty => (t === 'f64' ? 'f32' : t);

/** The kernel with every f64 value type made f32 (the kernel unchanged unless precision is 'f32'). */
export function demoteF64(ir: IrKernel): IrKernel {
  if (ir.precision !== 'f32') return ir;
  const out = mapKernel(ir, {
    expr: (e: Expr): Expr => (e.t === 'f64' ? ({ ...e, t: 'f32' } as Expr) : e),
    stmt: (s: Stmt): Stmt => (s.k === 'let' && s.t === 'f64' ? { ...s, t: 'f32' } : s),
  });
  return {
    ...out,
    scalars: ir.scalars.map((s) => ({ ...s, type: demote(s.type) })),
    localArrays: ir.localArrays.map((a) => (a.dtype === 'f64' ? { ...a, dtype: 'f32' } : a)),
    reduce: out.reduce && { ...out.reduce, t: demote(out.reduce.t) },
    uses: { ...ir.uses, f64: false },
  };
}
