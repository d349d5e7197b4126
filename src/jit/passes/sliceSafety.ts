// sliceSafety.ts — whether a launch of a kernel may be split into ranges of its grid run
// one after another (on different backends), with a result identical to one launch.
//
// `auto` measures a candidate backend on a slice of a launch (select.ts) only when this
// says yes. The rule is strict, and proved on the IR, not guessed:
//   - a plain map: no reduction, no atomics, no workgroups, no boundsCheck (a located
//     RangeError half-way through a split launch would leave another part's writes);
//   - every access (load or store) of every array the kernel writes uses one and the same
//     index expression E, and E is injective over the grid: `i (+ c)` on a 1-D grid, or
//     `r·s + c` (`c·s + r`) on a 2-D grid with s a scalar whose launch value is at least
//     the extent of the added index (checked per launch by `sliceableLaunch`).
// Then every written element belongs to exactly one grid index, which alone reads it, so
// the parts cannot see each other's writes and any order of the parts equals one launch.
// Arrays only read may be read anywhere. Locals assigned once (`const k = r * w + c`) are
// looked through.

import type { Expr, IrKernel } from '../ir/ir.js';
import { allExprs, allStmts, stmtExprs } from '../ir/walk.js';

/** What the analysis found: whether splitting can be safe, and the launch-time checks. */
export interface SliceSafety {
  readonly sliceable: boolean;
  /** Why not, in words (for inspect). */
  readonly reason: string;
  /**
   * Checks on the launch: the scalar (by index in IrKernel.scalars) or constant stride must
   * be at least the extent of grid axis `axis` (and the largest index must fit in i32).
   */
  readonly strides: readonly { readonly stride: Expr; readonly axis: number }[];
}

const no = (reason: string): SliceSafety => ({ sliceable: false, reason, strides: [] });

/** Whether two expressions are the same tree. */
function same(a: Expr, b: Expr): boolean {
  return (
    JSON.stringify(a, (k, v) => (k === 't' || k === 'span' ? undefined : v)) ===
    JSON.stringify(b, (k, v) => (k === 't' || k === 'span' ? undefined : v))
  );
}

/** Analyses `ir` (see the file header). */
export function sliceSafety(ir: IrKernel): SliceSafety {
  if (ir.reduce) return no('a reduction');
  if (ir.geometry.kind !== 'flat') return no('a cooperative kernel');
  if (ir.boundsCheck) return no('boundsCheck');
  if (ir.uses.atomics) return no('atomics');
  const rank = ir.indexNames.length;
  if (rank > 2) return no('a 3-D grid');
  const stmts = [...allStmts(ir.body)];
  const exprs = stmts.flatMap((s) => stmtExprs(s).flatMap((e) => [...allExprs(e)]));
  if (exprs.some((e) => e.k === 'atomic' || e.k === 'geom')) return no('atomics');

  // Locals declared once and never assigned: their initialiser stands for them.
  const lets = new Map<string, Expr | null>();
  for (const s of stmts) {
    if (s.k === 'let') lets.set(s.name, lets.has(s.name) ? null : s.init);
    if (s.k === 'assign') lets.set(s.name, null);
  }
  const expand = (e: Expr, depth = 0): Expr => {
    if (depth > 16) return e;
    switch (e.k) {
      case 'local': {
        const init = lets.get(e.name);
        return init ? expand(init, depth + 1) : e;
      }
      case 'bin':
        return { ...e, a: expand(e.a, depth + 1), b: expand(e.b, depth + 1) };
      case 'cast':
        return { ...e, a: expand(e.a, depth + 1) };
      default:
        return e;
    }
  };

  // Every index expression of each written buffer.
  const written = new Set<number>();
  for (const s of stmts) if (s.k === 'store' && s.arr.kind === 'buffer') written.add(s.arr.index);
  if (written.size === 0) return no('it writes no array');
  const indexOf = new Map<number, Expr>();
  const uses: { buffer: number; index: Expr }[] = [];
  for (const s of stmts)
    if (s.k === 'store' && s.arr.kind === 'buffer')
      uses.push({ buffer: s.arr.index, index: s.index });
  for (const e of exprs)
    if (e.k === 'load' && e.arr.kind === 'buffer' && written.has(e.arr.index))
      uses.push({ buffer: e.arr.index, index: e.index });
  for (const u of uses) {
    const index = expand(u.index);
    const seen = indexOf.get(u.buffer);
    if (!seen) indexOf.set(u.buffer, index);
    else if (!same(seen, index))
      return no(
        `array '${ir.buffers[u.buffer]!.name}' is written and accessed at more than one index`,
      );
  }

  const strides: { stride: Expr; axis: number }[] = [];
  for (const [buffer, index] of indexOf) {
    const found = ownElement(index, ir.indexNames);
    if (!found)
      return no(
        `array '${ir.buffers[buffer]!.name}' is written at an index not provably its grid index's own`,
      );
    if (found.stride) strides.push({ stride: found.stride, axis: found.axis });
  }
  return { sliceable: true, reason: '', strides };
}

const isUniformLeaf = (e: Expr): boolean =>
  e.k === 'const' ? Number.isInteger(e.v) : e.k === 'scalar';

/** The terms of a sum (through `+` only). */
function terms(e: Expr): Expr[] {
  return e.k === 'bin' && e.op === '+' ? [...terms(e.a), ...terms(e.b)] : [e];
}

/**
 * Whether `e` is injective over the grid: `i + u` (1-D) or `r·s + c + u` with the stride
 * s ≥ the extent of c (returned for the launch check); u a constant or scalar.
 */
function ownElement(
  e: Expr,
  indexNames: readonly string[],
): { stride?: Expr; axis: number } | null {
  const isIndex = (x: Expr, axis: number): boolean =>
    x.k === 'local' && x.name === indexNames[axis];
  const parts = terms(e);
  const offsets = parts.filter(isUniformLeaf);
  if (offsets.length > 1) return null;
  const rest = parts.filter((p) => !isUniformLeaf(p));
  if (indexNames.length === 1) {
    return rest.length === 1 && isIndex(rest[0]!, 0) ? { axis: 0 } : null;
  }
  if (rest.length !== 2) return null;
  for (const [inner, outer] of [
    [1, 0],
    [0, 1],
  ] as const) {
    const plain = rest.find((p) => isIndex(p, inner));
    const product = rest.find((p) => p !== plain);
    if (!plain || !product || product.k !== 'bin' || product.op !== '*') continue;
    const { a, b } = product;
    const stride = isIndex(a, outer) ? b : isIndex(b, outer) ? a : null;
    if (stride && isUniformLeaf(stride)) return { stride, axis: inner };
  }
  return null;
}

/**
 * Whether this launch may be split: the analysis said yes and every stride is at least
 * the extent it must cover, with the largest index within i32.
 */
export function sliceableLaunch(
  safety: SliceSafety,
  grid: readonly number[],
  scalars: readonly number[],
): boolean {
  if (!safety.sliceable) return false;
  for (const { stride, axis } of safety.strides) {
    const s = stride.k === 'const' ? stride.v : stride.k === 'scalar' ? scalars[stride.index] : NaN;
    if (typeof s !== 'number' || !Number.isInteger(s) || s < grid[axis]!) return false;
    const other = grid[1 - axis]!;
    if ((other - 1) * s + grid[axis]! > 0x7fffffff) return false;
  }
  return true;
}
