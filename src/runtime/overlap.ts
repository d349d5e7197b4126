// overlap.ts — rejects a launch whose arrays overlap in part when one of them is written.
//
// The same array passed twice is fine: the signature marks it as an alias and every
// backend binds it once (types/signature.ts, sameArray). Two *different* views of one
// ArrayBuffer that share elements, one of them written, have no meaning every backend can
// give: the plain function runs indices in order and sees its own writes, wasm's vector
// loop reads four elements before writing any, workers run chunks at once, WebGPU copies
// each argument in and out. Rather than answer differently per backend, such a launch is
// a TypeError before anything runs. Views that interleave without sharing an element
// (the even and odd elements of one array, rows of one matrix) are allowed.
//
// A written view whose own indices name one element more than once (a zero stride along
// an axis longer than 1, a sliding window [n, k] with strides [1, 1]) is the same hazard
// made by the argument alone, and is refused the same way. Read-only such views are fine
// (vectorize broadcasts inputs with stride 0).

import type { IrKernel } from '../jit/ir/ir.js';
import { isScijsNdarray } from './arguments.js';
import { NDArray } from './ndarray.js';
import { distinctElements } from './distinctElements.js';
import type { TypedArray } from '../jit/types/dtype.js';

/** The bytes an array argument can touch, and the lattice its elements lie on. */
interface Extent {
  readonly buffer: ArrayBufferLike;
  /** First and one-past-last byte its elements occupy. */
  readonly start: number;
  readonly end: number;
  /** Byte position of element [0, …, 0], bytes per element, and the strides in bytes. */
  readonly base: number;
  readonly bytes: number;
  readonly strides: readonly number[];
}

function extentOf(value: unknown): Extent | null {
  if (ArrayBuffer.isView(value)) {
    const a = value as TypedArray;
    return {
      buffer: a.buffer,
      start: a.byteOffset,
      end: a.byteOffset + a.byteLength,
      base: a.byteOffset,
      bytes: a.BYTES_PER_ELEMENT,
      strides: [a.BYTES_PER_ELEMENT],
    };
  }
  if (isScijsNdarray(value)) {
    const data = value.data;
    const bytes = data.BYTES_PER_ELEMENT;
    if (value.shape.some((n) => n === 0)) return null;
    let lo = value.offset;
    let hi = value.offset;
    value.shape.forEach((n, k) => {
      const reach = (n - 1) * value.stride[k]!;
      if (reach < 0) lo += reach;
      else hi += reach;
    });
    const base = data.byteOffset + value.offset * bytes;
    return {
      buffer: data.buffer,
      start: data.byteOffset + lo * bytes,
      end: data.byteOffset + (hi + 1) * bytes,
      base,
      bytes,
      strides: value.stride.map((s) => s * bytes),
    };
  }
  return null;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Whether two extents may share a byte (false only when provably disjoint). */
function mayShare(x: Extent, y: Extent): boolean {
  if (x.buffer !== y.buffer || x.end <= y.start || y.end <= x.start) return false;
  if (x.bytes !== y.bytes) return true;
  // Elements lie at base + Σ i·stride: all positions of both are congruent to their base
  // modulo g. Elements of `bytes` bytes never meet when the bases differ by r (mod g)
  // with bytes ≤ r ≤ g − bytes.
  const g = [...x.strides, ...y.strides].reduce(gcd, 0);
  if (g === 0) return true;
  const r = (((y.base - x.base) % g) + g) % g;
  return !(r >= x.bytes && r <= g - x.bytes);
}

/**
 * Throws a TypeError naming both parameters when two of the kernel's arrays overlap in
 * part and one of them is written. `params` are the names of the arguments after the grid.
 */
export function rejectPartialOverlaps(
  kernelName: string,
  ir: IrKernel,
  args: readonly unknown[],
  params: readonly string[],
): void {
  if (ir.buffers.length < 2) return;
  const extents = ir.buffers.map((b) => extentOf(args[b.argIndex]));
  for (let i = 0; i < extents.length; i++) {
    const x = extents[i];
    if (!x) continue;
    for (let j = i + 1; j < extents.length; j++) {
      const y = extents[j];
      if (!y || x.buffer !== y.buffer) continue;
      const bi = ir.buffers[i]!;
      const bj = ir.buffers[j]!;
      if (!bi.written && !bj.written) continue;
      if (!mayShare(x, y)) continue;
      const written = bi.written ? params[bi.argIndex] : params[bj.argIndex];
      throw new TypeError(
        `numbat: kernel '${kernelName}': parameters '${params[bi.argIndex]}' and '${params[bj.argIndex]}' are different views that share elements of one ArrayBuffer, and '${written}' is written: ` +
          'the result would depend on the order in which indices run. Pass the same array for both (it is then one array, as in the plain function), or copy one of them first (x.slice())',
      );
    }
  }
}

/** The shape and strides of a strided array argument (an ndarray or NDArray), else null. */
function layoutOf(value: unknown): { shape: readonly number[]; strides: readonly number[] } | null {
  if (value instanceof NDArray) return { shape: value.shape, strides: value.strides };
  if (isScijsNdarray(value)) return { shape: value.shape, strides: value.stride };
  return null;
}

/**
 * Throws a TypeError naming the parameter when a written ndarray or NDArray argument's
 * indices name one element more than once: which write lands would depend on the order
 * in which indices run (on WebGPU, on the run).
 */
export function rejectSelfOverlaps(
  kernelName: string,
  ir: IrKernel,
  args: readonly unknown[],
  params: readonly string[],
): void {
  for (const b of ir.buffers) {
    if (!b.written) continue;
    const layout = layoutOf(args[b.argIndex]);
    if (!layout || distinctElements(layout.shape, layout.strides)) continue;
    throw new TypeError(
      `numbat: kernel '${kernelName}': parameter '${params[b.argIndex]}' is written, but its view (shape [${layout.shape.join(', ')}], strides [${layout.strides.join(', ')}]) names some elements at more than one index: ` +
        'which write lands would depend on the order in which indices run. Write to a view whose elements are distinct (no zero stride along an axis longer than 1, no overlapping strides), or to a fresh array',
    );
  }
}
