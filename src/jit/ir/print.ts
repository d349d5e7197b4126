// print.ts — a stable, readable text form of the IR (for NUMBAT_DEBUG=ir, inspect and
// golden tests).

import type { ArrayRef, Expr, IrKernel, Stmt } from './ir.js';

export function printIr(ir: IrKernel): string {
  const out: string[] = [];
  const bufs = ir.buffers.map(
    (b, k) => `b${k} ${b.name}: ${b.dtype}[]${b.read ? ' r' : ''}${b.written ? ' w' : ''}`,
  );
  const scalars = ir.scalars.map((s, k) => `s${k} ${s.name}: ${s.type}`);
  out.push(
    `kernel ${ir.name}(${ir.indexNames.join(', ')}) precision=${ir.precision}${ir.boundsCheck ? ' boundsCheck' : ''}${ir.fastMath ? ' fastMath' : ''}`,
  );
  if (bufs.length) out.push(`  buffers ${bufs.join(', ')}`);
  if (scalars.length) out.push(`  scalars ${scalars.join(', ')}`);
  if (ir.geometry.kind === 'workgroup') out.push(`  workgroup ${ir.geometry.size.join('×')}`);
  ir.localArrays.forEach((a, k) =>
    out.push(
      `  ${a.scope === 'workgroup' ? 'shared' : 'local'} l${k} ${a.name}: ${a.dtype}[${a.length}]`,
    ),
  );
  if (ir.reduce) {
    out.push(`  reduce ${ir.reduce.kind}: ${ir.reduce.t}`);
    if (ir.reduce.kind === 'custom') {
      out.push(`  combine(${ir.reduce.a}, ${ir.reduce.b}) -> ${ir.reduce.result}`);
      printStmts(ir.reduce.body, '    ', out);
    }
  }
  out.push('  body');
  printStmts(ir.body, '    ', out);
  return out.join('\n');
}

function printStmts(stmts: readonly Stmt[], ind: string, out: string[]): void {
  for (const s of stmts) printStmt(s, ind, out);
}

function printStmt(s: Stmt, ind: string, out: string[]): void {
  switch (s.k) {
    case 'let':
      out.push(`${ind}let ${s.name}: ${s.t} = ${expr(s.init)}`);
      return;
    case 'assign':
      out.push(`${ind}${s.name} = ${expr(s.value)}`);
      return;
    case 'store':
      out.push(`${ind}${ref(s.arr)}[${expr(s.index)}] = ${expr(s.value)}`);
      return;
    case 'expr':
      out.push(`${ind}${expr(s.e)}`);
      return;
    case 'if':
      out.push(`${ind}if ${expr(s.cond)}`);
      printStmts(s.then, ind + '  ', out);
      if (s.else.length) {
        out.push(`${ind}else`);
        printStmts(s.else, ind + '  ', out);
      }
      return;
    case 'loop':
      out.push(`${ind}loop ${s.label}${s.cond ? ` while ${expr(s.cond)}` : ''}`);
      printStmts(s.body, ind + '  ', out);
      if (s.update.length) {
        out.push(`${ind}  update`);
        printStmts(s.update, ind + '    ', out);
      }
      if (s.postCond) out.push(`${ind}  until-not ${expr(s.postCond)}`);
      return;
    case 'block':
      out.push(`${ind}block ${s.label}`);
      printStmts(s.body, ind + '  ', out);
      return;
    case 'break':
      out.push(`${ind}break ${s.label}`);
      return;
    case 'continue':
      out.push(`${ind}continue ${s.label}`);
      return;
    case 'return':
      out.push(`${ind}return${s.value ? ` ${expr(s.value)}` : ''}`);
      return;
    case 'barrier':
      out.push(`${ind}barrier`);
      return;
    default: {
      const never: never = s;
      return never;
    }
  }
}

const ref = (r: ArrayRef) => (r.kind === 'buffer' ? `b${r.index}` : `l${r.index}`);

function expr(e: Expr): string {
  switch (e.k) {
    case 'const':
      return `${Object.is(e.v, -0) ? '-0' : e.v}:${e.t}`;
    case 'scalar':
      return `s${e.index}`;
    case 'local':
      return e.name;
    case 'bin':
      return `(${expr(e.a)} ${e.op}:${e.t} ${expr(e.b)})`;
    case 'un':
      return `(${e.op}:${e.t} ${expr(e.a)})`;
    case 'cast':
      return `${e.t}(${expr(e.a)})`;
    case 'select':
      return `(${expr(e.c)} ? ${expr(e.a)} : ${expr(e.b)}):${e.t}`;
    case 'math':
      return `${e.fn}:${e.t}(${e.args.map(expr).join(', ')})`;
    case 'load':
      return `${e.uniform ? 'uniform ' : ''}${ref(e.arr)}[${expr(e.index)}]`;
    case 'atomic':
      return `atomic_${e.op}(${ref(e.arr)}[${expr(e.index)}], ${expr(e.value)})`;
    case 'random':
      return `random:${e.t}(${expr(e.seed)}, ${expr(e.counter)})`;
    case 'geom':
      return `${e.of}(${e.axis})`;
    default: {
      const never: never = e;
      return never;
    }
  }
}
