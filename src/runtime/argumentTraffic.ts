// argumentTraffic.ts — what a launch's arguments cost to get onto each backend: the bytes
// a backend stages (copies in and back) or moves (resident NDArrays elsewhere), and the
// launch values of the kernel's scalars where cheap to know. select.ts feeds these to the
// cost model (costModel.ts) for every candidate.

import type { Backend, BackendName } from '../backends/backend.js';
import type { IrKernel } from '../jit/ir/ir.js';
import { backendRecord } from '../backends/registry.js';
import { inSharedHeap } from '../backends/heap.js';
import { factsOf } from '../jit/passes/facts.js';
import { BYTES } from '../jit/types/dtype.js';
import { NDArray } from './ndarray.js';
import { usableInPlace } from './transfer.js';
import { isScijsNdarray } from './arguments.js';
import type { Traffic } from './costModel.js';

/** What a launch's arguments cost to get onto each backend. */
export interface ArgumentProfile {
  /** Launch values of the kernel's scalars where cheap to know (loop bounds). */
  readonly scalarValues: (number | undefined)[];
  readonly trafficFor: (backend: Backend) => Traffic;
}

/** The launch value of `ir.scalars[k]` where the arguments give it (a number, an array's length). */
export function scalarValue(ir: IrKernel, args: readonly unknown[], k: number): number | undefined {
  const src = ir.scalars[k]!.source;
  if (src.kind === 'arg') {
    const v = args[src.argIndex];
    return typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : undefined;
  }
  if (src.kind === 'length') {
    const a = args[ir.buffers[src.buffer]!.argIndex] as
      | { length?: number; storage?: { length: number } }
      | undefined;
    return a instanceof NDArray
      ? a.storage.length
      : typeof a?.length === 'number'
        ? a.length
        : undefined;
  }
  return undefined;
}

export function profileArguments(
  ir: IrKernel,
  args: readonly unknown[],
  total: number,
): ArgumentProfile {
  const scalarValues = ir.scalars.map((_, k) => scalarValue(ir, args, k));
  // Host arrays a launch over their whole length overwrites unread: the shared-heap
  // backends copy them back but not in (overwrite.ts, marshal.ts), when alone in their
  // ArrayBuffer.
  const overwritten = factsOf(ir).overwritten;
  const hostData = ir.buffers.map((b) => {
    const arg = args[b.argIndex];
    const data = isScijsNdarray(arg) ? arg.data : arg;
    return ArrayBuffer.isView(data) && !(arg instanceof NDArray) ? data : undefined;
  });
  const copiedBackOnly = (k: number): boolean => {
    const data = hostData[k];
    return (
      !!data &&
      overwritten.has(k) &&
      (data as { length?: number }).length === total &&
      hostData.every((other, j) => j === k || other?.buffer !== data.buffer)
    );
  };
  const trafficFor = (backend: Backend): Traffic => {
    let stagedBytes = 0;
    let largestStagedBytes = 0;
    let movedBytes = 0;
    const movedFrom: BackendName[] = [];
    for (const [k, b] of ir.buffers.entries()) {
      const arg = args[b.argIndex];
      const bytesPerElement = BYTES[b.dtype];
      if (arg instanceof NDArray) {
        if (!usableInPlace(arg, backend)) {
          movedBytes += arg.storage.length * bytesPerElement;
          movedFrom.push(arg.backend);
        }
        continue;
      }
      const data = isScijsNdarray(arg) ? arg.data : arg;
      if (!ArrayBuffer.isView(data)) continue;
      const bytes = data.byteLength;
      const memory = backendRecord(backend.name).memory;
      if (memory === 'host') continue;
      if (memory === 'sharedHeap') {
        // Arrays in the shared heap (empty()) are used in place; any other host array is
        // copied into the heap whole (written-only ones too, unless overwritten unread)
        // and copied back if written.
        if (inSharedHeap(data.buffer)) continue;
        stagedBytes += bytes * (b.written && !copiedBackOnly(k) ? 2 : 1);
        largestStagedBytes = Math.max(largestStagedBytes, bytes);
        continue;
      }
      if (b.read || b.written) largestStagedBytes = Math.max(largestStagedBytes, bytes);
      stagedBytes += bytes * ((b.read ? 1 : 0) + (b.written ? 1 : 0));
    }
    return { stagedBytes, largestStagedBytes, movedBytes, movedFrom };
  };
  return { scalarValues, trafficFor };
}
