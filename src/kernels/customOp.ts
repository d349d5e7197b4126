// customOp.ts — how the kernels of scan() and reduce() call a custom op: on integer arrays
// its result is taken in the type the kernels read the elements in (u32 for a Uint32Array,
// i32 for the other integer arrays), with the bits a store into the array keeps, so
// `(a, b) => a | b` on a Uint32Array keeps u32 accumulators. (In JavaScript `a | b` is an
// i32: the kernels' accumulators would otherwise hold both i32 and u32 values, which the
// compiler refuses.) Float ops are called as they are. Kernels receive `op` through
// `uses`; the wrappers call the user's function by the free name `userOp`.

import { i32 as i32Impl, u32 as u32Impl } from '../index.js';
import type { DType } from './arrays.js';

// Names the wrappers receive through `uses` (declared for the type checker only).
declare const userOp: (a: number, b: number) => number;
declare const u32: typeof u32Impl;
declare const i32: typeof i32Impl;

const asUnsigned = (a: number, b: number): number => u32(userOp(a, b));
const asSigned = (a: number, b: number): number => i32(userOp(a, b));

/** How a custom op's result is taken: by the class of the accumulator's dtype. */
export type OpClass = 'float' | 'signed' | 'unsigned';

/** The class of a dtype's loads: kernels read 8- and 16-bit integers as i32, u32 as u32. */
export function opClass(dtype: DType): OpClass {
  if (dtype === 'f32' || dtype === 'f64') return 'float';
  return dtype === 'u32' ? 'unsigned' : 'signed';
}

/** The `uses` entries that make `op` the custom op `combine` for accumulators of class `cls`. */
export function customOpUses(
  combine: (a: number, b: number) => number,
  cls: OpClass,
): Record<string, unknown> {
  if (cls === 'float') return { op: combine };
  return {
    op: cls === 'unsigned' ? asUnsigned : asSigned,
    userOp: combine,
    u32: u32Impl,
    i32: i32Impl,
  };
}

/**
 * Kernels built once per custom op and `key` (the classes they take its result in): a
 * cache that lets an op's kernels go when the op does.
 */
export class CustomOpKernels<K> {
  private readonly byOp = new WeakMap<Function, Map<string, K>>();

  get(op: Function, key: string, make: () => K): K {
    let byKey = this.byOp.get(op);
    if (!byKey) this.byOp.set(op, (byKey = new Map()));
    let k = byKey.get(key);
    if (!k) byKey.set(key, (k = make()));
    return k;
  }
}
