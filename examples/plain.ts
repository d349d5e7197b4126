// plain.ts — the demo's reference: a kernel function is ordinary JavaScript, so the
// expected result of any launch is the function called once per grid index, in order.
// Also the comparison of a backend's result with that reference.

/** A launch grid as `launch` takes it. */
export type Grid = number | readonly number[];

/** The reductions the demo uses. */
export type ReduceName = 'sum' | 'prod' | 'min' | 'max';

/** Grid extents, outermost first. */
export function gridExtents(grid: Grid): number[] {
  return typeof grid === 'number' ? [grid] : [...grid];
}

function combine(reduce: ReduceName, accumulated: number, value: number): number {
  switch (reduce) {
    case 'sum':
      return accumulated + value;
    case 'prod':
      return accumulated * value;
    case 'min':
      return Math.min(accumulated, value);
    case 'max':
      return Math.max(accumulated, value);
    default: {
      const unknown: never = reduce;
      throw new Error(`unknown reduction ${String(unknown)}`);
    }
  }
}

/**
 * Calls `fn(...index, ...args)` for every index of `grid` in row-major order, as plain
 * JavaScript. With `reduce`, combines the returned numbers in index order and returns the
 * total; otherwise returns undefined (the results are in the argument arrays).
 */
export function runAsPlainJs(
  fn: (...values: never[]) => unknown,
  grid: Grid,
  args: readonly unknown[],
  reduce?: ReduceName,
): number | undefined {
  const extents = gridExtents(grid);
  const call = fn as unknown as (...values: unknown[]) => unknown;
  let total: number | undefined;
  const visit = (value: unknown): void => {
    if (reduce !== undefined)
      total = total === undefined ? Number(value) : combine(reduce, total, Number(value));
  };
  const [outer = 1, middle = 1, inner = 1] = extents;
  switch (extents.length) {
    case 1:
      for (let i = 0; i < outer; i++) visit(call(i, ...args));
      break;
    case 2:
      for (let i = 0; i < outer; i++) for (let j = 0; j < middle; j++) visit(call(i, j, ...args));
      break;
    case 3:
      for (let i = 0; i < outer; i++)
        for (let j = 0; j < middle; j++)
          for (let k = 0; k < inner; k++) visit(call(i, j, k, ...args));
      break;
    default:
      throw new Error(`a grid has 1 to 3 dimensions, got ${extents.length}`);
  }
  return total;
}

/** The typed arrays the examples produce. */
export type NumericArray = Float32Array | Float64Array | Int32Array | Uint32Array;

/** How a result differs from the plain-JS one. */
export interface Difference {
  /** Differing elements (1 for a differing reduced number). */
  readonly count: number;
  /** Elements compared (1 for a reduced number). */
  readonly total: number;
  /** Relative error of a reduced number (0 for arrays). */
  readonly relativeError: number;
  readonly message: string;
}

/**
 * How a result differs from the plain-JS one: null when equal (integers exactly, floats
 * within `relative` of the largest magnitude), else what differs.
 */
export function difference(
  expected: number | NumericArray,
  actual: unknown,
  relative: number,
): Difference | null {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number')
      return {
        count: 1,
        total: 1,
        relativeError: Infinity,
        message: `expected a number, got ${String(actual)}`,
      };
    const allowed = Number.isInteger(expected) ? 0 : relative * Math.abs(expected);
    const error = Math.abs(actual - expected);
    if (error <= allowed) return null;
    return {
      count: 1,
      total: 1,
      relativeError: error / Math.abs(expected),
      message: `expected ${expected}, got ${actual}`,
    };
  }
  if (!ArrayBuffer.isView(actual))
    return {
      count: expected.length,
      total: expected.length,
      relativeError: 0,
      message: 'expected an array',
    };
  const got = actual as NumericArray;
  const isFloat = expected instanceof Float32Array || expected instanceof Float64Array;
  let largest = 0;
  for (let i = 0; i < expected.length; i++) largest = Math.max(largest, Math.abs(expected[i]!));
  const allowed = isFloat ? relative * largest : 0;
  let differing = 0;
  let first = -1;
  for (let i = 0; i < expected.length; i++) {
    const same = Object.is(expected[i], got[i]) || Math.abs(got[i]! - expected[i]!) <= allowed;
    if (!same) {
      differing++;
      if (first < 0) first = i;
    }
  }
  if (differing === 0) return null;
  return {
    count: differing,
    total: expected.length,
    relativeError: 0,
    message: `${differing} of ${expected.length} elements differ (first at ${first}: expected ${expected[first]}, got ${got[first]})`,
  };
}
