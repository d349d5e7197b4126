// pipeline.ts — the steps from a kernel definition and a signature to IR, top to bottom.
//
//   1. lower      typed AST walk to a fixed point of variable types → IrKernel (lower/)
//   2. verify     structural and type checks of the IR (ir/verify.ts); failures are bugs
//   3. register   remember the source so codegens can locate access sites (sites.ts)
//
// Codegen happens per backend when a backend compiles the IR. Set NUMBAT_DEBUG=ir to
// print each kernel's IR, NUMBAT_DEBUG=time to time each step.

import { withContext } from './diagnostics.js';
import type { IrKernel } from './ir/ir.js';
import { printIr } from './ir/print.js';
import { verifyIr } from './ir/verify.js';
import { lowerKernel, type FunctionInput, type UsesEntry } from './lower/index.js';
import { registerSource } from './sites.js';
import type { Signature } from './types/signature.js';

/** Everything `kernel()` learned at definition time. */
export interface KernelDefinition {
  readonly kernel: FunctionInput;
  readonly uses: ReadonlyMap<string, UsesEntry>;
  readonly reduce: 'sum' | 'prod' | 'min' | 'max' | FunctionInput | null;
  readonly precision: 'auto' | 'f32' | 'f64';
  readonly boundsCheck: boolean;
  readonly fastMath: boolean;
}

const debug = typeof process !== 'undefined' ? (process.env?.NUMBAT_DEBUG ?? '') : '';

/** Specialises a kernel for one signature. */
export function specialise(def: KernelDefinition, sig: Signature): IrKernel {
  const t0 = debug.includes('time') ? performance.now() : 0;
  const ir = withContext(`while specialising ${def.kernel.source.name} for ${sig.key}`, () =>
    lowerKernel({ kernel: def.kernel, signature: sig, precision: def.precision, reduce: def.reduce, uses: def.uses, boundsCheck: def.boundsCheck, fastMath: def.fastMath }));
  verifyIr(ir);
  registerSource(ir, def.kernel.source, sig.key);
  if (debug.includes('time')) console.error(`numbat: ${ir.name} ${sig.key}: lowered in ${(performance.now() - t0).toFixed(2)} ms`);
  if (debug.includes('ir')) console.error(printIr(ir));
  return ir;
}
