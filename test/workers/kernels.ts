// kernels.ts — hand-written kernel sources obeying the JS kernel ABI (jsAbi.ts) and the
// minimal IrKernel objects the workers backend needs, for the workers tests (they stand
// in for the JS codegen's output).

import type { IrKernel, ReduceSpec } from '../../src/jit/ir/ir.js';
import type { DType, TypedArray } from '../../src/jit/types/dtype.js';
import { instantiateJs } from '../../src/jit/codegen/jsAbi.js';

/** A hand-built IrKernel: only the fields the workers backend reads are meaningful. */
export function irKernel(
  name: string,
  buffers: ReadonlyArray<{ name: string; dtype: DType; written: boolean }>,
  scalarNames: readonly string[],
  reduce: ReduceSpec | null = null,
): IrKernel {
  return {
    name,
    indexNames: ['i'],
    geometry: { kind: 'flat' },
    buffers: buffers.map((b, argIndex) => ({
      name: b.name,
      dtype: b.dtype,
      read: true,
      written: b.written,
      argIndex,
    })),
    scalars: scalarNames.map((n, i) => ({
      name: n,
      type: 'f64' as const,
      source: { kind: 'arg' as const, argIndex: buffers.length + i },
    })),
    localArrays: [],
    body: [],
    reduce,
    precision: 'auto',
    boundsCheck: false,
    fastMath: false,
    uses: { atomics: false, random: false, f64: true },
  };
}

/** y[i] = a * x[i] + y[i]. Scalars: [a]. */
export const SAXPY = `({
  run(bufs, s, begin, end) {
    const x = bufs[0], y = bufs[1], a = s[0];
    for (let i = begin; i < end; i++) y[i] = a * x[i] + y[i];
  }
})`;

/** Mandelbrot escape counts on a 2-D grid (very uneven per row). Scalars: [height, width, maxIter]. */
export const MANDELBROT = `({
  run(bufs, s, begin, end) {
    const out = bufs[0], h = s[0], w = s[1], maxIter = s[2];
    for (let flat = begin; flat < end; flat++) {
      const row = Math.floor(flat / w), col = flat - row * w;
      const cr = -2.2 + 3.2 * col / w, ci = -1.4 + 2.8 * row / h;
      let zr = 0, zi = 0, n = 0;
      while (n < maxIter && zr * zr + zi * zi <= 4) {
        const t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        n++;
      }
      out[flat] = n;
    }
  }
})`;

/** Sum of x[i] * 1.1 (a float sum whose value depends on the combination order). */
export const SUM_SCALED = `({
  run(bufs, s, begin, end) {
    const x = bufs[0];
    let acc = x[begin] * 1.1;
    for (let i = begin + 1; i < end; i++) acc = acc + x[i] * 1.1;
    return acc;
  },
  combine: (a, b) => a + b,
  identity: 0
})`;

/** Monte Carlo pi: counts hash-random points inside the unit quarter circle. Scalars: [seed]. */
export const MONTE_CARLO = `({
  run(bufs, s, begin, end) {
    const seed = s[0] | 0;
    let inside = 0;
    for (let i = begin; i < end; i++) {
      let h = Math.imul(i ^ seed, 0x9e3779b1) >>> 0;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
      const x = (h >>> 8) / 16777216;
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
      const y = (h >>> 8) / 16777216;
      if (x * x + y * y <= 1) inside++;
    }
    return inside;
  },
  combine: (a, b) => a + b,
  identity: 0
})`;

/**
 * Throws on worker threads (where === 1) or on the main thread (where === 0); the class
 * is chosen by `kind` (0 RangeError, 1 TypeError, 2 Error). The main thread marks itself
 * with globalThis.__numbatTestMain. With where === 1 a chunk on main waits (up to 10 s)
 * until a worker has thrown, so a worker surely fails. Non-throwing chunks write out[i] = 1.
 * Buffers: [out i32, flag i32 in shared memory]. Scalars: [where, kind].
 */
export const THROWS_ON = `({
  run(bufs, s, begin, end) {
    const out = bufs[0], flag = bufs[1];
    const onMain = globalThis.__numbatTestMain === true;
    if ((s[0] === 0) === onMain) {
      const Kind = s[1] === 0 ? RangeError : s[1] === 1 ? TypeError : Error;
      if (!onMain) { Atomics.add(flag, 0, 1); Atomics.notify(flag, 0); }
      throw new Kind('kernel failed at index ' + begin + (onMain ? ' on main' : ' on a worker'));
    }
    if (onMain && s[0] === 1) Atomics.wait(flag, 0, 0, 10000);
    for (let i = begin; i < end; i++) out[i] = 1;
  }
})`;

/**
 * Proves the workers take chunks: a chunk on the main thread waits (up to 10 s) until a
 * worker has run one. out[i] = 1 when a worker ran index i, 2 when main did; flag[0]
 * counts worker chunks. Buffers: [out i32, flag i32 (must be shared)].
 */
export const NEEDS_A_WORKER = `({
  run(bufs, s, begin, end) {
    const out = bufs[0], flag = bufs[1];
    const onMain = globalThis.__numbatTestMain === true;
    if (onMain) Atomics.wait(flag, 0, 0, 10000);
    else { Atomics.add(flag, 0, 1); Atomics.notify(flag, 0); }
    for (let i = begin; i < end; i++) out[i] = onMain ? 2 : 1;
  }
})`;

/** Runs a source on the calling thread over the whole grid (the single-thread reference). */
export function runReference(
  source: string,
  bufs: TypedArray[],
  scalars: number[],
  total: number,
): number | undefined {
  const module = instantiateJs(source);
  return total === 0 ? module.identity : module.run(bufs, scalars, 0, total);
}

/** Deterministic pseudo-random floats in [-1, 1). */
export function randomArray<T extends Float32Array | Float64Array>(
  ctor: new (n: number) => T,
  n: number,
  seed: number,
): T {
  const out = new ctor(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}
