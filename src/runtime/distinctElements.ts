// distinctElements.ts — whether a view's indices name distinct elements: the test for a
// written view (a zero stride, a sliding window name one element at several indices), used
// by launches (overlap.ts) and by the primitives' outputs (kernels/arrays.ts). Pure, so the
// separately bundled built-in kernels can carry their own copy.

/**
 * Whether every index of a view names a different element. Axes sorted by stride, each
 * stepping past everything the smaller ones reach, settles the usual layouts (row- or
 * column-major, transposed, sliced, stepped, reversed); anything else is settled by
 * listing the offsets.
 */
export function distinctElements(shape: readonly number[], strides: readonly number[]): boolean {
  const axes = shape.map((n, k) => ({ n, s: Math.abs(strides[k]!) })).filter((a) => a.n !== 1);
  if (axes.some((a) => a.n === 0)) return true;
  if (axes.some((a) => a.s === 0)) return false;
  axes.sort((a, b) => a.s - b.s);
  let reach = 0;
  let nested = true;
  for (const a of axes) {
    if (a.s <= reach) nested = false;
    reach += a.s * (a.n - 1);
  }
  if (nested) return true;
  const size = axes.reduce((p, a) => p * a.n, 1);
  if (reach + 1 < size) return false; // more indices than offsets they can name
  const seen = new Set<number>();
  const walk = (axis: number, at: number): boolean => {
    if (axis === axes.length) {
      if (seen.has(at)) return false;
      seen.add(at);
      return true;
    }
    for (let v = 0; v < axes[axis]!.n; v++)
      if (!walk(axis + 1, at + v * axes[axis]!.s)) return false;
    return true;
  };
  return walk(0, 0);
}
