// uniformity.ts — every barrier() of a cooperative kernel must be reached by all the
// invocations of a workgroup or by none: in uniform control flow. This pass proves it or
// throws a KernelError with a caret under the barrier and the divergent condition named.
//
// A value is uniform when it is the same for every invocation of a workgroup: constants,
// the kernel's scalar arguments (and array lengths, shapes), groupId() and groupCount(),
// random() of uniform values, arithmetic on uniform values, and variables whose every
// assignment is a uniform value made in uniform control flow (a fixed point). Grid
// indices, localId(), array elements (loads) and atomics are not, except the read of
// workgroupUniformLoad(array, index) at a uniform index (after its own barrier, every
// invocation reads the same element of the same shared array). Control flow is uniform
// at the top of the kernel; it stops being so inside an `if` or loop whose condition is not
// uniform, after a `return`, `break` or `continue` taken in non-uniform control flow (until
// the invocations meet again: the end of the loop a `break` leaves, the next iteration for
// a `continue`, never for a `return`), and in every iteration of a loop some invocations
// may leave early, or, when the loop holds a barrier, continue early (WGSL refuses a
// barrier there even though the invocations meet again at the next iteration). WGSL's own
// uniformity analysis accepts at least what this accepts; the
// CPU phase split (phaseSplit.ts) relies on it too.

import { KernelError, type SourceInfo } from '../diagnostics.js';
import type { Expr, IrKernel, Stmt } from '../ir/ir.js';
import { allExprs, allStmts, exprChildren, stmtExprs } from '../ir/walk.js';

/** Why control flow at some point may differ between the invocations of a workgroup. */
interface Divergence {
  /** Where, in words: "inside `if (l < s)`". */
  readonly where: string;
  /** What makes it differ: "`l < s` depends on localId()". */
  readonly cause: string;
}

/** The facts the analysis found. */
export interface Uniformity {
  /** Variables (IR names) that hold the same value in every invocation of a workgroup. */
  readonly uniformVars: ReadonlySet<string>;
  /** The returns, breaks and continues every invocation takes together (or none). */
  readonly uniformJumps: ReadonlySet<Stmt>;
  /** The first barrier reached in non-uniform control flow, and why. */
  readonly problem: ({ readonly barrier: Extract<Stmt, { k: 'barrier' }> } & Divergence) | null;
}

/** The uniformity of a cooperative kernel's values and control flow. */
export function analyseUniformity(ir: IrKernel): Uniformity {
  return new Analysis(ir).run();
}

/**
 * Checks the kernel's barriers (a KernelError at the first in non-uniform control flow) and
 * its workgroupUniformLoad() reads (a uniform index, a shared array no atomic touches).
 */
export function checkUniformity(ir: IrKernel, source: SourceInfo): Uniformity {
  const analysis = new Analysis(ir);
  const result = analysis.run();
  const p = result.problem;
  if (p) {
    const what = p.barrier.via ?? 'barrier()';
    throw new KernelError(
      'E_BARRIER',
      `${what} is reached in non-uniform control flow: ${p.where}`,
      source,
      p.barrier.span,
      `every invocation of a workgroup must reach each ${what} (${p.cause}); move it where all of them reach it`,
    );
  }
  const atomicArrays = new Set<number>();
  const uniformLoads: Extract<Expr, { k: 'load' }>[] = [];
  for (const s of allStmts(ir.body))
    for (const e of stmtExprs(s))
      for (const x of allExprs(e)) {
        if (x.k === 'atomic' && x.arr.kind === 'local') atomicArrays.add(x.arr.index);
        if (x.k === 'load' && x.uniform) uniformLoads.push(x);
      }
  for (const load of uniformLoads) {
    if (atomicArrays.has(load.arr.index))
      throw new KernelError(
        'E_TYPE',
        'workgroupUniformLoad() reads a shared array that atomics also use',
        source,
        load.span,
        'WGSL loads atomic memory only through atomicLoad, which is not uniform: copy the value into a second shared array first',
      );
    const cause = analysis.indexCause(load.index);
    if (cause !== null)
      throw new KernelError(
        'E_BARRIER',
        `the index of workgroupUniformLoad() must be the same in every invocation; it depends on ${cause}`,
        source,
        load.span,
        'read one element every invocation names alike (a constant, groupId(), a scalar argument)',
      );
  }
  return result;
}

/** A jump taken in non-uniform control flow: a label broken or continued, or a return. */
type Exit = { kind: 'break' | 'continue'; label: string } | { kind: 'return' };

class Analysis {
  /** Variables not (yet) known to be non-uniform; shrinks to a fixed point. */
  private readonly uniform = new Set<string>();
  /** Why a variable is not uniform (its first non-uniform assignment). */
  private readonly varCause = new Map<string, string>();
  /** Whether this round demoted a variable. */
  private changed = false;
  /** Whether this walk records barriers and jumps (the last one, after the fixed point). */
  private report = false;
  private readonly uniformJumps = new Set<Stmt>();
  private problem: Uniformity['problem'] = null;

  constructor(private readonly ir: IrKernel) {}

  /** After run(): why an index may differ between invocations, or null when it is uniform. */
  indexCause(e: Expr): string | null {
    return this.cause(e);
  }

  run(): Uniformity {
    for (const s of allStmts(this.ir.body)) if (s.k === 'let') this.uniform.add(s.name);
    do {
      this.changed = false;
      this.stmts(this.ir.body, null);
    } while (this.changed);
    this.report = true;
    this.stmts(this.ir.body, null);
    return { uniformVars: this.uniform, uniformJumps: this.uniformJumps, problem: this.problem };
  }

  /**
   * Why `e` may differ between invocations, or null when it is uniform: the most direct
   * reason (a grid index, localId(), an array element) before one a variable carries.
   */
  private cause(e: Expr): string | null {
    return this.causeOf(e, false) ?? this.causeOf(e, true);
  }

  private causeOf(e: Expr, throughVariables: boolean): string | null {
    switch (e.k) {
      case 'const':
      case 'scalar':
        return null;
      case 'local':
        if (this.ir.indexNames.includes(e.name)) return `the grid index \`${userName(e.name)}\``;
        if (this.uniform.has(e.name) || !throughVariables) return null;
        return this.varCause.get(e.name) ?? `\`${userName(e.name)}\``;
      case 'geom':
        return e.of === 'localId' ? 'localId()' : null;
      case 'load':
        if (e.uniform) return this.causeOf(e.index, throughVariables);
        return `an array element (${this.arrayName(e.arr)}[…])`;
      case 'atomic':
        return `an atomic's result (${this.arrayName(e.arr)}[…])`;
      default:
        for (const child of exprChildren(e)) {
          const c = this.causeOf(child, throughVariables);
          if (c !== null) return c;
        }
        return null;
    }
  }

  private arrayName(arr: Extract<Expr, { k: 'load' }>['arr']): string {
    const named =
      arr.kind === 'buffer' ? this.ir.buffers[arr.index] : this.ir.localArrays[arr.index];
    return named ? userName(named.name) : 'an array';
  }

  private assign(name: string, value: Expr, control: Divergence | null): void {
    if (!this.uniform.has(name)) return;
    const c = this.cause(value);
    if (c === null && control === null) return;
    this.uniform.delete(name);
    this.varCause.set(
      name,
      c !== null
        ? `\`${userName(name)}\`, which depends on ${c}`
        : `\`${userName(name)}\`, assigned ${control!.where}`,
    );
    this.changed = true;
  }

  /**
   * Walks `stmts` entered with control flow `control` (null: uniform). Returns the jumps
   * taken in non-uniform control flow that leave `stmts`.
   */
  private stmts(stmts: readonly Stmt[], control: Divergence | null): Exit[] {
    const exits: Exit[] = [];
    let now = control;
    for (const s of stmts) {
      const out = this.stmt(s, now);
      if (out.length > 0) {
        exits.push(...out);
        // Some invocations left: the rest of this list runs in fewer of them.
        now ??= {
          where: `after a \`${out[0]!.kind}\` that only some invocations take`,
          cause: out[0]!.kind === 'return' ? 'an earlier return' : 'an earlier jump',
        };
      }
    }
    return exits;
  }

  private stmt(s: Stmt, control: Divergence | null): Exit[] {
    switch (s.k) {
      case 'let':
        this.assign(s.name, s.init, control);
        return [];
      case 'assign':
        this.assign(s.name, s.value, control);
        return [];
      case 'store':
      case 'expr':
        return [];
      case 'barrier':
        if (control !== null && this.report && this.problem === null)
          this.problem = { barrier: s, ...control };
        return [];
      case 'if': {
        const c = this.cause(s.cond);
        const inner: Divergence | null =
          control ??
          (c === null
            ? null
            : {
                where: `inside \`if (${s.condText ?? '…'})\``,
                cause: `\`${s.condText ?? 'the condition'}\` depends on ${c}`,
              });
        return [...this.stmts(s.then, inner), ...this.stmts(s.else, inner)];
      }
      case 'block': {
        const exits = this.stmts(s.body, control);
        return exits.filter((x) => !(x.kind === 'break' && x.label === s.label));
      }
      case 'loop':
        return this.loop(s, control);
      case 'break':
      case 'continue':
        if (control === null && this.report) this.uniformJumps.add(s);
        return control === null ? [] : [{ kind: s.k, label: s.label }];
      case 'return':
        if (control === null && this.report) this.uniformJumps.add(s);
        return control === null ? [] : [{ kind: 'return' }];
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  private loop(s: Extract<Stmt, { k: 'loop' }>, control: Divergence | null): Exit[] {
    const condCause = [s.cond, s.postCond]
      .map((e) => (e ? this.cause(e) : null))
      .find((c) => c !== null);
    const text = s.condText ?? '…';
    let inner: Divergence | null =
      control ??
      (condCause
        ? {
            where: `inside the loop on \`${text}\``,
            cause: `\`${text}\` depends on ${condCause}`,
          }
        : null);
    // The body runs again after invocations left the loop early: walk it once to find
    // such exits, then again in the control flow they leave behind.
    const report = this.report;
    this.report = false;
    const first = [...this.stmts(s.body, inner), ...this.stmts(s.update, inner)];
    this.report = report;
    // Any exit but continuing this loop leaves it: later iterations run in fewer invocations.
    // Continuing it too, when the loop holds a barrier: the invocations meet again at the
    // next iteration, but WGSL (and the CPU phases, which run a loop around barriers once
    // per workgroup) need every invocation to take each path to a barrier together.
    const holdsBarrier = allStmts([...s.body, ...s.update]).some((x) => x.k === 'barrier');
    const leaves = first.find(
      (x) => holdsBarrier || !(x.kind === 'continue' && x.label === s.label),
    );
    if (inner === null && leaves)
      inner = {
        where:
          leaves.kind === 'continue' && leaves.label === s.label
            ? 'inside a loop with barriers that some invocations continue early (a `continue` taken in non-uniform control flow)'
            : `inside a loop that some invocations leave early (a \`${leaves.kind}\` taken in non-uniform control flow)`,
        cause: `the \`${leaves.kind}\` depends on values that differ between invocations`,
      };
    const exits = [...this.stmts(s.body, inner), ...this.stmts(s.update, inner)];
    // Breaking or continuing this loop ends at its end or its next iteration.
    return exits.filter((x) => x.kind === 'return' || x.label !== s.label);
  }
}

/** A user's name from an IR name (lowering appends `_2`, `_3` … to keep names distinct). */
function userName(irName: string): string {
  return irName.replace(/_\d+$/, '');
}
