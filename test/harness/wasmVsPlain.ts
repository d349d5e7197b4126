// wasmVsPlain.ts — a kernel's outputs on wasm beside its plain function's, from the same
// inputs, for tests of the wasm code generator's loop transformations.

import type { Kernel } from '../../src/index.js';

/** Runs `fn` as plain JavaScript over a 1-D or 2-D grid (the specification). */
export function plainRun(fn: Function, grid: number[], args: unknown[]): void {
  if (grid.length === 1) for (let i = 0; i < grid[0]!; i++) fn(i, ...args);
  else for (let i = 0; i < grid[0]!; i++) for (let j = 0; j < grid[1]!; j++) fn(i, j, ...args);
}

/** The arguments at `outputs` after the wasm launch and after the plain run, each on fresh `make()` inputs. */
export async function wasmAndPlain(
  k: Kernel,
  grid: number[],
  make: () => unknown[],
  outputs: number[],
): Promise<[unknown[], unknown[]]> {
  const got = make();
  const want = make();
  await k.with({ backend: 'wasm' }).launch(grid, ...got);
  plainRun(k.fn, grid, want);
  return [outputs.map((o) => got[o]), outputs.map((o) => want[o])];
}
