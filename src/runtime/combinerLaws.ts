// combinerLaws.ts — a kernel's custom reduce combiner must be commutative and associative.
//
// A reduction does not fold left to right: index f folds into lane f mod 4 of its chunk,
// lanes combine pairwise, chunks in order, and WebGPU uses a workgroup tree
// (reduceOrder.ts). That order gives the plain fold's answer only for a combiner that is
// associative and commutative (CUB's DeviceReduce and Thrust's reduce ask the same): "first
// non-zero", `(a, b) => (a !== 0 ? a : b)`, gave 9 on the CPU backends and 6 on WebGPU
// where the plain fold gives 6. No compiler can prove the laws, but a combiner that breaks
// them usually does so on small numbers: the combiner is called as plain JavaScript on a
// few samples at kernel(), and one that answers f(a, b) ≠ f(b, a), or f(f(a, b), c) ≠
// f(a, f(b, c)) on small integers (beyond rounding), is a KernelError at its line. A
// combiner that throws in plain JavaScript (it calls what only kernels have) is not checked.

import { KernelError } from '../jit/diagnostics.js';
import type { ParsedFunction } from '../jit/parse.js';

/**
 * Samples: non-negative integers, values of every element type (a combiner of u32 or i32
 * values, `(a, b) => (u32(a) < u32(b) ? a : b)`, must not meet 0.5 or −3, which it would
 * rightly treat as 0 or 2^32 − 3), distinct (one zero: ±0 never meet), and some large
 * enough to cross a threshold a combiner may have (`a + b > 100 ? 0 : a + b`).
 */
const PAIR_SAMPLES = [0, 1, 2, 3, 5, 7, 100, 1000, 1e6];
/** Samples for associativity: sums and products of these are exact. */
const TRIPLE_SAMPLES = [0, 1, 2, 3, 5, 7, 60, 100];

const same = (x: unknown, y: unknown): boolean =>
  x === y || (typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y));

/** Equal but for rounding: a combiner computing in floats may round the two groupings apart. */
/** (Cancellation makes the rounding relative to the operands, not to the result.) */
const close = (x: unknown, y: unknown, scale: number): boolean =>
  same(x, y) ||
  (typeof x === 'number' &&
    typeof y === 'number' &&
    Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), scale));

/** Throws a KernelError at the combiner when the samples show it is not commutative or associative. */
export function checkCombinerLaws(
  combine: (a: number, b: number) => unknown,
  parsed: ParsedFunction,
): void {
  const hint =
    'a reduction combines values in lanes, chunks and (WebGPU) a tree, not left to right; for an order-dependent fold use scan() from numbat/kernels or a loop in the kernel';
  const f = (a: number, b: number): unknown => combine(a, b);
  try {
    for (const a of PAIR_SAMPLES)
      for (const b of PAIR_SAMPLES) {
        if (a === b) continue;
        const ab = f(a, b);
        const ba = f(b, a);
        if (!same(ab, ba))
          throw new KernelError(
            'E_REDUCE',
            `the reduce combiner must be commutative, but it gives ${String(ab)} for (${a}, ${b}) and ${String(ba)} for (${b}, ${a})`,
            parsed.source,
            parsed.ast.span,
            hint,
          );
      }
    for (const a of TRIPLE_SAMPLES)
      for (const b of TRIPLE_SAMPLES)
        for (const c of TRIPLE_SAMPLES) {
          const left = f(f(a, b) as number, c);
          const right = f(a, f(b, c) as number);
          if (!close(left, right, Math.max(1, Math.abs(a), Math.abs(b), Math.abs(c))))
            throw new KernelError(
              'E_REDUCE',
              `the reduce combiner must be associative, but combining ${a}, ${b}, ${c} gives ${String(left)} as (a ⊕ b) ⊕ c and ${String(right)} as a ⊕ (b ⊕ c)`,
              parsed.source,
              parsed.ast.span,
              hint,
            );
        }
  } catch (e) {
    if (e instanceof KernelError) throw e;
    // The combiner does not run as plain JavaScript here: nothing to check.
  }
}
