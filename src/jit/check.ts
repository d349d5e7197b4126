// check.ts — what `kernel()` rejects before any launch: every mistake that can be seen
// without the arguments' types, each a KernelError with a caret under the user's code.
//
//   names      every name read is a parameter, a local, a `uses` entry, an intrinsic or a
//              global (Math, Number, isNaN, isFinite)
//   Math       `Math.x` is a supported function or constant; Math.random is refused
//   calls      the arity of Math functions, intrinsics and helpers; a helper used as a
//              value returns one; helpers do not call each other in a circle
//   assignment not to a `const`, a local array, a `uses` entry, or a parameter the
//              function uses as an array
//   arrays     a local typed array has a constant length between 1 and MAX_LOCAL_ARRAY
//   jumps      `break`/`continue` inside a loop (of this function) with that label
//   unassigned a `let v;` is not read before a value is assigned on every path
//              (definiteAssignment.ts)
//   returns    a kernel without `reduce` returns nothing; a reduce kernel, a helper that
//              returns a value and a combiner return on every path
//
// The lowering (lower/) raises the same errors for what only types reveal.

import type { Expr, FunctionAst, Stmt } from './ast.js';
import { walkAst } from './astWalk.js';
import { checkDefiniteAssignment } from './definiteAssignment.js';
import { KernelError, type SourceInfo, type Span } from './diagnostics.js';
import { CONSTANTS } from './ops/constants.js';
import {
  COOPERATIVE_INTRINSICS,
  INTRINSIC_NAMES,
  intrinsicArity,
  type IntrinsicName,
} from './ops/intrinsics.js';
import { mathArityProblem, mathOp } from './ops/math.js';
import { intrinsicNamed } from './ops/names.js';

/** The largest local typed array (elements). */
export const MAX_LOCAL_ARRAY = 4096;

/** A parsed function with its source. */
export interface CheckedFunction {
  readonly ast: FunctionAst;
  readonly source: SourceInfo;
}

/** What `kernel()` knows at definition time. */
export interface DefinitionToCheck {
  readonly kernel: CheckedFunction;
  readonly helpers: ReadonlyMap<string, CheckedFunction>;
  readonly constants: ReadonlyMap<string, number | boolean>;
  /** `uses` names bound to numbat intrinsics (`uses: { rnd: random }`). */
  readonly intrinsics: ReadonlyMap<string, string>;
  readonly reduce: 'builtin' | CheckedFunction | null;
  /** Cooperative kernels: the workgroup's extents; null for flat kernels. */
  readonly workgroup: readonly number[] | null;
}

/** The typed arrays `shared()` makes, and their element bytes. */
const SHARED_ARRAY_TYPES: Readonly<Record<string, number>> = {
  Float32Array: 4,
  Float64Array: 8,
  Int32Array: 4,
  Uint32Array: 4,
};
/** Workgroup memory a kernel may declare (WebGPU's guaranteed minimum limit), bytes. */
export const MAX_SHARED_BYTES = 16384;
const GLOBALS = new Set(['Math', 'Number', 'isNaN', 'isFinite', ...INTRINSIC_NAMES]);

/**
 * Statements that definitely end with a return on every path: JavaScript's rule, with a
 * loop that has no condition of its own (`while (true)`, `for (;;)`, `do … while (true)`)
 * and no `break` out of it counting as one (it returns or never ends: probe 9, a search
 * loop left only by `return` was refused as a missing return).
 */
export function definitelyReturns(stmts: readonly Stmt[]): boolean {
  for (const s of stmts) {
    if (s.kind === 'return') return true;
    if (s.kind === 'if' && definitelyReturns(s.then) && definitelyReturns(s.else)) return true;
    if (s.kind === 'block' && definitelyReturns(s.body)) return true;
    if (endlessWithoutBreak(s)) return true;
  }
  return false;
}

const alwaysTrue = (e: Expr | null): boolean =>
  e === null || (e.kind === 'bool' && e.value) || (e.kind === 'num' && e.value !== 0);

/** A loop with no condition of its own that no `break` leaves (a `return` may). */
function endlessWithoutBreak(s: Stmt): boolean {
  if (s.kind !== 'while' && s.kind !== 'for' && s.kind !== 'doWhile') return false;
  if (!alwaysTrue(s.test)) return false;
  return !breaksOut(s.body, new Set(), true);
}

/**
 * Whether a `break` in `stmts` leaves the loop they belong to: an unlabelled one outside
 * any inner loop (`direct`), or a labelled one whose label is not declared inside.
 */
function breaksOut(stmts: readonly Stmt[], inner: ReadonlySet<string>, direct: boolean): boolean {
  for (const s of stmts) {
    switch (s.kind) {
      case 'break':
        if (s.label === null ? direct : !inner.has(s.label)) return true;
        break;
      case 'if':
        if (breaksOut(s.then, inner, direct) || breaksOut(s.else, inner, direct)) return true;
        break;
      case 'block':
        if (breaksOut(s.body, inner, direct)) return true;
        break;
      case 'for':
      case 'while':
      case 'doWhile': {
        const labels = s.label ? new Set([...inner, s.label]) : inner;
        if (breaksOut(s.body, labels, false)) return true;
        break;
      }
      default:
        break;
    }
  }
  return false;
}

/** Whether some `return` in `stmts` has a value. */
export function hasValueReturn(stmts: readonly Stmt[]): boolean {
  return stmts.some((s) => {
    switch (s.kind) {
      case 'return':
        return s.value !== null;
      case 'if':
        return hasValueReturn(s.then) || hasValueReturn(s.else);
      case 'for':
      case 'while':
      case 'doWhile':
      case 'block':
        return hasValueReturn(s.body);
      default:
        return false;
    }
  });
}

/** Throws the first KernelError of the definition, or returns. */
export function checkDefinition(def: DefinitionToCheck): void {
  if (def.workgroup && def.reduce !== null) {
    throw new KernelError(
      'E_WORKGROUP',
      'a cooperative kernel (the workgroup option) cannot also have the reduce option',
      def.kernel.source,
      def.kernel.ast.span,
      "combine each workgroup's values through shared() and write one result per workgroup into an array",
    );
  }
  new FunctionChecker(def, def.kernel, 'kernel').run();
  for (const helper of def.helpers.values()) new FunctionChecker(def, helper, 'helper').run();
  const combiner = def.reduce && def.reduce !== 'builtin' ? [def.reduce] : [];
  for (const f of [def.kernel, ...def.helpers.values(), ...combiner])
    checkDefiniteAssignment(f.ast, f.source);
  if (def.reduce && def.reduce !== 'builtin') {
    const c = def.reduce;
    if (c.ast.params.length !== 2) {
      throw new KernelError(
        'E_REDUCE',
        `the reduce combiner must take two parameters (a, b), it takes ${c.ast.params.length}`,
        c.source,
        c.ast.span,
      );
    }
    new FunctionChecker(def, c, 'combiner').run();
  }
  checkNoRecursion(def);
}

type Role = 'kernel' | 'helper' | 'combiner';
type Local = {
  kind: 'param' | 'let' | 'const' | 'localArray';
  span: Span;
  /** A `const` of literals and `uses` constants: its value (it is that literal when read). */
  value?: number;
};

class FunctionChecker {
  private readonly scopes: Map<string, Local>[] = [];
  /** Labels of the loops around the statement being checked (null: unlabelled). */
  private readonly loops: (string | null)[] = [];
  /** Parameters this function uses as arrays: name → where. */
  private readonly arrayParams: Map<string, Span>;
  /** Bytes of workgroup memory declared so far. */
  private sharedBytes = 0;

  constructor(
    private readonly def: DefinitionToCheck,
    private readonly fn: CheckedFunction,
    private readonly role: Role,
  ) {
    this.arrayParams = paramsUsedAsArrays(fn.ast);
  }

  private fail(code: string, message: string, span: Span | undefined, hint?: string): never {
    throw new KernelError(code, message, this.fn.source, span, hint);
  }

  run(): void {
    const ast = this.fn.ast;
    this.scopes.push(
      new Map(ast.params.map((p) => [p.name, { kind: 'param' as const, span: p.span }])),
    );
    this.stmts(ast.body);
    if (this.role === 'kernel' && this.def.reduce !== null && !definitelyReturns(ast.body)) {
      const end = ast.span.end;
      this.fail('E_RETURN', 'a reduce kernel must return a number on every path', {
        start: end - 1,
        end,
      });
    }
    if (this.role === 'helper' && hasValueReturn(ast.body) && !definitelyReturns(ast.body)) {
      this.fail('E_RETURN', `helper \`${ast.name}\` must return a value on every path`, ast.span);
    }
    if (this.role === 'combiner' && !definitelyReturns(ast.body)) {
      this.fail('E_REDUCE', 'the reduce combiner must return a value on every path', ast.span);
    }
  }

  private lookup(name: string): Local | undefined {
    for (let k = this.scopes.length - 1; k >= 0; k--) {
      const found = this.scopes[k]!.get(name);
      if (found) return found;
    }
    return undefined;
  }

  private isUses(name: string): boolean {
    return (
      this.def.helpers.has(name) || this.def.constants.has(name) || this.def.intrinsics.has(name)
    );
  }

  private declared(name: string): boolean {
    return (
      this.lookup(name) !== undefined ||
      this.isUses(name) ||
      GLOBALS.has(name) ||
      intrinsicNamed(name) !== undefined
    );
  }

  private block(stmts: readonly Stmt[]): void {
    this.scopes.push(new Map());
    this.stmts(stmts);
    this.scopes.pop();
  }

  private stmts(stmts: readonly Stmt[]): void {
    for (const s of stmts) this.stmt(s);
  }

  private stmt(s: Stmt): void {
    switch (s.kind) {
      case 'let': {
        const shared = s.init !== null && this.isSharedCall(s.init);
        if (s.init?.kind === 'newArray') this.localArrayLength(s.init);
        else if (shared) this.sharedArray(s.init as Expr & { kind: 'call' });
        else this.expr(s.init);
        const kind =
          s.init?.kind === 'newArray' || shared ? 'localArray' : s.constant ? 'const' : 'let';
        const value = kind === 'const' && s.init ? this.constantValue(s.init) : undefined;
        this.scopes[this.scopes.length - 1]!.set(s.name, {
          kind,
          span: s.nameSpan,
          ...(value !== undefined ? { value } : {}),
        });
        return;
      }
      case 'expr':
        if (s.expr.kind === 'call') this.call(s.expr, true);
        else this.expr(s.expr);
        return;
      case 'assign':
        this.assignTarget(s.target);
        this.expr(s.value);
        return;
      case 'update':
        this.assignTarget(s.target);
        return;
      case 'if':
        this.expr(s.test);
        this.block(s.then);
        this.block(s.else);
        return;
      case 'for':
        this.scopes.push(new Map());
        this.stmts(s.init);
        this.expr(s.test);
        this.loop(s.label, () => {
          this.block(s.body);
          this.stmts(s.update);
        });
        this.scopes.pop();
        return;
      case 'while':
      case 'doWhile':
        this.expr(s.test);
        this.loop(s.label, () => this.block(s.body));
        return;
      case 'break':
      case 'continue': {
        const ok = s.label === null ? this.loops.length > 0 : this.loops.includes(s.label);
        if (!ok)
          this.fail(
            'E_JUMP',
            s.label
              ? `\`${s.kind} ${s.label}\` names no enclosing loop`
              : `\`${s.kind}\` outside a loop`,
            s.span,
          );
        return;
      }
      case 'return':
        if (this.role === 'kernel' && this.def.reduce === null && s.value) {
          this.fail(
            'E_RETURN',
            'this kernel returns a value but has no `reduce` option',
            s.span,
            "give kernel(fn, { reduce: 'sum' }) (or 'prod', 'min', 'max', or a combiner) to combine the values, or write results into an array",
          );
        }
        if (this.role === 'kernel' && this.def.reduce !== null && !s.value)
          this.fail('E_RETURN', 'a reduce kernel must return a number on every path', s.span);
        this.expr(s.value);
        return;
      case 'block':
        this.block(s.body);
        return;
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  private loop(label: string | null, body: () => void): void {
    this.loops.push(label);
    body();
    this.loops.pop();
  }

  private assignTarget(target: Expr): void {
    if (target.kind === 'index') {
      this.expr(target);
      return;
    }
    if (target.kind !== 'ident') {
      this.fail(
        'E_ASSIGN',
        'this assignment target is not supported in kernels',
        target.span,
        'assign to a local variable, to x[i], or use a.set(i, j, v)',
      );
    }
    const name = target.name;
    const local = this.lookup(name);
    if (!local) {
      if (!this.declared(name)) this.expr(target); // E_UNDEFINED
      this.fail(
        'E_ASSIGN',
        `cannot assign to \`${name}\``,
        target.span,
        this.isUses(name) ? '`uses` entries are constants inside a kernel' : undefined,
      );
    }
    if (local.kind === 'const')
      this.fail('E_ASSIGN', `cannot assign to constant \`${name}\``, target.span);
    if (local.kind === 'localArray')
      this.fail(
        'E_ASSIGN',
        `cannot assign to \`${name}\``,
        target.span,
        'assign to its elements instead',
      );
    if (local.kind === 'param' && this.arrayParams.has(name)) {
      this.fail(
        'E_ASSIGN',
        `cannot assign to \`${name}\`: it is an array parameter`,
        target.span,
        'assign to its elements instead',
      );
    }
  }

  /** The intrinsic a call's callee names (bare, through `uses`, or `ns.name`), if any. */
  private intrinsicCalled(e: Expr & { kind: 'call' }): string | undefined {
    const callee = e.callee;
    if (callee.kind === 'ident') {
      if (this.lookup(callee.name)) return undefined;
      return (
        this.def.intrinsics.get(callee.name) ??
        (this.isUses(callee.name) ? undefined : intrinsicNamed(callee.name))
      );
    }
    if (
      callee.kind === 'member' &&
      callee.object.kind === 'ident' &&
      !this.lookup(callee.object.name) &&
      !this.isUses(callee.object.name)
    )
      return intrinsicNamed(callee.property);
    return undefined;
  }

  private isSharedCall(e: Expr): boolean {
    return e.kind === 'call' && this.intrinsicCalled(e) === 'shared';
  }

  /**
   * A cooperative intrinsic needs the workgroup option, and shared, barrier and
   * workgroupUniformLoad (which holds a barrier) the kernel itself.
   */
  private cooperative(name: string, e: Expr & { kind: 'call' }): void {
    if (!this.def.workgroup)
      this.fail(
        'E_WORKGROUP',
        `${name}() needs the workgroup option: it belongs to cooperative kernels`,
        e.span,
        'give kernel(fn, { workgroup: 256 }) (one extent per grid axis, at most 256 invocations)',
      );
    if (
      this.role !== 'kernel' &&
      (name === 'shared' || name === 'barrier' || name === 'workgroupUniformLoad')
    )
      this.fail(
        'E_UNSUPPORTED',
        `${name}() can only be called in the kernel itself, not in a \`uses\` helper`,
        e.span,
      );
  }

  /** `shared(ArrayType, length)`: a typed array type and a constant length that fits. */
  private sharedArray(e: Expr & { kind: 'call' }): void {
    this.cooperative('shared', e);
    if (e.args.length !== 2)
      this.fail(
        'E_ARITY',
        `shared(ArrayType, length) takes 2 arguments, got ${e.args.length}`,
        e.span,
      );
    const type = e.args[0]!;
    const bytes = type.kind === 'ident' ? SHARED_ARRAY_TYPES[type.name] : undefined;
    if (bytes === undefined)
      this.fail(
        'E_TYPE',
        'the first argument of shared() must be Float32Array, Float64Array, Int32Array or Uint32Array',
        type.span,
      );
    const length = this.constantValue(e.args[1]!);
    if (length === undefined || !Number.isInteger(length) || length < 1)
      this.fail(
        'E_LOCAL_ARRAY',
        'shared() needs a constant length of at least 1',
        e.args[1]!.span,
        'write the length as a number literal, a `const` holding one, or a `uses` constant',
      );
    this.sharedBytes += length * bytes;
    if (this.sharedBytes > MAX_SHARED_BYTES)
      this.fail(
        'E_LOCAL_ARRAY',
        `the kernel's shared arrays need ${this.sharedBytes} bytes; a workgroup has ${MAX_SHARED_BYTES}`,
        e.span,
        'WebGPU guarantees 16 KiB of workgroup memory; use smaller tiles',
      );
  }

  private localArrayLength(e: Expr & { kind: 'newArray' }): void {
    const length = this.constantValue(e.length);
    if (
      length === undefined ||
      !Number.isInteger(length) ||
      length < 1 ||
      length > MAX_LOCAL_ARRAY
    ) {
      this.fail(
        'E_LOCAL_ARRAY',
        `a local ${e.ctor} needs a constant length between 1 and ${MAX_LOCAL_ARRAY}`,
        e.length.span,
        'write the length as a number literal, a `const` holding one, or a `uses` constant',
      );
    }
  }

  /** The value of an expression of literals and `uses` constants, or undefined. */
  private constantValue(e: Expr): number | undefined {
    switch (e.kind) {
      case 'num':
        return e.value;
      case 'ident': {
        const local = this.lookup(e.name);
        if (local) return local.value;
        const c = this.def.constants.get(e.name);
        return typeof c === 'number' ? c : undefined;
      }
      case 'unary': {
        const a = this.constantValue(e.arg);
        return a === undefined ? undefined : e.op === '-' ? -a : e.op === '+' ? a : undefined;
      }
      case 'binary': {
        const a = this.constantValue(e.left);
        const b = this.constantValue(e.right);
        if (a === undefined || b === undefined) return undefined;
        switch (e.op) {
          case '+':
            return a + b;
          case '-':
            return a - b;
          case '*':
            return a * b;
          case '/':
            return a / b;
          case '<<':
            return a << b;
          case '>>':
            return a >> b;
          case '|':
            return a | b;
          default:
            return undefined;
        }
      }
      default:
        return undefined;
    }
  }

  private expr(e: Expr | null): void {
    if (!e) return;
    switch (e.kind) {
      case 'num':
      case 'bool':
        return;
      case 'ident':
        if (!this.declared(e.name)) {
          this.fail(
            'E_UNDEFINED',
            `\`${e.name}\` is not defined inside the kernel; kernels cannot see variables from outside`,
            e.span,
            `pass it as an argument, or through the \`uses\` option: kernel(fn, { uses: { ${e.name} } })`,
          );
        }
        return;
      case 'member': {
        const o = e.object;
        if (o.kind === 'ident' && !this.lookup(o.name) && !this.isUses(o.name)) {
          if (o.name === 'Math' || o.name === 'Number') {
            if (!(`${o.name}.${e.property}` in CONSTANTS))
              this.fail(
                'E_UNSUPPORTED',
                `\`${o.name}.${e.property}\` is not supported in kernels`,
                e.span,
              );
            return;
          }
          // `ns.f32` (a bundler's import namespace) is allowed when the property is an intrinsic.
          if (intrinsicNamed(e.property)) return;
        }
        this.expr(o);
        return;
      }
      case 'index':
        this.expr(e.object);
        this.expr(e.index);
        return;
      case 'call':
        this.call(e, false);
        return;
      case 'binary':
      case 'logical':
        this.expr(e.left);
        this.expr(e.right);
        return;
      case 'unary':
        this.expr(e.arg);
        return;
      case 'cond':
        this.expr(e.test);
        this.expr(e.then);
        this.expr(e.else);
        return;
      case 'newArray':
        return this.fail(
          'E_UNSUPPORTED',
          'a local typed array can only initialise a `let` or `const`',
          e.span,
          'declare it as `const t = new Float32Array(8)`',
        );
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private intrinsicArity(name: string, e: Expr & { kind: 'call' }): void {
    const [fewest, most] = intrinsicArity(name as IntrinsicName);
    const n = e.args.length;
    if (n >= fewest && n <= most) return;
    const what = fewest === 3 ? `${name}(array, index, value)` : `${name}()`;
    const wanted =
      fewest === most
        ? `${fewest} argument${fewest === 1 ? '' : 's'}`
        : `${fewest} to ${most} arguments`;
    this.fail('E_ARITY', `${what} takes ${wanted}, got ${n}`, e.span);
  }

  private call(e: Expr & { kind: 'call' }, asStatement: boolean): void {
    const named = this.intrinsicCalled(e);
    if (named === 'shared') {
      this.cooperative('shared', e);
      this.fail(
        'E_UNSUPPORTED',
        'shared() can only initialise a `const`',
        e.span,
        'declare it as `const tile = shared(Float32Array, 256)`',
      );
    }
    if (named !== undefined && COOPERATIVE_INTRINSICS.has(named)) {
      this.cooperative(named, e);
      if (named === 'barrier' && !asStatement)
        this.fail('E_VOID', 'barrier() returns no value: call it as a statement', e.span);
    }
    e.args.forEach((a) => this.expr(a));
    const callee = e.callee;
    const arity = (n: number, what: string): void => {
      if (e.args.length !== n)
        this.fail(
          'E_ARITY',
          `${what} takes ${n} argument${n === 1 ? '' : 's'}, got ${e.args.length}`,
          e.span,
        );
    };
    if (callee.kind === 'ident') {
      const name = callee.name;
      if (this.lookup(name)) return; // a local used as a function: the lowering says what it is
      const helper = this.def.helpers.get(name);
      if (helper) {
        const params = helper.ast.params.length;
        if (e.args.length !== params)
          this.fail(
            'E_ARITY',
            `helper \`${name}\` takes ${params} argument${params === 1 ? '' : 's'}, got ${e.args.length}`,
            e.span,
          );
        if (!asStatement && !hasValueReturn(helper.ast.body))
          this.fail('E_VOID', `helper \`${name}\` returns no value`, e.span);
        return;
      }
      const intrinsic =
        this.def.intrinsics.get(name) ?? (this.isUses(name) ? undefined : intrinsicNamed(name));
      if (intrinsic) {
        this.intrinsicArity(intrinsic, e);
        return;
      }
      if (name === 'isNaN' || name === 'isFinite') {
        arity(1, `${name}()`);
        return;
      }
      // The globals a kernel may name, but not call (`Number(x)`, `Math(x)`): the same error
      // as the lowering's for an unknown function, raised here, before any launch.
      if ((name === 'Number' || name === 'Math') && !this.isUses(name)) {
        this.fail(
          'E_UNKNOWN_CALL',
          `calls to unknown function \`${name}\` are not supported in kernels`,
          callee.span,
          name === 'Number'
            ? 'kernel values are numbers already: drop `Number(…)`, or convert with f64(…), f32(…), i32(…) or u32(…)'
            : undefined,
        );
      }
      if (!this.declared(name)) this.expr(callee); // E_UNDEFINED
      return;
    }
    if (
      callee.kind === 'member' &&
      callee.object.kind === 'ident' &&
      !this.lookup(callee.object.name) &&
      !this.isUses(callee.object.name)
    ) {
      const obj = callee.object.name;
      const fn = callee.property;
      if (obj === 'Math') {
        if (fn === 'random') {
          this.fail(
            'E_UNSUPPORTED',
            '`Math.random` is not supported in kernels: it would differ between backends and runs',
            e.span,
            "use numbat's counter-based random(seed, counter)",
          );
        }
        const op = mathOp(fn);
        if (op === undefined)
          this.fail('E_UNSUPPORTED', `\`Math.${fn}\` is not supported in kernels`, callee.span);
        const arity = mathArityProblem(fn, op, e.args.length);
        if (arity !== undefined) this.fail('E_ARITY', arity, e.span);
        return;
      }
      if (obj === 'Number') {
        if (fn !== 'isNaN' && fn !== 'isFinite')
          this.fail(
            'E_UNKNOWN_CALL',
            `calls to \`Number.${fn}\` are not supported in kernels`,
            callee.span,
          );
        arity(1, `Number.${fn}()`);
        return;
      }
      const intrinsic = intrinsicNamed(fn);
      if (intrinsic) {
        this.intrinsicArity(intrinsic, e);
        return;
      }
    }
    this.expr(callee);
  }
}

/** The parameters a function indexes, measures or passes to atomics: arrays whatever the launch. */
function paramsUsedAsArrays(ast: FunctionAst): Map<string, Span> {
  const params = new Set(ast.params.map((p) => p.name));
  const found = new Map<string, Span>();
  const mark = (e: Expr): void => {
    if (e.kind === 'ident' && params.has(e.name) && !found.has(e.name)) found.set(e.name, e.span);
  };
  walkAst(ast.body, {
    expr: (e) => {
      if (e.kind === 'index') mark(e.object);
      else if (
        e.kind === 'member' &&
        ['length', 'size', 'shape', 'get', 'set'].includes(e.property)
      )
        mark(e.object);
      else if (e.kind === 'call') {
        const name =
          e.callee.kind === 'ident'
            ? e.callee.name
            : e.callee.kind === 'member'
              ? e.callee.property
              : '';
        if (/^atomic(Add|Sub|Min|Max)\d*$/.test(name) && e.args[0]) mark(e.args[0]);
      }
    },
  });
  return found;
}

/** Helpers that call each other in a circle: E_RECURSION at the call that closes it. */
function checkNoRecursion(def: DefinitionToCheck): void {
  const calls = new Map<string, Array<{ callee: string; span: Span }>>();
  for (const [name, helper] of def.helpers) calls.set(name, helperCalls(helper.ast, def.helpers));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    state.set(name, 'visiting');
    for (const c of calls.get(name) ?? []) {
      if (state.get(c.callee) === 'visiting') {
        const cycle = [...path.slice(path.indexOf(c.callee)), name, c.callee].join(' → ');
        throw new KernelError(
          'E_RECURSION',
          c.callee === name
            ? `helper \`${name}\` calls itself (recursion is not supported in kernels)`
            : `helpers call each other in a circle (${cycle}): recursion is not supported in kernels`,
          def.helpers.get(name)!.source,
          c.span,
        );
      }
      if (!state.has(c.callee)) visit(c.callee, [...path, name]);
    }
    state.set(name, 'done');
  };
  for (const name of def.helpers.keys()) if (!state.has(name)) visit(name, []);
}

/** The helpers `ast` calls, with the call sites (calls to locals shadowing a helper excluded). */
function helperCalls(
  ast: FunctionAst,
  helpers: ReadonlyMap<string, CheckedFunction>,
): Array<{ callee: string; span: Span }> {
  const found: Array<{ callee: string; span: Span }> = [];
  const shadowed = new Set(ast.params.map((p) => p.name));
  walkAst(ast.body, {
    stmt: (s) => {
      if (s.kind === 'let') shadowed.add(s.name);
    },
    expr: (e) => {
      if (
        e.kind === 'call' &&
        e.callee.kind === 'ident' &&
        helpers.has(e.callee.name) &&
        !shadowed.has(e.callee.name)
      )
        found.push({ callee: e.callee.name, span: e.span });
    },
  });
  return found;
}
