// facts.ts — the analyses of one specialised kernel, each run on first use and kept with
// the kernel (keyed by its IR), so that the runtime, the code generators and the backends
// ask for a fact instead of recomputing it. Each analysis lives in its own file here.

import type { IrKernel } from '../ir/ir.js';
import type { ValueType } from '../types/dtype.js';
import { collectAtomicBuffers, globalMemoryShared, loadWeights, typesUsed } from './bufferUse.js';
import { unconditionalGridAccesses, type GridAccess } from './gridAccess.js';
import { overwrittenBuffers } from './overwrite.js';
import { analyseMasks, type MaskFacts } from './maskAnalysis.js';
import { planVectorisation, type VectorPlan } from './vectorPlan.js';
import { sliceSafety, type SliceSafety } from './sliceSafety.js';

/** What the analyses found about one kernel. */
export interface KernelFacts {
  /** Buffers indexed by a grid index on every path (gridAccess.ts): launches check their length. */
  readonly gridAccesses: readonly GridAccess[];
  /** Buffers some atomic touches (bufferUse.ts). */
  readonly atomicBuffers: ReadonlySet<number>;
  /** Every value type the kernel computes in (bufferUse.ts). */
  readonly typesUsed: ReadonlySet<ValueType>;
  /** How hot each buffer's loads are (bufferUse.ts), for the WGSL packing. */
  readonly loadWeights: readonly number[];
  /** Whether some buffer is both written and read: barriers then order global memory too. */
  readonly globalMemoryShared: boolean;
  /** wasm: whether and how the body vectorises over the innermost index (vectorPlan.ts). */
  readonly vectorPlan: VectorPlan;
  /** wasm: which loops and assignments need no lane-mask bookkeeping (maskAnalysis.ts). */
  readonly masks: MaskFacts;
  /** Whether a launch may be split into ranges run one after another (sliceSafety.ts). */
  readonly slices: SliceSafety;
  /** Buffers a launch over their whole length overwrites without reading (overwrite.ts). */
  readonly overwritten: ReadonlySet<number>;
}

const cache = new WeakMap<IrKernel, KernelFacts>();

/** The facts of `ir`, each computed on first access. */
export function factsOf(ir: IrKernel): KernelFacts {
  let facts = cache.get(ir);
  if (!facts) {
    facts = lazyFacts(ir);
    cache.set(ir, facts);
  }
  return facts;
}

function lazyFacts(ir: IrKernel): KernelFacts {
  const memo = new Map<string, unknown>();
  const once = <T>(key: string, compute: () => T): T => {
    if (!memo.has(key)) memo.set(key, compute());
    return memo.get(key) as T;
  };
  return {
    get gridAccesses() {
      return once('gridAccesses', () => unconditionalGridAccesses(ir));
    },
    get atomicBuffers() {
      return once('atomicBuffers', () => collectAtomicBuffers(ir));
    },
    get typesUsed() {
      return once('typesUsed', () => typesUsed(ir));
    },
    get loadWeights() {
      return once('loadWeights', () => loadWeights(ir));
    },
    get globalMemoryShared() {
      return once('globalMemoryShared', () => globalMemoryShared(ir));
    },
    get vectorPlan() {
      return once('vectorPlan', () => planVectorisation(ir));
    },
    get masks() {
      return once('masks', () => analyseMasks(ir.body));
    },
    get slices() {
      return once('slices', () => sliceSafety(ir));
    },
    get overwritten() {
      return once('overwritten', () => overwrittenBuffers(ir));
    },
  };
}
