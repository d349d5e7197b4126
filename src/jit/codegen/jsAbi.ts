// jsAbi.ts — the contract between the JS codegen and the backends that run its output
// (js on the calling thread, workers in every pool thread).
//
// The generated `source` is the text of a JavaScript *expression* that needs no
// imports and no globals beyond the language's own (Math, typed arrays, RangeError).
// `instantiateJs(source)` evaluates it to a JsKernelModule.

import type { TypedArray } from '../types/dtype.js';

/** What the generated source evaluates to. */
export interface JsKernelModule {
  /**
   * Runs the kernel body for every flat grid index in [begin, end) (row-major, last grid
   * dimension fastest; grid extents travel among `scalars`). `bufs` follow
   * IrKernel.buffers and `scalars` follow IrKernel.scalars. For a reduce kernel the range
   * is one chunk of reduceOrder.ts's plan and it returns the chunk's partial (its four
   * lanes combined; undefined only for a custom combiner over an empty range); otherwise
   * undefined.
   * Throws (RangeError for boundsCheck) on failure.
   */
  run(
    bufs: readonly TypedArray[],
    scalars: readonly number[],
    begin: number,
    end: number,
  ): number | undefined;
  /** Combines two partials of a reduce kernel; absent for other kernels. */
  combine?: (a: number, b: number) => number;
  /** The value of a reduce over an empty grid, when the combiner has one (sum 0, prod 1, …). */
  identity?: number;
}

/** Evaluates generated source into a module (one `new Function` per signature and thread). */
export function instantiateJs(source: string): JsKernelModule {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(`"use strict"; return (${source});`)() as JsKernelModule;
}
