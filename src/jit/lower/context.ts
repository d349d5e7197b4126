// context.ts — the state lowering carries: scopes, the parameter bindings, the IR being
// built (buffers, scalars, local arrays), and the fixed-point table of variable types.
//
// Lowering runs several times per signature: each run types every expression with the
// variable types of the previous run and joins every assignment into the table; when
// a run changes nothing, its IR is the result. So inference and lowering share one walk.

import { fileLineOf, KernelError, lineCol, type SourceInfo, type Span } from '../diagnostics.js';
import type { Expr as AstExpr, FunctionAst } from '../ast.js';
import type { ArrayRef, Expr, IrBuffer, IrLocalArray, IrScalar, Stmt, Ty } from '../ir/ir.js';
import { join, type DType, type InferType } from '../types/dtype.js';
import type { ArgSig } from '../types/signature.js';
import { provedNonNegative } from './signs.js';

/** A value lowering produced, with its inference type. */
export interface Value {
  readonly ir: Expr;
  readonly ty: InferType;
}

/** What a name in scope refers to. */
export type Binding =
  | { kind: 'value'; irName: string; decl: object; constant: boolean; span: Span }
  | { kind: 'scalar'; index: number; ty: InferType }
  | { kind: 'array'; view: ArrayView }
  | { kind: 'localArray'; index: number; dtype: DType; length: number }
  | { kind: 'helper'; fn: FunctionAst; source: SourceInfo }
  | {
      kind: 'constant';
      value: number | boolean;
      /** A `const` of the function's own (bound as its literal), not a `uses` entry. */
      local?: true;
    }
  /** A `uses` entry that is one of numbat's intrinsics (`uses: { random }`). */
  | { kind: 'intrinsic'; name: string };

/** An array parameter as the body sees it: its buffer and how indices flatten. */
export interface ArrayView {
  readonly param: string;
  readonly buffer: number;
  readonly dtype: DType;
  readonly sig: ArgSig & { kind: 'typed' | 'strided' };
  readonly rank: number;
}

/** The loop or block a `break`/`continue`/helper `return` refers to. */
export interface JumpTarget {
  readonly kind: 'loop' | 'helper';
  readonly userLabel: string | null;
  readonly irLabel: string;
  /** For a helper: the IR local receiving the return value (null for void helpers). */
  readonly resultName?: string | null;
  readonly resultDecl?: object;
}

export interface Options {
  readonly precision: 'auto' | 'f32' | 'f64';
  readonly reduce: 'sum' | 'prod' | 'min' | 'max' | 'custom' | null;
  /** Loads check their index (so one may not run where the plain function skips it). */
  readonly boundsCheck?: boolean;
}

/**
 * The lowering functions the expression layer calls back into: calls (calls.ts) and
 * helper inlining (stmt.ts) sit above expressions (expr.ts) in the module order, so they
 * are reached through the context rather than imported (no import circle).
 */
export interface LowerHooks {
  lowerCall(
    cx: LowerContext,
    e: AstExpr & { kind: 'call' },
    asStatement: boolean,
  ): Value | undefined;
  inlineHelper(
    cx: LowerContext,
    b: Binding & { kind: 'helper' },
    call: AstExpr & { kind: 'call' },
    asStatement: boolean,
  ): Value | undefined;
}

export class LowerContext {
  readonly buffers: IrBuffer[] = [];
  readonly bufferFlags: { read: boolean; written: boolean }[] = [];
  readonly scalars: IrScalar[] = [];
  private readonly scalarKeys = new Map<string, number>();
  readonly localArrays: IrLocalArray[] = [];
  private readonly usedNames = new Set<string>();
  private scopes: Map<string, Binding>[] = [];
  readonly jumps: JumpTarget[] = [];
  private labelCounter = 0;
  /** Declaration → joined type over every assignment seen (persists across runs). */
  readonly varTypes: Map<object, InferType>;
  changed = false;
  uses: { atomics: boolean; random: boolean; f64: boolean; f64Site?: string } = {
    atomics: false,
    random: false,
    f64: false,
  };

  /** Records that the code at `span` computes in f64 (the first such site names the cause). */
  noteF64(span: Span): void {
    this.uses.f64 = true;
    if (this.uses.f64Site) return;
    const text = this.source.text.slice(span.start, span.end).replace(/\s+/g, ' ');
    const line = fileLineOf(this.source, span.start) ?? lineCol(this.source.text, span.start).line;
    const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
    this.uses.f64Site = `\`${shown}\` (line ${line})`;
  }
  /** Per-helper inlining stack, to reject recursion. */
  readonly inlining: string[] = [];
  /** Cooperative kernels: the workgroup's extents; null for flat kernels. */
  workgroup: readonly number[] | null = null;
  /** The source currently being lowered (the kernel's or a helper's). */
  source: SourceInfo;

  constructor(
    readonly kernelSource: SourceInfo,
    readonly options: Options,
    varTypes: Map<object, InferType>,
    readonly hooks: LowerHooks,
    mayBeNegative: Set<object> = new Set(),
  ) {
    this.source = kernelSource;
    this.varTypes = varTypes;
    this.mayBeNegative = mayBeNegative;
  }

  /**
   * Variables (by declaration) that some assignment may leave below 0 (in JavaScript's
   * numbers): kept across the rounds of lowerKernel, as varTypes are, so a read before a
   * later `k--` in a loop sees it on the next round. See signs.ts.
   */
  readonly mayBeNegative: Set<object>;
  /** The declaration of each value binding's IR name, and those whose values were noted this round. */
  readonly localDecls = new Map<string, object>();
  readonly notedDecls = new Set<object>();
  /** Grid indices the body never assigns: values in [0, 2³¹). */
  readonly gridIndexNames = new Set<string>();

  /** Joins an assigned value's type into variable `decl` and notes its sign (signs.ts). */
  assignValue(decl: object, value: Value): void {
    this.assignType(decl, value.ty);
    this.noteAssigned(decl, provedNonNegative(this, value.ir));
  }

  /** The element dtype of a buffer or local array. */
  dtypeOf(ref: ArrayRef): DType | undefined {
    return ref.kind === 'buffer'
      ? this.buffers[ref.index]?.dtype
      : this.localArrays[ref.index]?.dtype;
  }

  /** Records a value stored into variable `decl` (its sign: see signs.ts). */
  noteAssigned(decl: object, nonNegative: boolean): void {
    this.notedDecls.add(decl);
    if (!nonNegative && !this.mayBeNegative.has(decl)) {
      this.mayBeNegative.add(decl);
      this.changed = true;
    }
  }

  error(code: string, message: string, span: Span | undefined, hint?: string): never {
    throw new KernelError(code, message, this.source, span, hint);
  }

  /**
   * Errors that depend on variable types: they count only on the run where those types
   * have settled (an earlier run sees a type that a later assignment still widens).
   */
  readonly settledErrors: { error: KernelError; when?: () => boolean }[] = [];
  /**
   * Variables (by declaration) read somewhere other than where only their 32 bits count:
   * a join of i32 and u32 values in a variable read only by bitwise operators, Math.imul,
   * i32()/u32() or integer stores means the same bits either way (FNV-style hashes).
   */
  readonly readAsNumber = new Set<object>();
  /**
   * Set for the next expression lowered when its consumer keeps only its 32 bits (a
   * bitwise operator, i32()/u32(), a store into an integer array): an i32/u32 join there
   * (`c ? u : s`) means the same bits either way, so it is not refused.
   */
  bitsOnly = false;
  /**
   * Set while a loop's condition is lowered: a comparison there that is always true only
   * because a value is unsigned (`k >= 0`, `k > -1`, `k != -1` for a u32 k) would make
   * the loop endless where JavaScript's number goes below 0 and ends it.
   */
  inLoopCondition = false;
  /** Such comparisons met in the condition being lowered (judged by emitLoop). */
  readonly loopTautologies: Span[] = [];
  errorOnceSettled(
    code: string,
    message: string,
    span: Span | undefined,
    hint?: string,
    when?: () => boolean,
  ): void {
    const error = new KernelError(code, message, this.source, span, hint);
    this.settledErrors.push(when ? { error, when } : { error });
  }

  /** The outermost scope: `uses` helpers and constants, visible to the kernel and helpers. */
  setGlobals(globals: Map<string, Binding>): void {
    this.scopes = [globals];
  }

  /** Runs `f` with only the globals in scope (a helper's body sees no caller locals). */
  isolated<T>(f: () => T): T {
    const saved = this.scopes;
    const savedCondition = this.inLoopCondition;
    this.scopes = [saved[0]!, new Map()];
    this.inLoopCondition = false; // a helper's body is not the caller's loop condition
    try {
      return f();
    } finally {
      this.scopes = saved;
      this.inLoopCondition = savedCondition;
    }
  }

  pushScope(): void {
    this.scopes.push(new Map());
  }
  popScope(): void {
    this.scopes.pop();
  }

  bind(name: string, b: Binding): void {
    this.scopes[this.scopes.length - 1]!.set(name, b);
    if (b.kind === 'value') this.localDecls.set(b.irName, b.decl);
  }

  lookup(name: string): Binding | undefined {
    for (let k = this.scopes.length - 1; k >= 0; k--) {
      const b = this.scopes[k]!.get(name);
      if (b) return b;
    }
    return undefined;
  }

  /** A fresh IR-local name, close to the user's. */
  freshName(base: string): string {
    let name = base.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(name)) name = `v_${name}`;
    let candidate = name;
    for (let n = 2; this.usedNames.has(candidate); n++) candidate = `${name}_${n}`;
    this.usedNames.add(candidate);
    return candidate;
  }

  reserveName(name: string): void {
    this.usedNames.add(name);
  }

  freshLabel(): string {
    return `L${++this.labelCounter}`;
  }

  /** The type of a declared variable so far (its declaration's initial type on the first run). */
  varType(decl: object, initial: InferType): InferType {
    const t = this.varTypes.get(decl);
    if (t) return t;
    this.varTypes.set(decl, initial);
    this.changed = true;
    return initial;
  }

  /** Join an assigned type into a variable's table entry. */
  assignType(decl: object, t: InferType): void {
    const old = this.varTypes.get(decl);
    const next = old ? join(old, t) : t;
    if (!old || old.t !== next.t || old.weak !== next.weak) {
      this.varTypes.set(decl, next);
      this.changed = true;
    }
  }

  /** Index of a scalar param supplied from `source`, added on first use. */
  scalar(name: string, type: Ty, source: IrScalar['source']): number {
    const key = JSON.stringify(source);
    const found = this.scalarKeys.get(key);
    if (found !== undefined) return found;
    const index = this.scalars.length;
    this.scalars.push({ name, type, source });
    this.scalarKeys.set(key, index);
    return index;
  }

  markRead(ref: ArrayRef): void {
    if (ref.kind === 'buffer') this.bufferFlags[ref.index]!.read = true;
  }
  markWritten(ref: ArrayRef): void {
    if (ref.kind === 'buffer') this.bufferFlags[ref.index]!.written = true;
  }

  /** Statements of the body being built: lowering appends through this stack. */
  readonly out: Stmt[][] = [];
  emit(s: Stmt): void {
    this.out[this.out.length - 1]!.push(s);
  }
  collect(f: () => void): Stmt[] {
    this.out.push([]);
    f();
    return this.out.pop()!;
  }
}
