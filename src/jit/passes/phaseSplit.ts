// phaseSplit.ts — a cooperative kernel as a flat kernel over its workgroups, for the CPU
// backends: one grid index runs one whole workgroup, on one thread.
//
// The body is cut at its barriers into phases. A phase is a loop over the workgroup's
// invocations (l = 0 … P − 1, the last grid axis fastest, as localId), each running the
// phase's statements with its own grid indices (groupId · size + localId). Statements that
// hold a barrier, and the jumps and returns all invocations take together (uniform, as
// passes/uniformity.ts proves), stay at the workgroup level: an `if` or loop around
// barriers runs once per workgroup, its condition (uniform) read from invocation 0. So:
//
//   tile[l] = x[i];                    for l: { i = …; tile[l] = x[i] }
//   barrier();                    →    s = 128 (for l)
//   for (s = 128; s > 0; s >>= 1) {    while (s[0] > 0) {
//     if (l < s) tile[l] += …;           for l: { if (l < s[l]) tile[l] += … }
//     barrier();                         for l: { s[l] = s[l] >> 1 }
//   }                                  }
//
// A phase that is one `if` bounding the invocation (`if (l < s)`, `if (l === 0)`) loops
// over the invocations that pass only (phaseGuard.ts): the tree reduction above then does
// 128 + 64 + … iterations, not 8 × 256.
//
// A loop without barriers stays inside its phase, even when its counter is the same in
// every invocation: each invocation runs the whole loop in turn (a uniform variable lives
// at the workgroup level only when more than one phase, or a workgroup-level statement,
// uses it). Variables used in more than one phase (or in a workgroup-level condition) live
// in a per-invocation array, kept in a local while a phase whose loops use them runs; the
// others stay locals of their phase. shared() arrays become the
// flat kernel's local arrays (zeroed when it starts each workgroup); the kernel's own local
// arrays get one slice per invocation. An invocation that returns where others go on is
// marked done, and later phases skip it. The result is an ordinary flat kernel: the js,
// workers and wasm code generators compile it as they compile any other, and its grid is
// the workgroups (groupLaunch maps a launch's grid onto it).

import type { Expr, IrKernel, IrLocalArray, Stmt, Ty } from '../ir/ir.js';
import { allExprs, allStmts, mapExpr, stmtChildren, stmtExprs } from '../ir/walk.js';
import { loadType, type DType } from '../types/dtype.js';
import { InternalError } from '../diagnostics.js';
import { analyseUniformity } from './uniformity.js';
import { invocationRange, type InvocationRange } from './phaseGuard.js';

/** The flat kernel a cooperative kernel runs as on CPU backends (the same object for a flat one). */
export function phaseSplit(ir: IrKernel): IrKernel {
  if (ir.geometry.kind !== 'workgroup') return ir;
  return new Splitter(ir, ir.geometry.size).run();
}

/**
 * A launch of a split kernel: its grid is the workgroups of the cooperative kernel's grid;
 * `perGroup`, the invocations each of them runs (1 for a flat kernel).
 */
export function groupLaunch(
  ir: IrKernel,
  grid: readonly number[],
): { readonly grid: number[]; readonly total: number; readonly perGroup: number } {
  if (ir.geometry.kind !== 'workgroup')
    return { grid: [...grid], total: product(grid), perGroup: 1 };
  const size = ir.geometry.size;
  const groups = grid.map((n, a) => Math.ceil(n / size[a]!));
  return { grid: groups, total: product(groups), perGroup: product(size) };
}

function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

const REGION_GROUP = -1;

class Splitter {
  private readonly invocations: number;
  private readonly used = new Set<string>();
  /** Variables some statement assigns (after their declaration). */
  private readonly assigned = new Set<string>();
  /** Statements that run once per workgroup. */
  private readonly groupLevel = new Set<Stmt>();
  /** Region (phase number, or REGION_GROUP) of every statement, and where variables are used. */
  private readonly regionsOf = new Map<string, Set<number>>();
  private nextRegion = 0;
  /** Variables equal in every invocation (passes/uniformity.ts). */
  private uniformVars: ReadonlySet<string> = new Set();
  /**
   * The uniform variables used in more than one phase or at the workgroup level: one copy
   * per workgroup, assigned at its level. The others (a loop counter inside one phase) stay
   * locals of their phase, so that their loop runs inside the loop over the invocations.
   */
  private readonly groupVars = new Set<string>();
  /**
   * Uniform variables used across phases whose statements sit in a loop that a divergent
   * break or continue leaves (`for (; k < n; k++) { if (…l…) continue; … }`): lifting them
   * would lift that loop, so each invocation keeps its own (equal) copy, spilled.
   */
  private readonly keptPerInvocation = new Set<string>();
  /** Variables recomputed where used (a cheap, pure function of the invocation): name → value. */
  private readonly remat = new Map<string, Expr>();
  /** Spilled variable → its per-invocation array (local array index) and type. */
  private readonly spills = new Map<string, { index: number; t: Ty }>();
  /** The spilled variables the phase being built keeps in locals (see phase). */
  private cached: ReadonlySet<string> = new Set();
  private readonly localArrays: IrLocalArray[];
  private doneArray = -1;
  /** Names in the flat kernel. */
  private readonly groupNames: string[];
  private readonly localNames: string[];
  private readonly invocationName: string;

  constructor(
    private readonly ir: IrKernel,
    private readonly size: readonly number[],
  ) {
    this.invocations = product(size);
    for (const s of allStmts(ir.body)) {
      if (s.k === 'assign') this.assigned.add(s.name);
      if (s.k === 'let') this.used.add(s.name);
      if (s.k === 'loop' || s.k === 'block') this.used.add(s.label);
    }
    for (const n of ir.indexNames) this.used.add(n);
    this.groupNames = size.map((_, a) => this.fresh(`nb_group${a}`));
    this.localNames = size.map((_, a) => this.fresh(`nb_local${a}`));
    this.invocationName = this.fresh('nb_l');
    this.localArrays = ir.localArrays.map((a) =>
      a.scope === 'workgroup'
        ? { ...a, scope: 'private' }
        : { ...a, length: a.length * this.invocations },
    );
  }

  private fresh(base: string): string {
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }

  run(): IrKernel {
    const uniformity = analyseUniformity(this.ir);
    this.uniformVars = uniformity.uniformVars;
    this.markGroupLevel(uniformity.uniformJumps);
    this.findRematerialisable();
    this.assignRegions(this.ir.body);
    for (const [name, regions] of this.regionsOf) {
      if (this.groupVars.has(name) || this.remat.has(name) || this.ir.indexNames.includes(name))
        continue;
      if (regions.size > 1 || regions.has(REGION_GROUP)) {
        const t = this.typeOf(name);
        this.spills.set(name, { index: this.addArray(`${name}_all`, spillDtype(t)), t });
      }
    }
    const hasPhaseReturn = allStmts(this.ir.body).some(
      (s) => s.k === 'return' && !this.groupLevel.has(s),
    );
    if (hasPhaseReturn) this.doneArray = this.addArray('nb_done', 'i32');
    const body: Stmt[] = [
      { k: 'let', name: this.invocationName, t: 'i32', init: i32(0) },
      ...this.split(this.ir.body),
    ];
    return {
      ...this.ir,
      indexNames: this.groupNames,
      geometry: { kind: 'flat' },
      localArrays: this.localArrays,
      body,
    };
  }

  private addArray(name: string, dtype: DType): number {
    this.localArrays.push({
      name: this.fresh(name),
      dtype,
      length: this.invocations,
      scope: 'private',
    });
    return this.localArrays.length - 1;
  }

  /**
   * Variables declared once and never assigned whose value is a small pure function of
   * the invocation (grid indices, localId(), constants, uniform values): recomputed where
   * they are used rather than kept per invocation (`const l = localId()`).
   */
  private findRematerialisable(): void {
    const assigned = new Set<string>();
    const lets = new Map<string, Extract<Stmt, { k: 'let' }>[]>();
    for (const s of allStmts(this.ir.body)) {
      if (s.k === 'assign') assigned.add(s.name);
      if (s.k === 'let') lets.set(s.name, [...(lets.get(s.name) ?? []), s]);
    }
    for (const s of allStmts(this.ir.body)) {
      if (s.k !== 'let' || this.groupVars.has(s.name) || assigned.has(s.name)) continue;
      if (lets.get(s.name)!.length !== 1) continue;
      const nodes = allExprs(s.init);
      const cheap =
        nodes.length <= 12 &&
        nodes.every(
          (e) =>
            e.k === 'const' ||
            e.k === 'scalar' ||
            e.k === 'geom' ||
            e.k === 'bin' ||
            e.k === 'un' ||
            e.k === 'cast' ||
            e.k === 'select' ||
            // A variable assigned after its declaration would be read at its new value
            // where the recomputed one is used.
            (e.k === 'local' &&
              !assigned.has(e.name) &&
              (this.ir.indexNames.includes(e.name) ||
                this.groupVars.has(e.name) ||
                this.remat.has(e.name))),
        );
      if (cheap) this.remat.set(s.name, s.init);
    }
  }

  /** The declared type of a variable (its `let`; a grid index is i32). */
  private typeOf(name: string): Ty {
    if (this.ir.indexNames.includes(name)) return 'i32';
    for (const s of allStmts(this.ir.body)) if (s.k === 'let' && s.name === name) return s.t;
    throw new InternalError(`phaseSplit: no declaration of ${name}`);
  }

  // ---------------------------------------------------------------- which statements

  /**
   * Workgroup-level statements: those holding a barrier; returns and jumps taken by all
   * invocations together whose target is at the workgroup level (or the kernel's end); the
   * statements of the uniform variables that must live at that level (groupVars); and every
   * statement around one of these. A fixed point: lifting a loop lifts the jumps to it, and
   * can put a variable's uses in different phases.
   */
  private markGroupLevel(uniformJumps: ReadonlySet<Stmt>): void {
    const parents = new Map<Stmt, Stmt>();
    const loops = new Map<string, Stmt>();
    const visit = (list: readonly Stmt[], parent: Stmt | undefined): void => {
      for (const s of list) {
        if (parent) parents.set(s, parent);
        if (s.k === 'loop' || s.k === 'block') loops.set(s.label, s);
        for (const child of stmtChildren(s)) visit(child, s);
      }
    };
    visit(this.ir.body, undefined);
    const lift = (s: Stmt): boolean => {
      let changed = false;
      for (let at: Stmt | undefined = s; at && !this.groupLevel.has(at); at = parents.get(at)) {
        this.groupLevel.add(at);
        changed = true;
      }
      return changed;
    };
    const all = allStmts(this.ir.body);
    for (const s of all) {
      if (s.k === 'barrier') lift(s);
      if (s.k === 'return' && uniformJumps.has(s)) lift(s);
    }
    // Loops and blocks that a break or continue some invocations take leaves: never lifted
    // for a uniform variable (it is kept per invocation instead, see keptPerInvocation).
    const divergentTargets = new Set<string>();
    for (const s of all)
      if ((s.k === 'break' || s.k === 'continue') && !uniformJumps.has(s))
        divergentTargets.add(s.label);
    const wouldLiftDivergent = (s: Stmt): boolean => {
      for (let at: Stmt | undefined = s; at && !this.groupLevel.has(at); at = parents.get(at))
        if ((at.k === 'loop' || at.k === 'block') && divergentTargets.has(at.label)) return true;
      return false;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of all) {
        if ((s.k === 'break' || s.k === 'continue') && !this.groupLevel.has(s)) {
          const target = loops.get(s.label);
          if (target && this.groupLevel.has(target)) {
            if (!uniformJumps.has(s))
              throw new InternalError(
                `phaseSplit: a ${s.k} some invocations take leaves a loop around barriers`,
              );
            changed = lift(s) || changed;
          }
        }
      }
      for (const name of this.uniformVarsAcrossPhases()) {
        const own = all.filter((s) => (s.k === 'let' || s.k === 'assign') && s.name === name);
        if (own.some(wouldLiftDivergent)) {
          this.keptPerInvocation.add(name);
          continue;
        }
        this.groupVars.add(name);
        for (const s of own) changed = lift(s) || changed;
      }
    }
  }

  /**
   * Uniform variables not yet in groupVars that a workgroup-level statement mentions, or
   * that statements of more than one phase (run of statements between workgroup-level
   * ones) mention.
   */
  private uniformVarsAcrossPhases(): string[] {
    const phaseOf = new Map<string, string | null>();
    const across = new Set<string>();
    const mention = (name: string, phase: string | null): void => {
      if (!this.uniformVars.has(name) || this.groupVars.has(name)) return;
      if (this.keptPerInvocation.has(name)) return;
      if (phase === null || (phaseOf.has(name) && phaseOf.get(name) !== phase)) across.add(name);
      phaseOf.set(name, phase);
    };
    const mentions = (s: Stmt, phase: string | null): void => {
      if (s.k === 'let' || s.k === 'assign') mention(s.name, phase);
      for (const e of stmtExprs(s))
        for (const x of allExprs(e)) if (x.k === 'local') mention(x.name, phase);
    };
    let lists = 0;
    const walk = (list: readonly Stmt[]): void => {
      const id = lists++;
      let run = 0;
      for (const s of list) {
        if (this.groupLevel.has(s)) {
          run++;
          mentions(s, null);
          for (const child of stmtChildren(s)) walk(child);
        } else {
          for (const inner of allStmts([s])) mentions(inner, `${id}:${run}`);
        }
      }
    };
    walk(this.ir.body);
    return [...across];
  }

  // ---------------------------------------------------------------- where variables live

  private assignRegions(list: readonly Stmt[]): void {
    let phase = -2;
    for (const s of list) {
      if (this.groupLevel.has(s)) {
        phase = -2;
        this.groupRegion(s);
      } else {
        if (phase === -2) phase = this.nextRegion++;
        for (const inner of allStmts([s])) this.noteStmt(inner, phase);
      }
    }
  }

  /** A workgroup-level statement: its conditions at the group level, its lists split. */
  private groupRegion(s: Stmt): void {
    switch (s.k) {
      case 'let':
        this.noteExpr(s.init, REGION_GROUP);
        return;
      case 'assign':
        this.noteExpr(s.value, REGION_GROUP);
        return;
      case 'if':
        this.noteExpr(s.cond, REGION_GROUP);
        this.assignRegions(s.then);
        this.assignRegions(s.else);
        return;
      case 'loop':
        if (s.cond) this.noteExpr(s.cond, REGION_GROUP);
        if (s.postCond) this.noteExpr(s.postCond, REGION_GROUP);
        this.assignRegions(s.body);
        this.assignRegions(s.update);
        return;
      case 'block':
        this.assignRegions(s.body);
        return;
      default:
        return;
    }
  }

  private noteStmt(s: Stmt, region: number): void {
    if (s.k === 'let' || s.k === 'assign') this.note(s.name, region);
    for (const e of stmtExprs(s)) this.noteExpr(e, region);
  }

  private noteExpr(e: Expr, region: number): void {
    for (const x of allExprs(e)) if (x.k === 'local') this.note(x.name, region);
  }

  private note(name: string, region: number): void {
    let set = this.regionsOf.get(name);
    if (!set) this.regionsOf.set(name, (set = new Set()));
    set.add(region);
  }

  // ---------------------------------------------------------------- rewriting

  /** A statement list at the workgroup level: phases for the runs between group statements. */
  private split(list: readonly Stmt[]): Stmt[] {
    const out: Stmt[] = [];
    let pending: Stmt[] = [];
    const flush = (): void => {
      if (pending.length > 0) out.push(...this.phase(pending));
      pending = [];
    };
    for (const s of list) {
      if (!this.groupLevel.has(s)) {
        pending.push(s);
        continue;
      }
      flush();
      switch (s.k) {
        case 'barrier':
          break;
        case 'let':
          out.push({ ...s, init: this.groupExpr(s.init) });
          break;
        case 'assign':
          out.push({ ...s, value: this.groupExpr(s.value) });
          break;
        case 'if':
          out.push({
            ...s,
            cond: this.groupExpr(s.cond),
            then: this.split(s.then),
            else: this.split(s.else),
          });
          break;
        case 'loop':
          out.push({
            ...s,
            cond: s.cond && this.groupExpr(s.cond),
            postCond: s.postCond && this.groupExpr(s.postCond),
            body: this.split(s.body),
            update: this.split(s.update),
          });
          break;
        case 'block':
          out.push({ ...s, body: this.split(s.body) });
          break;
        case 'break':
        case 'continue':
        case 'return':
          out.push(s);
          break;
        default:
          throw new InternalError(`phaseSplit: a ${s.k} statement at the workgroup level`);
      }
    }
    flush();
    return out;
  }

  /** `for (l = 0; l < P; l++) { invocation l runs stmts }`. */
  private phase(stmts: readonly Stmt[]): Stmt[] {
    const l = this.invocationName;
    const lRef: Expr = { k: 'local', t: 'i32', name: l };
    const inv = this.fresh('nb_inv');
    // The spilled variables a loop of this phase uses are locals inside it: loaded from
    // their arrays when an invocation starts the phase and stored back when it ends, so
    // that the loop keeps them in registers (acc in `for (k …) acc += tile[…]`).
    const cached = this.spilledIn(stmts);
    this.cached = cached;
    let work = stmts.flatMap((s) => this.phaseStmt(s, inv));
    this.cached = new Set();
    // A phase guarded as a whole by a bound on the invocation (`if (l < s)`) visits only
    // the invocations the bound admits (phaseGuard.ts).
    const guard = this.guardOf(work);
    if (guard) {
      const only = work[0] as Extract<Stmt, { k: 'if' }>;
      work = guard.rest ? [{ ...only, cond: guard.rest }] : [...only.then];
    }
    // What the statements read of the invocation's identity: its localId per axis (the
    // last axis fastest) and its grid indices (groupId · size + localId).
    const read = new Set<string>();
    for (const st of allStmts(work))
      for (const e of stmtExprs(st))
        for (const x of allExprs(e)) if (x.k === 'local') read.add(x.name);
    const indexLets: Stmt[] = [];
    this.ir.indexNames.forEach((name, a) => {
      if (!read.has(name)) return;
      read.add(this.localNames[a]!);
      indexLets.push({
        k: 'let',
        name,
        t: 'i32',
        init: {
          k: 'bin',
          t: 'i32',
          op: '+',
          a: {
            k: 'bin',
            t: 'i32',
            op: '*',
            a: { k: 'local', t: 'i32', name: this.groupNames[a]! },
            b: i32(this.size[a]!),
          },
          b: { k: 'local', t: 'i32', name: this.localNames[a]! },
        },
      });
    });
    const localLets: Stmt[] = [];
    let rest: Expr = lRef;
    for (let a = this.size.length - 1; a >= 0; a--) {
      const n = this.size[a]!;
      const value: Expr = a === 0 ? rest : { k: 'bin', t: 'i32', op: '%', a: rest, b: i32(n) };
      if (read.has(this.localNames[a]!))
        localLets.unshift({ k: 'let', name: this.localNames[a]!, t: 'i32', init: value });
      if (a > 0) rest = { k: 'bin', t: 'i32', op: '/', a: rest, b: i32(n) };
    }
    const body: Stmt[] = [];
    if (this.doneArray >= 0)
      body.push({
        k: 'if',
        cond: { k: 'bin', t: 'bool', op: '!=', a: this.element(this.doneArray, lRef), b: i32(0) },
        then: [{ k: 'break', label: inv }],
        else: [],
      });
    const load: Stmt[] = [];
    const store: Stmt[] = [];
    for (const name of cached) {
      const t = this.spills.get(name)!.t;
      load.push({ k: 'let', name, t, init: this.spillLoad(name, lRef) });
      if (this.assignedIn(stmts, name)) store.push(this.spillStore(name, { k: 'local', t, name }));
    }
    body.push(...localLets, ...indexLets, ...load, ...work, ...store);
    // Invocations [start, end): all of them, or the range the guard admits (a range of
    // localId(0), which varies slowest: `stride` invocations per value).
    const stride = this.invocations / this.size[0]!;
    const scaled = (e: Expr): Expr =>
      stride === 1
        ? e
        : e.k === 'const'
          ? i32(e.v * stride)
          : { k: 'bin', t: 'i32', op: '*', a: e, b: i32(stride) };
    let start: Expr = i32(0);
    let end: Expr = i32(this.invocations);
    const setup: Stmt[] = [];
    if (guard) {
      const endName = this.fresh('nb_end');
      setup.push(...guard.setup, { k: 'let', name: endName, t: 'i32', init: scaled(guard.hi) });
      start = scaled(guard.lo);
      end = { k: 'local', t: 'i32', name: endName };
    }
    return [
      ...setup,
      { k: 'assign', name: l, value: start },
      {
        k: 'loop',
        label: `${inv}_loop`,
        cond: { k: 'bin', t: 'bool', op: '<', a: lRef, b: end },
        overInvocations: true,
        body: [{ k: 'block', label: inv, body }],
        update: [
          { k: 'assign', name: l, value: { k: 'bin', t: 'i32', op: '+', a: lRef, b: i32(1) } },
        ],
        postCond: null,
      },
    ];
  }

  /** The spilled variables that loops of a phase declare, assign or read. */
  private spilledIn(stmts: readonly Stmt[]): Set<string> {
    const names = new Set<string>();
    const loops = allStmts(stmts).filter((st) => st.k === 'loop');
    for (const st of allStmts(loops)) {
      if ((st.k === 'let' || st.k === 'assign') && this.spills.has(st.name)) names.add(st.name);
      for (const e of stmtExprs(st))
        for (const x of allExprs(e))
          if (x.k === 'local' && this.spills.has(x.name) && !this.remat.has(x.name))
            names.add(x.name);
    }
    return names;
  }

  private assignedIn(stmts: readonly Stmt[], name: string): boolean {
    return allStmts(stmts).some((st) => (st.k === 'let' || st.k === 'assign') && st.name === name);
  }

  /** The invocation range of a phase that is one `if` with a bound on the invocation, or null. */
  private guardOf(work: readonly Stmt[]): InvocationRange | null {
    const only = work[0];
    if (work.length !== 1 || only?.k !== 'if' || only.else.length > 0) return null;
    const index0 = this.ir.indexNames[0]!;
    return invocationRange(only.cond, {
      local0: this.localNames[0]!,
      index0: this.assigned.has(index0) ? null : index0,
      group0: this.groupNames[0]!,
      size0: this.size[0]!,
      uniform: (name) => this.groupVars.has(name) || this.groupNames.includes(name),
      fresh: (base) => this.fresh(base),
      boundsCheck: this.ir.boundsCheck,
    });
  }

  /** A statement run by one invocation inside a phase (nothing for a recomputed variable). */
  private phaseStmt(s: Stmt, inv: string): Stmt[] {
    const e = (x: Expr): Expr => this.phaseExpr(x);
    const list = (xs: readonly Stmt[]): Stmt[] => xs.flatMap((x) => this.phaseStmt(x, inv));
    switch (s.k) {
      case 'let':
        if (this.remat.has(s.name)) return [];
        if (this.cached.has(s.name)) return [{ k: 'assign', name: s.name, value: e(s.init) }];
        return [
          this.spills.has(s.name) ? this.spillStore(s.name, e(s.init)) : { ...s, init: e(s.init) },
        ];
      case 'assign':
        return [
          this.spills.has(s.name) && !this.cached.has(s.name)
            ? this.spillStore(s.name, e(s.value))
            : { ...s, value: e(s.value) },
        ];
      case 'store':
        return [{ ...s, index: this.arrayIndex(s.arr, e(s.index)), value: e(s.value) }];
      case 'expr':
        return [{ ...s, e: e(s.e) }];
      case 'if':
        return [{ ...s, cond: e(s.cond), then: list(s.then), else: list(s.else) }];
      case 'loop':
        return [
          {
            ...s,
            cond: s.cond && e(s.cond),
            postCond: s.postCond && e(s.postCond),
            body: list(s.body),
            update: list(s.update),
          },
        ];
      case 'block':
        return [{ ...s, body: list(s.body) }];
      case 'break':
      case 'continue':
        return [s];
      case 'return': {
        // This invocation is finished: later phases skip it.
        const leave: Stmt = { k: 'break', label: inv };
        if (this.doneArray < 0) return [leave];
        const lRef: Expr = { k: 'local', t: 'i32', name: this.invocationName };
        return [
          {
            k: 'store',
            arr: { kind: 'local', index: this.doneArray },
            index: lRef,
            value: i32(1),
            span: NO_SPAN,
          },
          leave,
        ];
      }
      case 'barrier':
        throw new InternalError('phaseSplit: a barrier inside a phase');
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  /** An expression of one invocation: variables, geometry and private arrays mapped. */
  private phaseExpr(x: Expr): Expr {
    return mapExpr(x, {
      expr: (e) => {
        switch (e.k) {
          case 'local': {
            const value = this.remat.get(e.name);
            if (value) return this.phaseExpr(value);
            if (this.spills.has(e.name) && !this.cached.has(e.name))
              return this.spillLoad(e.name, { k: 'local', t: 'i32', name: this.invocationName });
            return e;
          }
          case 'geom':
            return this.geom(e);
          case 'load':
          case 'atomic':
            return { ...e, index: this.arrayIndex(e.arr, e.index) };
          default:
            return e;
        }
      },
    });
  }

  /** A workgroup-level expression: uniform, so invocation 0's copy of a variable is everyone's. */
  private groupExpr(x: Expr): Expr {
    return mapExpr(x, {
      expr: (e) => {
        if (e.k === 'local') {
          const value = this.remat.get(e.name);
          if (value) return this.groupExpr(value);
          if (this.groupVars.has(e.name)) return e;
          if (this.spills.has(e.name)) return this.spillLoad(e.name, i32(0));
          throw new InternalError(`phaseSplit: ${e.name} at the workgroup level is not spilled`);
        }
        if (e.k === 'geom') {
          if (e.of === 'localId')
            throw new InternalError('phaseSplit: localId() at the workgroup level');
          return this.geom(e);
        }
        return e;
      },
    });
  }

  private geom(e: Extract<Expr, { k: 'geom' }>): Expr {
    switch (e.of) {
      case 'localId':
        return { k: 'local', t: 'i32', name: this.localNames[e.axis]! };
      case 'groupId':
        return { k: 'local', t: 'i32', name: this.groupNames[e.axis]! };
      case 'groupCount': {
        // The split kernel's grid extents are the group counts (groupLaunch).
        const scalar = this.ir.scalars.findIndex(
          (s) => s.source.kind === 'grid' && s.source.axis === e.axis,
        );
        if (scalar < 0) throw new InternalError(`phaseSplit: no grid scalar for axis ${e.axis}`);
        return { k: 'scalar', t: 'i32', index: scalar };
      }
      default: {
        const never: never = e.of;
        return never;
      }
    }
  }

  /**
   * The index into a local array of the flat kernel: shared arrays as they are; the
   * kernel's own arrays into invocation l's slice, an index out of its range sent past the
   * whole array (so it reads as out of range and a store is dropped, as before).
   */
  private arrayIndex(arr: Extract<Expr, { k: 'load' }>['arr'], index: Expr): Expr {
    if (arr.kind !== 'local') return index;
    const original = this.ir.localArrays[arr.index];
    if (!original || original.scope === 'workgroup') return index;
    const len = original.length;
    const lRef: Expr = { k: 'local', t: 'i32', name: this.invocationName };
    const inRange: Expr = {
      k: 'bin',
      t: 'bool',
      op: '<',
      a: { k: 'cast', t: 'u32', a: index },
      b: { k: 'const', t: 'u32', v: len },
    };
    const slot: Expr = {
      k: 'bin',
      t: 'i32',
      op: '+',
      a: { k: 'bin', t: 'i32', op: '*', a: lRef, b: i32(len) },
      b: index,
    };
    return { k: 'select', t: 'i32', c: inRange, a: slot, b: i32(len * this.invocations) };
  }

  private element(array: number, index: Expr): Expr {
    const dtype = this.localArrays[array]!.dtype;
    return {
      k: 'load',
      t: loadType(dtype),
      arr: { kind: 'local', index: array },
      index,
      span: NO_SPAN,
    };
  }

  private spillLoad(name: string, at: Expr): Expr {
    const spill = this.spills.get(name)!;
    return convert(this.element(spill.index, at), spill.t);
  }

  private spillStore(name: string, value: Expr): Stmt {
    const spill = this.spills.get(name)!;
    const dtype = this.localArrays[spill.index]!.dtype;
    return {
      k: 'store',
      arr: { kind: 'local', index: spill.index },
      index: { k: 'local', t: 'i32', name: this.invocationName },
      value: convert(value, loadType(dtype)),
      span: NO_SPAN,
    };
  }
}

const NO_SPAN = { start: 0, end: 0 };

function i32(v: number): Expr {
  return { k: 'const', t: 'i32', v };
}

/** The storage of a spilled variable of type t. */
function spillDtype(t: Ty): DType {
  switch (t) {
    case 'f32':
      return 'f32';
    case 'f64':
    case 'float':
      return 'f64';
    case 'u32':
      return 'u32';
    default:
      return 'i32';
  }
}

/** `e` as type t (spills round-trip exactly: the same width, bool as 0/1). */
function convert(e: Expr, t: Ty): Expr {
  if (e.t === t) return e;
  if (t === 'bool') return { k: 'bin', t: 'bool', op: '!=', a: e, b: i32(0) };
  return { k: 'cast', t, a: e };
}
