// combinerLaws.ts — a kernel's custom reduce combiner must be commutative and associative.
//
// A reduction does not fold left to right: index f folds into lane f mod 4 of its chunk,
// lanes combine pairwise, chunks in order, and WebGPU uses a workgroup tree
// (reduceOrder.ts). That order gives the plain fold's answer only for a combiner that is
// associative and commutative (CUB's DeviceReduce and Thrust's reduce ask the same): "first
// non-zero", `(a, b) => (a !== 0 ? a : b)`, gave 9 on the CPU backends and 6 on WebGPU
// where the plain fold gives 6. The combiner is called as plain JavaScript on a few samples
// at kernel() (opLaws.ts), and one that breaks either law there is a KernelError at its line.

import { KernelError } from '../jit/diagnostics.js';
import type { ParsedFunction } from '../jit/parse.js';
import { associativityBreach, commutativityBreach } from './opLaws.js';

/** Throws a KernelError at the combiner when the samples show it is not commutative or associative. */
export function checkCombinerLaws(
  combine: (a: number, b: number) => unknown,
  parsed: ParsedFunction,
): void {
  const order =
    'a reduction combines values in lanes, chunks and (WebGPU) a tree, not left to right';
  const swapped = commutativityBreach(combine);
  if (swapped) {
    const { a, b, ab, ba } = swapped;
    throw new KernelError(
      'E_REDUCE',
      `the reduce combiner must be commutative, but it gives ${String(ab)} for (${a}, ${b}) and ${String(ba)} for (${b}, ${a})`,
      parsed.source,
      parsed.ast.span,
      `${order}; reduce() and scan() from numbat/kernels keep the order (they need associativity only), or write a loop in the kernel`,
    );
  }
  const regrouped = associativityBreach(combine);
  if (regrouped) {
    const { a, b, c, left, right } = regrouped;
    throw new KernelError(
      'E_REDUCE',
      `the reduce combiner must be associative, but combining ${a}, ${b}, ${c} gives ${String(left)} as (a ⊕ b) ⊕ c and ${String(right)} as a ⊕ (b ⊕ c)`,
      parsed.source,
      parsed.ast.span,
      `${order}; a fold that is not associative is a loop in the kernel`,
    );
  }
}
