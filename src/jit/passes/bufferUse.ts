// bufferUse.ts — analyses of how a kernel uses its buffers and types, for the WGSL
// codegen and the webgpu backend: which buffers see atomics, which value types appear,
// how hot each buffer's loads are. Read through facts.ts, computed once per kernel.

import type { IrKernel, Stmt } from '../ir/ir.js';
import type { ValueType } from '../types/dtype.js';
import { forEachExpr } from '../ir/walk.js';

/** Every value type that some expression, declaration or scalar of the kernel has. */
export function typesUsed(ir: IrKernel): Set<ValueType> {
  const types = new Set<ValueType>();
  forEachExpr(ir, (e) => types.add(e.t));
  const decls = (list: readonly Stmt[]): void => {
    for (const s of list) {
      if (s.k === 'let') types.add(s.t);
      else if (s.k === 'if') {
        decls(s.then);
        decls(s.else);
      } else if (s.k === 'loop') {
        decls(s.body);
        decls(s.update);
      } else if (s.k === 'block') decls(s.body);
    }
  };
  decls(ir.body);
  for (const s of ir.scalars) types.add(s.type);
  if (ir.reduce) types.add(ir.reduce.t);
  return types;
}

/** Indices of the buffers some atomic operation targets. */
export function collectAtomicBuffers(ir: IrKernel): Set<number> {
  const found = new Set<number>();
  forEachExpr(ir, (e) => {
    if (e.k === 'atomic' && e.arr.kind === 'buffer') found.add(e.arr.index);
  });
  return found;
}

/**
 * An estimate of how often each buffer is loaded per grid index: every load site counts
 * 16^(loops around it). Ranks buffers only (which to make a little slower to reach).
 */
export function loadWeights(ir: IrKernel): number[] {
  const weights = ir.buffers.map(() => 0);
  forEachExpr(ir, (e, depth) => {
    if (e.k === 'load' && e.arr.kind === 'buffer')
      weights[e.arr.index] = (weights[e.arr.index] ?? 0) + 16 ** depth;
  });
  return weights;
}

/**
 * Whether invocations can communicate through global memory: some buffer is both written
 * and read (by a load or an atomic). Only then does a barrier need WGSL's storageBarrier()
 * besides workgroupBarrier(); a buffer that is only written cannot be observed before the
 * dispatch ends.
 */
export function globalMemoryShared(ir: IrKernel): boolean {
  const read = new Set<number>();
  forEachExpr(ir, (e) => {
    if ((e.k === 'load' || e.k === 'atomic') && e.arr.kind === 'buffer') read.add(e.arr.index);
  });
  return ir.buffers.some((b, k) => b.written && read.has(k));
}
