// verify.ts — checks an IrKernel's invariants after lowering. A failure is a numbat bug
// (InternalError), never the user's: the front end must have rejected bad kernels.

import { InternalError } from '../diagnostics.js';
import type { Expr, IrKernel, Stmt, Ty } from './ir.js';
import { loadType } from '../types/dtype.js';
import { printIr } from './print.js';

export function verifyIr(ir: IrKernel): void {
  const problems: string[] = [];
  const locals = new Map<string, Ty>(ir.indexNames.map((n) => [n, 'i32']));
  const labels: string[] = [];
  const fail = (msg: string) => problems.push(msg);

  const expr = (e: Expr): void => {
    switch (e.k) {
      case 'const':
        return;
      case 'scalar':
        if (!ir.scalars[e.index]) fail(`scalar s${e.index} does not exist`);
        else if (ir.scalars[e.index]!.type !== e.t)
          fail(`scalar s${e.index} used as ${e.t} but is ${ir.scalars[e.index]!.type}`);
        return;
      case 'local':
        if (!locals.has(e.name)) fail(`local ${e.name} used before declaration`);
        else if (locals.get(e.name) !== e.t)
          fail(`local ${e.name} used as ${e.t} but declared ${locals.get(e.name)}`);
        return;
      case 'bin': {
        expr(e.a);
        expr(e.b);
        const cmp = ['==', '!=', '<', '<=', '>', '>='].includes(e.op);
        const shift = ['<<', '>>', '>>>'].includes(e.op);
        if (cmp && e.a.t !== e.b.t) fail(`comparison of ${e.a.t} with ${e.b.t}`);
        if (!cmp && !shift && (e.a.t !== e.t || e.b.t !== e.t))
          fail(`${e.op}:${e.t} has operands ${e.a.t}, ${e.b.t}`);
        return;
      }
      case 'un':
        expr(e.a);
        if (e.op === 'f32bits') {
          if (e.a.t !== 'f32' || e.t !== 'u32') fail(`f32bits:${e.t} of ${e.a.t}`);
        } else if (e.op === 'f32frombits') {
          if (e.a.t !== 'u32' || e.t !== 'f32') fail(`f32frombits:${e.t} of ${e.a.t}`);
        } else if (e.op !== '!' && e.a.t !== e.t) fail(`unary ${e.op}:${e.t} of ${e.a.t}`);
        return;
      case 'cast':
        expr(e.a);
        return;
      case 'select':
        expr(e.c);
        expr(e.a);
        expr(e.b);
        if (e.c.t !== 'bool' || e.a.t !== e.t || e.b.t !== e.t) fail('select types');
        return;
      case 'math':
        e.args.forEach(expr);
        return;
      case 'load':
        expr(e.index);
        if (e.index.t !== 'i32') fail('load index is not i32');
        checkRef(e.arr, e.t);
        return;
      case 'atomic':
        expr(e.index);
        expr(e.value);
        checkRef(e.arr, e.t);
        if (e.value.t !== e.t) fail('atomic value type');
        return;
      case 'random':
        expr(e.seed);
        expr(e.counter);
        return;
      case 'geom':
        if (ir.geometry.kind !== 'workgroup') fail(`${e.of}() in a kernel without workgroups`);
        else if (e.axis < 0 || e.axis >= ir.geometry.size.length)
          fail(`${e.of}(${e.axis}): no such axis`);
        if (e.t !== 'i32') fail(`${e.of}() is not i32`);
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  };
  const checkRef = (r: Expr & { k: 'load' } extends { arr: infer A } ? A : never, t: Ty) => {
    const dtype = r.kind === 'buffer' ? ir.buffers[r.index]?.dtype : ir.localArrays[r.index]?.dtype;
    if (!dtype) fail(`array ${r.kind} ${r.index} does not exist`);
    else if (loadType(dtype) !== t) fail(`element of ${dtype} used as ${t}`);
  };
  const stmts = (list: readonly Stmt[]) => list.forEach(stmt);
  const stmt = (s: Stmt): void => {
    switch (s.k) {
      case 'let':
        expr(s.init);
        if (s.init.t !== s.t) fail(`let ${s.name}: ${s.t} initialised with ${s.init.t}`);
        locals.set(s.name, s.t);
        return;
      case 'assign':
        expr(s.value);
        if (locals.get(s.name) !== s.value.t)
          fail(`assign ${s.name} (${locals.get(s.name)}) from ${s.value.t}`);
        return;
      case 'store':
        expr(s.index);
        expr(s.value);
        checkRef(s.arr, s.value.t);
        return;
      case 'expr':
        expr(s.e);
        return;
      case 'if':
        expr(s.cond);
        stmts(s.then);
        stmts(s.else);
        return;
      case 'loop':
        if (s.cond) expr(s.cond);
        labels.push(s.label);
        stmts(s.body);
        stmts(s.update);
        if (s.postCond) expr(s.postCond);
        labels.pop();
        return;
      case 'block':
        labels.push(s.label);
        stmts(s.body);
        labels.pop();
        return;
      case 'break':
      case 'continue':
        if (!labels.includes(s.label)) fail(`${s.k} to unknown label ${s.label}`);
        return;
      case 'barrier':
        if (ir.geometry.kind !== 'workgroup') fail('barrier in a kernel without workgroups');
        return;
      case 'return':
        if (s.value) {
          expr(s.value);
          if (!ir.reduce) fail('return value without reduce');
          else if (s.value.t !== ir.reduce.t)
            fail(`return of ${s.value.t} in a ${ir.reduce.t} reduce`);
        }
        return;
      default: {
        const never: never = s;
        return never;
      }
    }
  };
  if (ir.geometry.kind === 'workgroup' && ir.geometry.size.length !== ir.indexNames.length)
    fail(`a ${ir.geometry.size.length}-D workgroup for a ${ir.indexNames.length}-D grid`);
  if (ir.geometry.kind === 'flat' && ir.localArrays.some((a) => a.scope === 'workgroup'))
    fail('workgroup memory in a kernel without workgroups');
  stmts(ir.body);
  if (ir.reduce?.kind === 'custom') {
    locals.set(ir.reduce.a, ir.reduce.t);
    locals.set(ir.reduce.b, ir.reduce.t);
    stmts(ir.reduce.body);
  }
  if (problems.length)
    throw new InternalError(
      `IR verification failed for kernel '${ir.name}':\n  ${problems.slice(0, 10).join('\n  ')}`,
      printIr(ir),
    );
}
