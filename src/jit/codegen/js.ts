// js.ts — pure codegen: IR → JavaScript source for the js and workers backends.
//
// The output obeys jsAbi.ts. Typed semantics are spelled out with JS idioms V8 compiles
// well: i32 arithmetic as `(a + b) | 0` and `Math.imul`, u32 as `>>> 0`, f32 as
// `Math.fround`. `float` (the native float) is f64 here. Atomics use `Atomics.*` (so the
// same code is correct on shared memory across worker threads); float atomics are
// compare-exchange loops on the bit pattern.

import { InternalError, OUT_OF_RANGE_SOURCE } from '../diagnostics.js';
import { isViewBuffer } from '../sites.js';
import type { ArrayRef, Expr, IrKernel, Stmt, Ty } from '../ir/ir.js';
import { RANDOM_SEED_XOR } from '../ops/intrinsics.js';
import { MATH_OPS } from '../ops/math.js';

export interface JsCodegenOptions {
  /** Describes an access site for bounds-check messages ("parameter 'x' at file.ts:12"). */
  readonly describeSite?: (span: { start: number; end: number }, param: string) => string;
  /** A one-line description of the signature for the header comment. */
  readonly signature?: string;
}

/** Generates the module source for `ir`. */
export function generateJs(ir: IrKernel, options: JsCodegenOptions = {}): { source: string } {
  return { source: new JsGen(ir, options).module() };
}

class JsGen {
  private readonly hoisted = new Map<string, string>();
  private readonly sites: string[] = [];
  private readonly continueTargets = new Set<string>();
  private readonly helpers = new Set<string>();
  private readonly intViews = new Set<number>();

  constructor(
    private readonly ir: IrKernel,
    private readonly options: JsCodegenOptions,
  ) {}

  module(): string {
    const ir = this.ir;
    collectContinues(ir.body, this.continueTargets);
    if (ir.reduce?.kind === 'custom') this.helpers.add('combineLanes');
    const body = this.stmts(ir.body, '      ');
    const gridLoop = ir.reduce ? this.reduceLoop(body) : this.gridLoop(body);
    const lines: string[] = [];
    lines.push(
      `// numbat: kernel ${ir.name}${this.options.signature ? ` ${this.options.signature}` : ''}, generated JavaScript`,
    );
    lines.push('(() => {');
    for (const h of this.helpers) lines.push(HELPERS[h]!);
    if (this.sites.length) lines.push(`  const $sites = ${JSON.stringify(this.sites)};`);
    if (ir.reduce?.kind === 'custom') lines.push(this.combiner());
    lines.push('  function run($bufs, $scalars, $begin, $end) {');
    ir.buffers.forEach((b, k) =>
      lines.push(
        `    const $b${k} = $bufs[${k}]; // ${b.name}: ${b.dtype}[]${b.written ? ' (written)' : ''}`,
      ),
    );
    for (const k of this.intViews) {
      const dt = ir.buffers[k]!.dtype;
      lines.push(
        `    const $b${k}_bits = new ${dt === 'f64' ? 'BigInt64Array' : 'Int32Array'}($b${k}.buffer, $b${k}.byteOffset, $b${k}.length);`,
      );
    }
    ir.scalars.forEach((s, k) =>
      lines.push(`    const $s${k} = $scalars[${k}]; // ${s.name}: ${s.type}`),
    );
    for (const [name, init] of this.hoisted) lines.push(`    const ${name} = ${init};`);
    ir.localArrays.forEach((a, k) =>
      lines.push(`    const $l${k} = new ${arrayCtor(a.dtype)}(${a.length}); // ${a.name}`),
    );
    lines.push(gridLoop);
    if (!ir.reduce) lines.push('    return undefined;');
    lines.push('  }');
    const exports = ['run'];
    if (ir.reduce) {
      if (ir.reduce.kind === 'custom') exports.push('combine');
      else
        exports.push(`combine: ${COMBINE[ir.reduce.kind]}`, `identity: ${identityOf(ir.reduce)}`);
    }
    lines.push(`  return { ${exports.join(', ')} };`);
    lines.push('})()');
    return lines.join('\n');
  }

  private gridLoop(body: string): string {
    const ir = this.ir;
    const names = ir.indexNames;
    const grid = (axis: number) =>
      `$s${ir.scalars.findIndex((s) => s.source.kind === 'grid' && s.source.axis === axis)}`;
    const reset = ir.localArrays.length
      ? ir.localArrays.map((_, k) => `      $l${k}.fill(0);\n`).join('')
      : '';
    const inner = (v: string, from: string, to: string) =>
      `    $grid: for (let ${v} = ${from}; ${v} < ${to}; ${v}++) {\n${reset}${body}    }\n`;
    if (names.length === 1) return inner(names[0]!, '$begin', '$end').replace(/\n$/, '');
    const last = names[names.length - 1]!;
    const lines: string[] = [];
    lines.push('    let $f = $begin;');
    lines.push('    while ($f < $end) {');
    if (names.length === 2) {
      lines.push(`      const ${names[0]} = Math.floor($f / ${grid(1)});`);
      lines.push(`      const $c0 = $f - ${names[0]} * ${grid(1)};`);
    } else {
      lines.push(`      const $plane = ${grid(1)} * ${grid(2)};`);
      lines.push(`      const ${names[0]} = Math.floor($f / $plane);`);
      lines.push(`      const $rest = $f - ${names[0]} * $plane;`);
      lines.push(`      const ${names[1]} = Math.floor($rest / ${grid(2)});`);
      lines.push(`      const $c0 = $rest - ${names[1]} * ${grid(2)};`);
    }
    const width = grid(names.length - 1);
    lines.push(`      const $cEnd = Math.min(${width}, $c0 + ($end - $f));`);
    lines.push(inner(last, '$c0', '$cEnd').replace(/^/gm, '  ').replace(/\n$/, ''));
    lines.push('      $f += $cEnd - $c0;');
    lines.push('    }');
    return lines.join('\n');
  }

  /**
   * A reduction over [$begin, $end), one chunk of reduceOrder.ts: the body becomes the
   * function `$value` (every path of a reduce body returns), and index f folds into lane
   * accumulator $a(f & 3). Four consecutive indices are unrolled so each lane stays in a
   * register (an array of lanes indexed by f & 3 ran 2.5× slower in V8); a row that starts
   * off a multiple of four peels indices until it is aligned.
   */
  private reduceLoop(body: string): string {
    const ir = this.ir;
    const r = ir.reduce!;
    const names = ir.indexNames;
    const outer = names.slice(0, -1);
    const reset = ir.localArrays.map((_, k) => `      $l${k}.fill(0);\n`).join('');
    const lines: string[] = [];
    lines.push(`    function $value(${names.join(', ')}) {`);
    lines.push(`${reset}${body}    }`);
    if (r.kind === 'custom')
      lines.push(
        '    let $a0 = 0, $a1 = 0, $a2 = 0, $a3 = 0, $h0 = false, $h1 = false, $h2 = false, $h3 = false;',
      );
    else lines.push(`    let $a0 = ${identityOf(r)}, $a1 = $a0, $a2 = $a0, $a3 = $a0;`);
    const fold = (k: number, value: string): string =>
      r.kind === 'custom'
        ? `{ const $x = ${value}; if ($h${k}) $a${k} = combine($a${k}, $x); else { $a${k} = $x; $h${k} = true; } }`
        : `$a${k} = ${COMBINE_INFIX[r.kind](`$a${k}`, value)};`;
    const call = (j: string): string => `$value(${[...outer, j].join(', ')})`;
    const lane = (fb: string | null): string => (fb ? `(${fb} + $j) & 3` : '$j & 3');
    const anyLane = (fb: string | null, ind: string): string =>
      `${ind}switch (${lane(fb)}) { case 0: ${fold(0, call('$j'))} break; case 1: ${fold(1, call('$j'))} break; case 2: ${fold(2, call('$j'))} break; default: ${fold(3, call('$j'))} }\n`;
    // `fb` null: a 1-D chunk, which starts at a multiple of four (no peeling).
    const segment = (from: string, to: string, fb: string | null, ind: string): string =>
      `${ind}let $j = ${from};\n` +
      (fb
        ? `${ind}for (; $j < ${to} && (${lane(fb)}) !== 0; $j++) {\n${anyLane(fb, ind + '  ')}${ind}}\n`
        : '') +
      `${ind}for (; $j + 3 < ${to}; $j += 4) {\n` +
      [0, 1, 2, 3].map((k) => `${ind}  ${fold(k, call(k ? `$j + ${k}` : '$j'))}\n`).join('') +
      `${ind}}\n` +
      `${ind}for (; $j < ${to}; $j++) {\n${anyLane(fb, ind + '  ')}${ind}}\n`;
    if (names.length === 1) {
      lines.push(segment('$begin', '$end', null, '    ').replace(/\n$/, ''));
    } else {
      lines.push(this.rowWalk((ind) => segment('$c0', '$cEnd', '$fb', ind)));
    }
    if (r.kind === 'custom') {
      lines.push('    return $combineLanes([$a0, $a1, $a2, $a3], [$h0, $h1, $h2, $h3]);');
    } else {
      const c = COMBINE_INFIX[r.kind];
      lines.push(`    return ${c(c('$a0', '$a1'), c('$a2', '$a3'))};`);
    }
    return lines.join('\n');
  }

  /**
   * The walk over the rows of a 2-D or 3-D grid's flat range [$begin, $end): per row, the
   * outer indices, the innermost range [$c0, $cEnd) and $fb, the flat index of innermost
   * index 0; `segment` emits the code for one row's range at the given indentation.
   */
  private rowWalk(segment: (ind: string) => string): string {
    const ir = this.ir;
    const names = ir.indexNames;
    const grid = (axis: number) =>
      `$s${ir.scalars.findIndex((s) => s.source.kind === 'grid' && s.source.axis === axis)}`;
    const lines: string[] = [];
    lines.push('    let $f = $begin;');
    lines.push('    while ($f < $end) {');
    if (names.length === 2) {
      lines.push(`      const ${names[0]} = Math.floor($f / ${grid(1)});`);
      lines.push(`      const $c0 = $f - ${names[0]} * ${grid(1)};`);
    } else {
      lines.push(`      const $plane = ${grid(1)} * ${grid(2)};`);
      lines.push(`      const ${names[0]} = Math.floor($f / $plane);`);
      lines.push(`      const $rest = $f - ${names[0]} * $plane;`);
      lines.push(`      const ${names[1]} = Math.floor($rest / ${grid(2)});`);
      lines.push(`      const $c0 = $rest - ${names[1]} * ${grid(2)};`);
    }
    lines.push(`      const $cEnd = Math.min(${grid(names.length - 1)}, $c0 + ($end - $f));`);
    lines.push('      const $fb = $f - $c0;');
    lines.push(segment('      ').replace(/\n$/, ''));
    lines.push('      $f += $cEnd - $c0;');
    lines.push('    }');
    return lines.join('\n');
  }

  private combiner(): string {
    const r = this.ir.reduce;
    if (r?.kind !== 'custom') return '';
    const body = this.stmts(r.body, '    ');
    return `  function combine(${r.a}, ${r.b}) {\n${body}    return ${r.result};\n  }`;
  }

  private stmts(list: readonly Stmt[], ind: string): string {
    return list.map((s) => this.stmt(s, ind)).join('');
  }

  private stmt(s: Stmt, ind: string): string {
    switch (s.k) {
      case 'let':
        return `${ind}let ${s.name} = ${this.expr(s.init)};\n`;
      case 'assign':
        return `${ind}${s.name} = ${this.expr(s.value)};\n`;
      case 'store':
        return `${ind}${this.element(s.arr, s.index, s.span)} = ${this.expr(s.value)};\n`;
      case 'expr':
        return `${ind}${this.expr(s.e)};\n`;
      case 'if': {
        let out = `${ind}if (${this.expr(s.cond)}) {\n${this.stmts(s.then, ind + '  ')}${ind}}`;
        if (s.else.length) out += ` else {\n${this.stmts(s.else, ind + '  ')}${ind}}`;
        return out + '\n';
      }
      case 'loop': {
        const hasContinue = this.continueTargets.has(s.label);
        const inner = ind + '  ';
        let body = this.stmts(s.body, hasContinue ? inner + '  ' : inner);
        if (hasContinue) body = `${inner}${s.label}_body: {\n${body}${inner}}\n`;
        body += this.stmts(s.update, inner);
        if (s.postCond) {
          if (s.cond) body = `${inner}if (!${paren(this.expr(s.cond))}) break;\n` + body;
          return `${ind}${s.label}: do {\n${body}${ind}} while (${this.expr(s.postCond)});\n`;
        }
        return `${ind}${s.label}: while (${s.cond ? this.expr(s.cond) : 'true'}) {\n${body}${ind}}\n`;
      }
      case 'block':
        return `${ind}${s.label}: {\n${this.stmts(s.body, ind + '  ')}${ind}}\n`;
      case 'break':
        return `${ind}break ${s.label};\n`;
      case 'continue':
        return `${ind}break ${s.label}_body;\n`;
      case 'return': {
        if (!s.value) return `${ind}continue $grid;\n`;
        const r = this.ir.reduce;
        if (!r) throw new InternalError('return with a value in a kernel without reduce');
        // In a reduce kernel the body is the function $value (see reduceLoop).
        return `${ind}return ${this.expr(s.value)};\n`;
      }
      case 'barrier':
        throw new InternalError(
          'a barrier reached the JS codegen (workgroup kernels are not compiled for the CPU yet)',
        );
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  private element(arr: ArrayRef, index: Expr, span: { start: number; end: number }): string {
    const name = arr.kind === 'buffer' ? `$b${arr.index}` : `$l${arr.index}`;
    const ix = this.expr(index);
    if (!this.ir.boundsCheck) return `${name}[${ix}]`;
    this.helpers.add('checkIndex');
    const param =
      arr.kind === 'buffer'
        ? this.ir.buffers[arr.index]!.name
        : this.ir.localArrays[arr.index]!.name;
    const site =
      this.sites.push(this.options.describeSite?.(span, param) ?? `parameter '${param}'`) - 1;
    const view = arr.kind === 'buffer' && isViewBuffer(this.ir, arr.index);
    return `${name}[$checkIndex(${ix}, ${name}.length, ${site}${view ? ', true' : ''})]`;
  }

  expr(e: Expr): string {
    switch (e.k) {
      case 'const':
        return literal(e.v, e.t);
      case 'scalar':
        return `$s${e.index}`;
      case 'local':
        return e.name;
      case 'bin':
        return this.binary(e);
      case 'un': {
        const a = this.expr(e.a);
        if (e.op === '!') return `!${paren(a)}`;
        if (e.op === '~') return `~${paren(a)}`;
        if (e.op === 'f32bits' || e.op === 'f32frombits') {
          this.helpers.add('bitcast');
          return `$${e.op}(${a})`;
        }
        if (e.t === 'i32') return `(-${paren(a)} | 0)`;
        if (e.t === 'u32') return `(-${paren(a)} >>> 0)`;
        return `(-${paren(a)})`;
      }
      case 'cast': {
        if (e.a.k === 'scalar')
          return this.hoist(`$s${e.a.index}_${e.t}`, this.cast(`$s${e.a.index}`, e.a.t, e.t));
        return this.cast(this.expr(e.a), e.a.t, e.t);
      }
      case 'select':
        return `(${this.expr(e.c)} ? ${this.expr(e.a)} : ${this.expr(e.b)})`;
      case 'math':
        return this.math(e);
      case 'load':
        return this.element(e.arr, e.index, e.span);
      case 'atomic':
        return this.atomic(e);
      case 'random':
        this.helpers.add('random');
        return `$random(${this.expr(e.seed)}, ${this.expr(e.counter)})`;
      case 'geom':
        throw new InternalError(`${e.of}() reached the JS generator: split the workgroups first`);
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private hoist(name: string, init: string): string {
    this.hoisted.set(name, init);
    return name;
  }

  private cast(a: string, from: Ty, to: Ty): string {
    if (from === to) return a;
    if (from === 'bool') return `(${a} ? 1 : 0)`;
    switch (to) {
      case 'i32':
        return `(${a} | 0)`;
      case 'u32':
        return `(${a} >>> 0)`;
      case 'f32':
        return `Math.fround(${a})`;
      case 'f64':
      case 'float':
        return a;
      case 'bool':
        return `(${a} !== 0)`;
      default: {
        const never: never = to;
        return never;
      }
    }
  }

  private binary(e: Expr & { k: 'bin' }): string {
    const a = this.expr(e.a);
    const b = this.expr(e.b);
    const op = e.op;
    switch (op) {
      case '==':
        return `(${a} === ${b})`;
      case '!=':
        return `(${a} !== ${b})`;
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '&&':
      case '||':
        return `(${a} ${op} ${b})`;
      case '&':
      case '|':
      case '^':
      case '<<':
      case '>>':
      case '>>>':
        return `(${a} ${op} ${b})`;
      case '**':
        return this.round(`Math.pow(${a}, ${b})`, e.t);
      case '*':
        if (e.t === 'i32') return `Math.imul(${a}, ${b})`;
        if (e.t === 'u32') return `(Math.imul(${a}, ${b}) >>> 0)`;
        return this.round(`${a} * ${b}`, e.t, true);
      case '+':
      case '-':
      case '/':
      case '%':
        return this.round(`${a} ${op} ${b}`, e.t, true);
      default: {
        const never: never = op;
        return never;
      }
    }
  }

  /** Rounds an arithmetic result to its type. */
  private round(code: string, t: Ty, infix = false): string {
    switch (t) {
      case 'i32':
        return `(${code} | 0)`;
      case 'u32':
        return `(${code} >>> 0)`;
      case 'f32':
        return `Math.fround(${code})`;
      default:
        return infix ? `(${code})` : code;
    }
  }

  private math(e: Expr & { k: 'math' }): string {
    const args = e.args.map((a) => this.expr(a));
    const call = `Math.${e.fn}(${args.join(', ')})`;
    if (e.t === 'f32' && !MATH_OPS[e.fn].f32Exact) return `Math.fround(${call})`;
    if (e.t === 'i32' && e.fn === 'abs') return `(${call} | 0)`;
    return call;
  }

  private atomic(e: Expr & { k: 'atomic' }): string {
    if (e.arr.kind === 'local') {
      // A local array belongs to one thread (a workgroup's shared array, once phase-split):
      // a plain read-modify-write. Out of range it neither reads nor writes.
      this.helpers.add('atomicLocal');
      return `$atomicLocal($l${e.arr.index}, ${this.expr(e.index)}, ${this.expr(e.value)}, ${ATOMIC_CODES[e.op]})`;
    }
    const name = `$b${e.arr.index}`;
    const ix = this.ir.boundsCheck
      ? `$checkIndex(${this.expr(e.index)}, ${name}.length, ${this.sites.push(this.options.describeSite?.(e.span, this.ir.buffers[e.arr.index]!.name) ?? 'atomic') - 1})`
      : this.expr(e.index);
    if (this.ir.boundsCheck) this.helpers.add('checkIndex');
    const v = this.expr(e.value);
    const dt = this.ir.buffers[e.arr.index]!.dtype;
    // Out of range an atomic neither reads nor writes (README, Out-of-range access), as
    // the plain function's a[i] = … does; Atomics.* would throw instead.
    if ((dt === 'i32' || dt === 'u32') && (e.op === 'add' || e.op === 'sub')) {
      this.helpers.add('atomicAddSubInt');
      return `$atomicAddSubInt(${name}, ${ix}, ${v}, ${e.op === 'sub'})`;
    }
    if (dt === 'i32' || dt === 'u32') {
      this.helpers.add('atomicMinMaxInt');
      return `$atomicMinMaxInt(${name}, ${ix}, ${v}, ${e.op === 'min'})`;
    }
    this.intViews.add(e.arr.index);
    const helper = dt === 'f64' ? 'atomicF64' : 'atomicF32';
    this.helpers.add(helper);
    return `$${helper}(${name}_bits, ${ix}, ${v}, ${ATOMIC_CODES[e.op]})`;
  }
}

const ATOMIC_CODES = { add: 0, sub: 1, min: 2, max: 3 } as const;

/** Where the lanes start (reduceOrder.ts: a sum from −0, the identity of IEEE addition). */
const IDENTITY = { sum: '-0', prod: '1', min: 'Infinity', max: '-Infinity' } as const;

/**
 * The identity of a built-in reduction. An integer sum starts from +0, the same value for
 * it (its values are never −0), which V8 keeps a small integer.
 */
function identityOf(r: { kind: keyof typeof IDENTITY; t: Ty }): string {
  return r.kind === 'sum' && (r.t === 'i32' || r.t === 'u32' || r.t === 'bool')
    ? '0'
    : IDENTITY[r.kind];
}
/** A built-in combiner applied to two JS expressions. */
const COMBINE_INFIX: Record<'sum' | 'prod' | 'min' | 'max', (a: string, b: string) => string> = {
  sum: (a, b) => `(${a} + ${b})`,
  prod: (a, b) => `(${a} * ${b})`,
  min: (a, b) => `Math.min(${a}, ${b})`,
  max: (a, b) => `Math.max(${a}, ${b})`,
};
const COMBINE = {
  sum: '(a, b) => a + b',
  prod: '(a, b) => a * b',
  min: '(a, b) => Math.min(a, b)',
  max: '(a, b) => Math.max(a, b)',
} as const;

/** Runtime helpers, emitted only when the kernel needs them. */
const HELPERS: Record<string, string> = {
  combineLanes: `  function $combineLanes(lanes, has) {
    const pair = (a, b) => (has[a] ? (has[b] ? combine(lanes[a], lanes[b]) : lanes[a]) : has[b] ? lanes[b] : undefined);
    const low = pair(0, 1), high = pair(2, 3);
    return low === undefined ? high : high === undefined ? low : combine(low, high);
  }`,
  bitcast: `  const $bitsF32 = new Float32Array(1), $bitsU32 = new Uint32Array($bitsF32.buffer);
  function $f32bits(x) { $bitsF32[0] = x; return $bitsU32[0]; }
  function $f32frombits(u) { $bitsU32[0] = u; return $bitsF32[0]; }`,
  checkIndex: `  ${OUT_OF_RANGE_SOURCE}
  function $checkIndex(i, n, site, view) {
    if (i >= 0 && i < n) return i;
    throw new RangeError($outOfRange(i, n, $sites[site], view));
  }`,
  random: `  function $mix32(x) {
    x ^= x >>> 16; x = Math.imul(x, 0x7feb352d); x ^= x >>> 15; x = Math.imul(x, 0x846ca68b); x ^= x >>> 16;
    return x >>> 0;
  }
  function $random(seed, counter) {
    return ($mix32(($mix32(seed ^ ${RANDOM_SEED_XOR}) + counter) | 0) >>> 8) * 5.9604644775390625e-8;
  }`,
  atomicLocal: `  function $atomicLocal(a, i, v, op) {
    const old = a[i];
    if (old === undefined) return a instanceof Float32Array || a instanceof Float64Array ? NaN : 0;
    a[i] = op === 0 ? old + v : op === 1 ? old - v : op === 2 ? Math.min(old, v) : Math.max(old, v);
    return old;
  }`,
  atomicAddSubInt: `  function $atomicAddSubInt(a, i, v, isSub) {
    if (!(i >>> 0 < a.length)) return 0;
    return isSub ? Atomics.sub(a, i, v) : Atomics.add(a, i, v);
  }`,
  atomicMinMaxInt: `  function $atomicMinMaxInt(a, i, v, isMin) {
    if (!(i >>> 0 < a.length)) return 0;
    for (;;) {
      const old = Atomics.load(a, i);
      const next = isMin ? Math.min(old, v) : Math.max(old, v);
      if (next === old || Atomics.compareExchange(a, i, old, next) === old) return old;
    }
  }`,
  atomicF32: `  const $atomicF32Cell = new Float32Array(1), $atomicF32Bits = new Int32Array($atomicF32Cell.buffer);
  function $atomicF32(bits, i, v, op) {
    if (!(i >>> 0 < bits.length)) return NaN;
    for (;;) {
      const oldBits = Atomics.load(bits, i);
      $atomicF32Bits[0] = oldBits;
      const old = $atomicF32Cell[0];
      $atomicF32Cell[0] = op === 0 ? old + v : op === 1 ? old - v : op === 2 ? Math.min(old, v) : Math.max(old, v);
      if (Atomics.compareExchange(bits, i, oldBits, $atomicF32Bits[0]) === oldBits) return old;
    }
  }`,
  atomicF64: `  const $atomicF64Cell = new Float64Array(1), $atomicF64Bits = new BigInt64Array($atomicF64Cell.buffer);
  function $atomicF64(bits, i, v, op) {
    if (!(i >>> 0 < bits.length)) return NaN;
    for (;;) {
      const oldBits = Atomics.load(bits, i);
      $atomicF64Bits[0] = oldBits;
      const old = $atomicF64Cell[0];
      $atomicF64Cell[0] = op === 0 ? old + v : op === 1 ? old - v : op === 2 ? Math.min(old, v) : Math.max(old, v);
      if (Atomics.compareExchange(bits, i, oldBits, $atomicF64Bits[0]) === oldBits) return old;
    }
  }`,
};

function collectContinues(stmts: readonly Stmt[], out: Set<string>): void {
  for (const s of stmts) {
    if (s.k === 'continue') out.add(s.label);
    else if (s.k === 'if') {
      collectContinues(s.then, out);
      collectContinues(s.else, out);
    } else if (s.k === 'loop') {
      collectContinues(s.body, out);
      collectContinues(s.update, out);
    } else if (s.k === 'block') collectContinues(s.body, out);
  }
}

function literal(v: number, t: Ty): string {
  if (t === 'bool') return v ? 'true' : 'false';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (Object.is(v, -0)) return '(-0)';
  return v < 0 ? `(${v})` : String(v);
}

function paren(s: string): string {
  return /^[\w$.]+$/.test(s) ? s : `(${s})`;
}

function arrayCtor(dtype: string): string {
  return (
    {
      f32: 'Float32Array',
      f64: 'Float64Array',
      i32: 'Int32Array',
      u32: 'Uint32Array',
      i16: 'Int16Array',
      u16: 'Uint16Array',
      i8: 'Int8Array',
      u8: 'Uint8Array',
    } as Record<string, string>
  )[dtype]!;
}
