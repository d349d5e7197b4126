// pipeline.ts — every step from a kernel's source to the code a backend runs, in order.
//
// At definition — kernel() (runtime/definition.ts), once per kernel:
//   parse        fn.toString() → ESTree with acorn (parse.ts)
//   fromEstree   ESTree → the kernel AST; what the language lacks is a KernelError (fromEstree.ts)
//   splitDeep    long operator chains cut into `const` pieces (splitDeep.ts)
//   check        every mistake that needs no argument types (check.ts)
// Per signature — `specialise` below, once per kind of arguments:
//   lower        typed walk of the AST to a fixed point of variable types → IR (lower/);
//                a cooperative kernel's barriers proven uniform (passes/uniformity.ts)
//   verify       structural and type checks of the IR; a failure is a numbat bug (ir/verify.ts)
//   register     remember the source, so runtime errors can name their line (sites.ts)
// Analyses — run on first use and kept with the IR (passes/facts.ts): gridAccess (arrays a
//   launch must check), bufferUse (atomics, types, load weights), vectorPlan and
//   maskAnalysis (wasm); workEstimate (selection) runs per launch on its arguments.
// Per target — `forTarget`, when a backend compiles:
//   webgpu       demoteF64 (f64 data under precision 'f32'), then codegen/wgsl.ts, whose
//                packing (passes/packing.ts) fits the device's storage-buffer limit
//   wasm         phaseSplit (a cooperative kernel as a flat kernel over its workgroups),
//                verify, then codegen/wasm.ts
//   js, workers  phaseSplit, verify, then codegen/js.ts
//
// NUMBAT_DEBUG=passes prints the IR after every IR step, NUMBAT_DEBUG=ir the final IR of
// each specialisation, NUMBAT_DEBUG=time times them.

import { withContext } from './diagnostics.js';
import type { IrKernel } from './ir/ir.js';
import { printIr } from './ir/print.js';
import { verifyIr } from './ir/verify.js';
import { lowerKernel, type FunctionInput, type UsesEntry } from './lower/index.js';
import { demoteF64 } from './passes/demoteF64.js';
import { phaseSplit } from './passes/phaseSplit.js';
import { registerSource, registerSourceLike } from './sites.js';
import type { Signature } from './types/signature.js';

/** Everything `kernel()` learned at definition time. */
export interface KernelDefinition {
  readonly kernel: FunctionInput;
  readonly uses: ReadonlyMap<string, UsesEntry>;
  readonly reduce: 'sum' | 'prod' | 'min' | 'max' | FunctionInput | null;
  readonly precision: 'auto' | 'f32' | 'f64';
  readonly boundsCheck: boolean;
  readonly fastMath: boolean;
  /** Cooperative kernels: the workgroup's extents (one per grid axis); null for flat kernels. */
  readonly workgroup: readonly number[] | null;
}

/** One step over the IR: a transformation (returns a new IR) or a check (returns it unchanged). */
interface IrPass {
  readonly name: string;
  run(ir: IrKernel): IrKernel;
}

const verifyPass: IrPass = {
  name: 'verify',
  run: (ir) => {
    verifyIr(ir);
    return ir;
  },
};

/** The steps after lowering, for every specialisation. */
const PASSES: readonly IrPass[] = [verifyPass];

/** The steps a target runs on a specialisation before its code generator. */
const TARGET_PASSES: Readonly<Record<'webgpu' | 'wasm' | 'js', readonly IrPass[]>> = {
  webgpu: [{ name: 'demoteF64', run: demoteF64 }],
  wasm: [{ name: 'phaseSplit', run: phaseSplit }, verifyPass],
  js: [{ name: 'phaseSplit', run: phaseSplit }, verifyPass],
};

const debug = typeof process !== 'undefined' ? (process.env?.NUMBAT_DEBUG ?? '') : '';
const debugPasses = debug.split(',').includes('passes');

function trace(step: string, ir: IrKernel, before?: IrKernel): void {
  if (!debugPasses) return;
  const unchanged = before === ir ? ' (unchanged)' : '';
  console.error(`numbat: ${ir.name}: after ${step}${unchanged}\n${unchanged ? '' : printIr(ir)}`);
}

/** Specialises a kernel for one signature: lower, then every pass in PASSES. */
export function specialise(def: KernelDefinition, sig: Signature): IrKernel {
  const t0 = debug.includes('time') ? performance.now() : 0;
  let ir = withContext(`while specialising ${def.kernel.source.name} for ${sig.key}`, () =>
    lowerKernel({
      kernel: def.kernel,
      signature: sig,
      precision: def.precision,
      reduce: def.reduce,
      uses: def.uses,
      boundsCheck: def.boundsCheck,
      fastMath: def.fastMath,
      workgroup: def.workgroup,
    }),
  );
  trace('lower', ir);
  for (const pass of PASSES) {
    const before = ir;
    ir = pass.run(ir);
    trace(pass.name, ir, before);
  }
  registerSource(ir, def.kernel.source, sig.key);
  if (debug.includes('time'))
    console.error(
      `numbat: ${ir.name} ${sig.key}: lowered in ${(performance.now() - t0).toFixed(2)} ms`,
    );
  if (debug.includes('ir')) console.error(printIr(ir));
  return ir;
}

const targetCache = new WeakMap<IrKernel, Map<string, IrKernel>>();

/** The specialisation as `target`'s code generator takes it (its passes run once, then kept). */
export function forTarget(ir: IrKernel, target: 'webgpu' | 'wasm' | 'js'): IrKernel {
  let byTarget = targetCache.get(ir);
  if (!byTarget) targetCache.set(ir, (byTarget = new Map()));
  let out = byTarget.get(target);
  if (!out) {
    out = ir;
    for (const pass of TARGET_PASSES[target]) {
      const before = out;
      out = pass.run(out);
      trace(`${pass.name} (${target})`, out, before);
    }
    // Runtime errors of the transformed IR name the same source lines.
    if (out !== ir) registerSourceLike(out, ir);
    byTarget.set(target, out);
  }
  return out;
}
