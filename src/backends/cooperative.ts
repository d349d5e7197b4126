// cooperative.ts — how the CPU backends (js, workers, wasm) run a cooperative kernel (the
// `workgroup` option): as the flat kernel jit/passes/phaseSplit.ts makes of it, one grid
// index per workgroup, launched over the workgroups of the launch's grid. Also what every
// backend's `inspect` says of a cooperative kernel's shape (`describeWorkgroup`).

import type { CompiledKernel, LaunchArgs } from './backend.js';
import type { IrKernel } from '../jit/ir/ir.js';
import { groupLaunch } from '../jit/passes/phaseSplit.js';
import { forTarget } from '../jit/pipeline.js';
import { BYTES } from '../jit/types/dtype.js';
import { allStmts } from '../jit/ir/walk.js';

/**
 * Compiles `ir` for a CPU target: a flat kernel as it is; a cooperative one split into
 * phases, each launch then run over its workgroups.
 */
export async function compileForCpu(
  ir: IrKernel,
  target: 'js' | 'wasm',
  compileFlat: (flat: IrKernel) => CompiledKernel | Promise<CompiledKernel>,
): Promise<CompiledKernel> {
  const flat = forTarget(ir, target);
  const compiled = await compileFlat(flat);
  if (ir.geometry.kind !== 'workgroup') return compiled;
  return {
    get code() {
      return compiled.code;
    },
    notes: [...compiled.notes, cooperativeNote(ir, flat)],
    run: (args) => compiled.run(overWorkgroups(ir, args)),
  };
}

/** The launch of the split kernel: its grid is the workgroups, its grid scalars their counts. */
export function overWorkgroups(ir: IrKernel, args: LaunchArgs): LaunchArgs {
  const { grid, total, perGroup } = groupLaunch(ir, args.grid);
  const scalars = args.scalars.map((v, k) => {
    const source = ir.scalars[k]!.source;
    return source.kind === 'grid' ? grid[source.axis]! : v;
  });
  return { ...args, grid, total, scalars, invocationsPerIndex: perGroup };
}

/**
 * What `inspect` says of any cooperative kernel: its workgroup shape, invocations and
 * shared bytes per workgroup ("workgroup 16×16 (256 invocations), 2048 shared bytes per
 * workgroup"); null for a flat kernel.
 */
export function describeWorkgroup(ir: IrKernel): string | null {
  if (ir.geometry.kind !== 'workgroup') return null;
  const size = ir.geometry.size;
  const sharedBytes = ir.localArrays
    .filter((a) => a.scope === 'workgroup')
    .reduce((sum, a) => sum + a.length * BYTES[a.dtype], 0);
  return `workgroup ${size.join('×')} (${size.reduce((a, b) => a * b, 1)} invocations), ${sharedBytes} shared bytes per workgroup`;
}

/** What `inspect` says about a split kernel. */
function cooperativeNote(ir: IrKernel, flat: IrKernel): string {
  const phases = countPhases(flat);
  return `cooperative kernel: ${describeWorkgroup(ir)}; each workgroup runs on one thread as ${phases} phase${phases === 1 ? '' : 's'} (loops over its invocations between barriers)`;
}

/** The split kernel's phases: its loops over the invocations of a workgroup. */
function countPhases(flat: IrKernel): number {
  return allStmts(flat.body).filter((s) => s.k === 'loop' && s.overInvocations).length;
}
