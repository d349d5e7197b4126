// nativeFloat.ts — whether a kernel computes in the backend's native float.
//
// Float math tied to no float array (`i / n`, `-2 + col * 2.5 / w`, an Int32Array value
// divided by 3) has the IR type 'float': f64 on js, workers and wasm, f32 on WebGPU
// (README "Semantics decided once"). Such a kernel gives other answers on WebGPU than on
// the CPU backends; `auto` (runtime/select.ts) uses that to keep it on the CPU unless its
// arrays live on the GPU, so that the machine it runs on never changes its answer.
// Constants and scalar arguments on their own do not count: one rounding to the array's
// type gives the same value everywhere.

import type { Expr, IrKernel } from '../ir/ir.js';
import { forEachExpr } from '../ir/walk.js';

/** The first operation the kernel computes in the native float, or undefined. */
export function nativeFloatOperation(ir: IrKernel): Expr | undefined {
  let found: Expr | undefined;
  forEachExpr(ir, (e) => {
    if (found || e.t !== 'float') return;
    if (e.k === 'const' || e.k === 'scalar' || e.k === 'local') return;
    found = e;
  });
  return found;
}
