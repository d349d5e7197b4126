// hostViews.ts — reading back a written ndarray whose data shares memory with another
// written argument of the same WebGPU launch.
//
// A host array is uploaded whole into a GPU buffer of its own and, when written, read
// back whole. Two ndarrays over one data array — rows or columns of a matrix, the even and
// odd elements — are different views that share no element (runtime/overlap.ts allows
// them), yet each one's buffer holds a stale copy of the other's elements: read back whole,
// the second read-back would overwrite the first view's results. Such a view copies back
// only its own elements. (The CPU backends place arrays that share an ArrayBuffer in one
// block laid out like the original, so their writes meet in one memory.)

import type { TypedArray } from '../../jit/types/dtype.js';
import type { IrKernel } from '../../jit/ir/ir.js';
import type { HostView, LaunchBuffer } from '../backend.js';
import { f64ReadBack, type GpuWords } from './storage.js';

/** Whether the bytes of host buffer `i` overlap those of another written host buffer. */
export function sharesWrittenMemory(
  ir: IrKernel,
  buffers: readonly LaunchBuffer[],
  i: number,
): boolean {
  const b = buffers[i];
  if (b?.kind !== 'host') return false;
  const start = b.data.byteOffset;
  const end = start + b.data.byteLength;
  return buffers.some((o, j) => {
    if (j === i || o.kind !== 'host' || !ir.buffers[j]?.written) return false;
    if (o.data.buffer !== b.data.buffer) return false;
    const oStart = o.data.byteOffset;
    return oStart < end && start < oStart + o.data.byteLength;
  });
}

/**
 * Copies the elements `view` addresses from `words` (the GPU words of all of `data`, one
 * per element) into `data`, converting as an assignment does (an f64 element the kernel
 * left alone keeps its exact value, as fromGpuWords does); the rest of `data` is left alone.
 */
export function copyViewBack(words: GpuWords, data: TypedArray, view: HostView): void {
  const { shape, stride, offset } = view;
  const rank = shape.length;
  if (rank === 0 || shape.some((n) => n === 0)) return;
  const inner = shape[rank - 1]!;
  const step = stride[rank - 1]!;
  const index = new Array<number>(rank).fill(0);
  const f64 = data instanceof Float64Array; // held as f32 (precision: 'f32')
  let at = offset;
  for (;;) {
    if (f64)
      for (let k = 0, p = at; k < inner; k++, p += step) data[p] = f64ReadBack(words[p]!, data[p]!);
    else for (let k = 0, p = at; k < inner; k++, p += step) data[p] = words[p]!;
    // The next row: advance the innermost outer axis that has not run out.
    let axis = rank - 2;
    for (; axis >= 0; axis--) {
      index[axis]!++;
      at += stride[axis]!;
      if (index[axis]! < shape[axis]!) break;
      at -= shape[axis]! * stride[axis]!;
      index[axis] = 0;
    }
    if (axis < 0) return;
  }
}
