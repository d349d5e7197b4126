// wgsl/packing.ts — fitting a kernel into the adapter's storage-buffer limit
// (maxStorageBuffersPerShaderStage). When the arrays, the boundsCheck error buffer and the
// reduce partials need more storage bindings than the limit, some read-only arrays share
// one binding, the pack `nb_pack: array<u32>`: their 32-bit words placed one after another
// (any element type: loads bitcast), each member at an offset the uniform gives, its index
// clamped to its own last element so that no read reaches a neighbour. The webgpu backend
// fills the pack on every launch on the device (host arrays written into place, resident
// ones copied buffer to buffer). The arrays loaded least (loads inside loops weigh most)
// are packed, and only as many as needed, so hot loops keep their direct bindings.

import type { IrKernel } from '../ir/ir.js';
import { factsOf } from './facts.js';

/** Storage bindings of `ir` with every array bound on its own. */
export function unpackedStorageBindings(ir: IrKernel): number {
  return ir.buffers.length + (ir.boundsCheck ? 1 : 0) + (ir.reduce ? 1 : 0);
}

/** Buffers that may share the pack: read-only, no atomics, 32-bit on the GPU (not f64). */
function packable(ir: IrKernel): number[] {
  const atomics = factsOf(ir).atomicBuffers;
  return ir.buffers.flatMap((b, i) =>
    !b.written && !atomics.has(i) && b.dtype !== 'f64' ? [i] : [],
  );
}

/** The fewest storage bindings packing can bring `ir` to (every read-only array packed). */
export function fewestStorageBindings(ir: IrKernel): number {
  const candidates = packable(ir).length;
  return unpackedStorageBindings(ir) - (candidates >= 2 ? candidates - 1 : 0);
}

/**
 * The buffers to pack (ascending indices) so that `ir` needs at most `limit` storage
 * bindings: empty when it fits as it is, null when even packing every read-only array
 * does not make it fit.
 */
export function planPacking(ir: IrKernel, limit: number): number[] | null {
  const excess = unpackedStorageBindings(ir) - limit;
  if (excess <= 0) return [];
  const candidates = packable(ir);
  // Packing k arrays into one binding saves k - 1.
  if (candidates.length < excess + 1) return null;
  const weights = factsOf(ir).loadWeights;
  return candidates
    .sort((a, b) => weights[a]! - weights[b]! || b - a)
    .slice(0, excess + 1)
    .sort((a, b) => a - b);
}
