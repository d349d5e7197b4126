// ast.ts — the generated kernels as data: a typed expression/statement tree, the case
// that holds one kernel with its grid and arguments, and the printer that turns a case
// into the kernel's source text (the text `new Function` compiles and numbat parses).
//
// Every expression node carries its numbat value type (`ty`) and, where operands are
// converted first, the type the operation is computed in (`opTy`), so the interpreter
// (interpret.ts) evaluates exactly the typed meaning numbat gives the text.

/** The value types of the kernel language (README, "Semantics decided once"). */
export type ValTy = 'i32' | 'u32' | 'f32' | 'f64' | 'bool';

/** Array element types. */
export type DType = 'f32' | 'f64' | 'i32' | 'u32' | 'i16' | 'u16' | 'i8' | 'u8';

export type ArithOp = '+' | '-' | '*' | '/' | '%' | '**';
export type BitOp = '&' | '|' | '^' | '<<' | '>>' | '>>>';
export type CmpOp = '<' | '<=' | '>' | '>=' | '===' | '!==' | '==' | '!=';
export type BinOp = ArithOp | BitOp | CmpOp;
export type AtomicOp = 'Add' | 'Sub' | 'Min' | 'Max';

export type Expr =
  | { k: 'lit'; ty: ValTy; v: number }
  /** Math.PI, Number.EPSILON, …: a weak float constant. */
  | { k: 'named'; ty: 'f64'; name: string }
  | { k: 'var'; ty: ValTy; name: string }
  | { k: 'load'; ty: ValTy; arr: string; index: Expr }
  | { k: 'length'; ty: 'i32'; arr: string }
  | { k: 'unary'; ty: ValTy; op: '-' | '~' | '!'; a: Expr }
  | { k: 'binary'; ty: ValTy; opTy: ValTy; op: BinOp; a: Expr; b: Expr }
  | { k: 'logical'; ty: 'bool'; op: '&&' | '||'; a: Expr; b: Expr }
  /** `Math.sin`, …, the intrinsics `f32 f64 i32 u32 random`, and `isNaN`, `isFinite`. */
  | { k: 'call'; ty: ValTy; opTy: ValTy; fn: string; args: Expr[] }
  | { k: 'cond'; ty: ValTy; c: Expr; a: Expr; b: Expr }
  | { k: 'atomic'; ty: ValTy; op: AtomicOp; arr: string; index: Expr; value: Expr };

export type AssignOp =
  | '='
  | '+='
  | '-='
  | '*='
  | '/='
  | '|='
  | '&='
  | '^='
  | '<<='
  | '>>='
  | '>>>=';

export type Stmt =
  | { k: 'let'; name: string; ty: ValTy; init: Expr; isConst: boolean }
  | { k: 'localArray'; name: string; dtype: DType; length: number }
  /** `name op value`; for compound ops, `opTy` is the type `name op value` computes in. */
  | { k: 'assign'; name: string; op: AssignOp; value: Expr; opTy: ValTy }
  | { k: 'store'; arr: string; index: Expr; op: AssignOp; value: Expr; opTy: ValTy }
  | { k: 'exprStmt'; e: Expr }
  | { k: 'if'; cond: Expr; then: Stmt[]; else: Stmt[] | null }
  /** A counted loop: `counter` runs 0, 1, … while `counter < count` (re-evaluated each pass). */
  | {
      k: 'loop';
      form: 'for' | 'while' | 'doWhile';
      label: string | null;
      counter: string;
      count: Expr;
      body: Stmt[];
    }
  | { k: 'jump'; kind: 'break' | 'continue'; label: string | null }
  | { k: 'return'; value: Expr | null };

/** An array argument: inputs are read, outputs are written at the slots each index owns, atomics are shared. */
export interface ArrayParam {
  readonly kind: 'array';
  readonly name: string;
  readonly role: 'in' | 'out' | 'atomic';
  readonly dtype: DType;
  /** Inputs and atomics: a fixed length. Outputs: `slots` per grid point (length = grid size × slots). */
  readonly length: number;
  readonly slots: number;
  /** Initial contents (inputs and atomics: exactly `length` values; outputs: repeated to fit). */
  readonly values: readonly number[];
  /** For atomics: the one family of operations its slots see, so update order cannot matter. */
  readonly atomicFamily?: 'addSub' | 'min' | 'max';
}

/** A number argument: integer-valued ones are i32 in numbat, others weak floats. */
export interface ScalarParam {
  readonly kind: 'scalar';
  readonly name: string;
  readonly ty: 'i32' | 'f64';
  readonly value: number;
}

export type Param = ArrayParam | ScalarParam;

/** A custom reduce combiner: its source and how its result may vary with association order. */
export interface Combiner {
  readonly source: string;
  /** 'exact': any order gives the same value; 'sum': rounding bound of a sum in `precision`. */
  readonly kind: 'exact' | 'sum';
  readonly precision: 'f32' | 'f64';
}

export type ReduceSpec = 'sum' | 'prod' | 'min' | 'max' | Combiner;

/** One generated kernel with everything needed to run it. */
export interface Case {
  readonly seed: number;
  readonly caseNumber: number;
  /** Grid extents, outermost first (1 to 3 of them). */
  readonly grid: readonly number[];
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
  readonly reduce: ReduceSpec | null;
  /** The type every `return` of a reduce kernel has. */
  readonly returnTy: ValTy | null;
}

/** Names of the grid index parameters, per axis. */
export const INDEX_NAMES = ['i', 'j', 'k'] as const;
/** The flat grid index every kernel declares first (row-major over the grid). */
export const FLAT = 'f';

export function gridSize(grid: readonly number[]): number {
  return grid.reduce((a, b) => a * b, 1);
}

export function arrayLength(p: ArrayParam, grid: readonly number[]): number {
  return p.role === 'out' ? gridSize(grid) * p.slots : p.length;
}

// ---------------------------------------------------------------------------------------
// Printing

/** A number literal as kernel source: integers as written, floats always with '.' or 'e'. */
export function printLiteral(ty: ValTy, v: number): string {
  if (ty === 'bool') return v ? 'true' : 'false';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  const isFloat = ty === 'f32' || ty === 'f64';
  if (Object.is(v, -0)) return isFloat ? '(-0.0)' : '0';
  let text = String(v);
  if (isFloat && Number.isInteger(v) && !/[.e]/.test(text)) text += '.0';
  return v < 0 ? `(${text})` : text;
}

/** Expression source; `nested` adds parentheses where an operator binds to an operand. */
export function printExpr(e: Expr, nested = false): string {
  const wrap = (s: string) => (nested ? `(${s})` : s);
  switch (e.k) {
    case 'lit':
      return printLiteral(e.ty, e.v);
    case 'named':
      return e.name;
    case 'var':
      return e.name;
    case 'load':
      return `${e.arr}[${printExpr(e.index)}]`;
    case 'length':
      return `${e.arr}.length`;
    case 'unary':
      return e.a.k === 'unary' ? `${e.op}(${printExpr(e.a)})` : `${e.op}${printExpr(e.a, true)}`;
    case 'binary': {
      // `-a ** b` is a syntax error: a unary left operand of any operator gets parentheses.
      const left = e.a.k === 'unary' ? `(${printExpr(e.a)})` : printExpr(e.a, true);
      return wrap(`${left} ${e.op} ${printExpr(e.b, true)}`);
    }
    case 'logical':
      return wrap(`${printExpr(e.a, true)} ${e.op} ${printExpr(e.b, true)}`);
    case 'call':
      return `${e.fn}(${e.args.map((a) => printExpr(a)).join(', ')})`;
    case 'cond':
      return wrap(`${printExpr(e.c, true)} ? ${printExpr(e.a, true)} : ${printExpr(e.b, true)}`);
    case 'atomic':
      return `atomic${e.op}(${e.arr}, ${printExpr(e.index)}, ${printExpr(e.value)})`;
    default: {
      const never: never = e;
      return never;
    }
  }
}

function printStmts(stmts: readonly Stmt[], indent: string, out: string[]): void {
  for (const s of stmts) printStmt(s, indent, out);
}

function printStmt(s: Stmt, indent: string, out: string[]): void {
  const inner = `${indent}  `;
  switch (s.k) {
    case 'let':
      out.push(`${indent}${s.isConst ? 'const' : 'let'} ${s.name} = ${printExpr(s.init)};`);
      return;
    case 'localArray':
      out.push(`${indent}const ${s.name} = new ${CTOR_NAME[s.dtype]}(${s.length});`);
      return;
    case 'assign':
      out.push(`${indent}${s.name} ${s.op} ${printExpr(s.value)};`);
      return;
    case 'store':
      out.push(`${indent}${s.arr}[${printExpr(s.index)}] ${s.op} ${printExpr(s.value)};`);
      return;
    case 'exprStmt':
      out.push(`${indent}${printExpr(s.e)};`);
      return;
    case 'if': {
      out.push(`${indent}if (${printExpr(s.cond)}) {`);
      printStmts(s.then, inner, out);
      if (s.else && s.else.length > 0) {
        out.push(`${indent}} else {`);
        printStmts(s.else, inner, out);
      }
      out.push(`${indent}}`);
      return;
    }
    case 'loop': {
      const label = s.label ? `${s.label}: ` : '';
      const count = printExpr(s.count, true);
      if (s.form === 'for') {
        out.push(
          `${indent}${label}for (let ${s.counter} = 0; ${s.counter} < ${count}; ${s.counter}++) {`,
        );
        printStmts(s.body, inner, out);
        out.push(`${indent}}`);
      } else if (s.form === 'while') {
        out.push(`${indent}let ${s.counter} = 0;`);
        out.push(`${indent}${label}while (${s.counter} < ${count}) {`);
        out.push(`${inner}${s.counter}++;`);
        printStmts(s.body, inner, out);
        out.push(`${indent}}`);
      } else {
        out.push(`${indent}let ${s.counter} = 0;`);
        out.push(`${indent}${label}do {`);
        out.push(`${inner}${s.counter}++;`);
        printStmts(s.body, inner, out);
        out.push(`${indent}} while (${s.counter} < ${count});`);
      }
      return;
    }
    case 'jump':
      out.push(`${indent}${s.kind}${s.label ? ` ${s.label}` : ''};`);
      return;
    case 'return':
      out.push(`${indent}return${s.value ? ` ${printExpr(s.value)}` : ''};`);
      return;
    default: {
      const never: never = s;
      return never;
    }
  }
}

export const CTOR_NAME: Readonly<Record<DType, string>> = {
  f32: 'Float32Array',
  f64: 'Float64Array',
  i32: 'Int32Array',
  u32: 'Uint32Array',
  i16: 'Int16Array',
  u16: 'Uint16Array',
  i8: 'Int8Array',
  u8: 'Uint8Array',
};

/** `f = i * 5 + j` for the case's grid (row-major flat index). */
export function flatIndexSource(grid: readonly number[]): string {
  let text: string = INDEX_NAMES[0];
  for (let axis = 1; axis < grid.length; axis++)
    text = `${axis > 1 ? `(${text})` : text} * ${grid[axis]} + ${INDEX_NAMES[axis]}`;
  return text;
}

/** The kernel's source text: an arrow function over the grid indices and the parameters. */
export function printKernel(c: Case): string {
  const params = [...INDEX_NAMES.slice(0, c.grid.length), ...c.params.map((p) => p.name)];
  const lines = [`(${params.join(', ')}) => {`, `  const ${FLAT} = ${flatIndexSource(c.grid)};`];
  printStmts(c.body, '  ', lines);
  lines.push('}');
  return lines.join('\n');
}
