// plain.ts — runs a kernel as the plain JavaScript function it is (NUMBAT_DISABLE_JIT=1,
// and the reference the differential tests compare against).

export type ReduceOption = 'sum' | 'prod' | 'min' | 'max' | ((a: number, b: number) => number) | undefined;

const COMBINE: Record<string, (a: number, b: number) => number> = {
  sum: (a, b) => a + b,
  prod: (a, b) => a * b,
  min: (a, b) => Math.min(a, b),
  max: (a, b) => Math.max(a, b),
};
const IDENTITY: Record<string, number> = { sum: 0, prod: 1, min: Infinity, max: -Infinity };

/** Calls `fn(...indices, ...args)` for every grid index (row-major) and combines returns. */
export function runPlain(fn: Function, grid: readonly number[], args: readonly unknown[], reduce: ReduceOption): number | undefined {
  const combine = typeof reduce === 'function' ? reduce : reduce ? COMBINE[reduce]! : undefined;
  let acc: number | undefined = typeof reduce === 'string' ? IDENTITY[reduce] : undefined;
  const visit = (ix: number[]) => {
    const r = fn(...ix, ...args) as number;
    if (!combine) return;
    acc = acc === undefined ? r : combine(acc, r);
  };
  const [a = 1, b = 1, c = 1] = grid;
  if (grid.length === 1) for (let i = 0; i < a; i++) visit([i]);
  else if (grid.length === 2) for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) visit([i, j]);
  else for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) for (let k = 0; k < c; k++) visit([i, j, k]);
  return acc;
}
