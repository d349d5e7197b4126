// ir.ts — the typed IR of a kernel specialised for given launch arguments, as a launch
// would build it, for tests of the analyses in src/jit/passes.

import { defineKernel } from '../../src/runtime/definition.js';
import { specialise } from '../../src/jit/pipeline.js';
import { makeSignature } from '../../src/jit/types/signature.js';
import { aliasOf, describeArg } from '../../src/runtime/arguments.js';
import type { IrKernel } from '../../src/jit/ir/ir.js';

/** The IR of `fn` launched on a grid of rank `grid.length` with `args` after the indices. */
export function irOf(
  fn: (...args: any[]) => unknown,
  grid: readonly number[],
  args: readonly unknown[],
  options: Record<string, unknown> = {},
): IrKernel {
  const def = defineKernel(fn, { name: 'k', ...options } as never, undefined);
  const params = def.kernel.ast.params;
  const sigs = args.map((a, k) => {
    const sig = describeArg(a, params[grid.length + k]!.name, 'k');
    if (sig.kind !== 'typed' && sig.kind !== 'strided') return sig;
    const of = aliasOf(args, k);
    return of >= 0 ? { kind: 'alias' as const, of } : sig;
  });
  return specialise(def, makeSignature(grid.length, sigs));
}
