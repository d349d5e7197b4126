// phaseGuard.test.ts — the invocation range of a guarded phase (src/jit/passes/phaseGuard.ts)
// admits exactly the invocations whose condition holds: checked against the condition
// itself, invocation by invocation, over bounds at and past every edge (i32 extremes
// included), mirrored comparisons, grid-index terms, conjunctions with terms it cannot
// bound; and phaseSplit narrows the loops of the workgroup-sum example.

import { describe, expect, it } from 'vitest';
import type { Expr, Stmt } from '../../src/jit/ir/ir.js';
import { invocationRange, type GuardNames } from '../../src/jit/passes/phaseGuard.js';
import { phaseSplit } from '../../src/jit/passes/phaseSplit.js';
import { printIr } from '../../src/jit/ir/print.js';
import { defineKernel } from '../../src/runtime/definition.js';
import { specialise } from '../../src/jit/pipeline.js';
import { makeSignature } from '../../src/jit/types/signature.js';
import { describeArg } from '../../src/runtime/arguments.js';
import { barrier, groupId, localId, shared } from '../../src/index.js';

type Env = Map<string, number>;

/** A small evaluator for the expressions the guard analysis builds and reads (JS semantics). */
function evaluate(e: Expr, env: Env): number {
  switch (e.k) {
    case 'const':
      return e.v;
    case 'local':
      if (!env.has(e.name)) throw new Error(`unbound ${e.name}`);
      return env.get(e.name)!;
    case 'cast':
      return e.t === 'i32' ? evaluate(e.a, env) | 0 : evaluate(e.a, env);
    case 'select':
      return evaluate(e.c, env) ? evaluate(e.a, env) : evaluate(e.b, env);
    case 'bin': {
      const a = evaluate(e.a, env);
      const b = evaluate(e.b, env);
      const wrap = (v: number): number => (e.t === 'i32' ? v | 0 : v);
      switch (e.op) {
        case '+':
          return wrap(a + b);
        case '-':
          return wrap(a - b);
        case '*':
          return e.t === 'i32' ? Math.imul(a, b) : a * b;
        case '<':
          return Number(a < b);
        case '<=':
          return Number(a <= b);
        case '>':
          return Number(a > b);
        case '>=':
          return Number(a >= b);
        case '==':
          return Number(a === b);
        case '!=':
          return Number(a !== b);
        case '&&':
          return Number(Boolean(a) && Boolean(b));
        case '%':
          return a % b;
        default:
          throw new Error(`op ${e.op}`);
      }
    }
    default:
      throw new Error(`kind ${e.k}`);
  }
}

const i32 = (v: number): Expr => ({ k: 'const', t: 'i32', v });
const local = (name: string): Expr => ({ k: 'local', t: 'i32', name });
const cmp = (op: '<' | '<=' | '>' | '>=' | '==' | '!=', a: Expr, b: Expr): Expr => ({
  k: 'bin',
  t: 'bool',
  op,
  a,
  b,
});
const and = (a: Expr, b: Expr): Expr => ({ k: 'bin', t: 'bool', op: '&&', a, b });

function names(size0: number): GuardNames {
  let n = 0;
  return {
    local0: 'l0',
    index0: 'i',
    group0: 'g',
    size0,
    uniform: (name) => name === 's' || name === 't' || name === 'g',
    fresh: (base) => `${base}_${n++}`,
    boundsCheck: false,
  };
}

/** Checks the range against the condition for every invocation; returns how many pass. */
function agrees(cond: Expr, size0: number, env: Env): number {
  const range = invocationRange(cond, names(size0));
  expect(range).not.toBeNull();
  const scope = new Map(env);
  for (const st of range!.setup as Extract<Stmt, { k: 'let' }>[])
    scope.set(st.name, evaluate(st.init, scope));
  const lo = evaluate(range!.lo, scope);
  const hi = evaluate(range!.hi, scope);
  expect(lo).toBeGreaterThanOrEqual(0);
  expect(hi).toBeLessThanOrEqual(size0);
  let passing = 0;
  for (let l = 0; l < size0; l++) {
    const at = new Map(scope);
    at.set('l0', l);
    at.set('i', (Math.imul(env.get('g')!, size0) + l) | 0);
    const want = Boolean(evaluate(cond, at));
    const got = l >= lo && l < hi && (range!.rest === null || Boolean(evaluate(range!.rest, at)));
    if (got !== want)
      expect.fail(
        `size ${size0}, s=${env.get('s')}, t=${env.get('t')}, g=${env.get('g')}, l=${l}: range says ${got}, condition ${want}`,
      );
    if (want) passing++;
  }
  return passing;
}

const EDGES = [
  -(2 ** 31),
  -(2 ** 31) + 1,
  -7,
  -1,
  0,
  1,
  2,
  3,
  4,
  5,
  6,
  254,
  255,
  256,
  257,
  2 ** 31 - 1,
];
const OPS = ['<', '<=', '>', '>=', '=='] as const;

describe('phase guards: the invocation range is exactly where the condition holds', () => {
  for (const size0 of [1, 3, 5, 256]) {
    it(`localId(0) against a uniform bound, both ways round, workgroup ${size0}`, () => {
      for (const op of OPS) {
        for (const s of EDGES) {
          const env: Env = new Map([
            ['s', s],
            ['g', 0],
          ]);
          agrees(cmp(op, local('l0'), local('s')), size0, env);
          agrees(cmp(op, local('s'), local('l0')), size0, env);
          agrees(cmp(op, local('l0'), i32(s)), size0, env);
        }
      }
    });

    it(`the grid index against a uniform bound (offset by the group), workgroup ${size0}`, () => {
      for (const op of OPS) {
        for (const s of EDGES) {
          for (const g of [0, 1, 7, 1000]) {
            const env: Env = new Map([
              ['s', s],
              ['g', g],
            ]);
            agrees(cmp(op, local('i'), local('s')), size0, env);
            agrees(cmp(op, local('s'), local('i')), size0, env);
          }
        }
      }
    });

    it(`conjunctions, with terms the range cannot express kept, workgroup ${size0}`, () => {
      for (const s of EDGES) {
        for (const t of [-1, 0, 1, 2, 3, 4, 200, 300]) {
          const env: Env = new Map([
            ['s', s],
            ['t', t],
            ['g', 3],
          ]);
          agrees(
            and(cmp('>=', local('l0'), local('t')), cmp('<', local('l0'), local('s'))),
            size0,
            env,
          );
          agrees(
            and(cmp('<', local('i'), local('s')), cmp('>', local('t'), local('l0'))),
            size0,
            env,
          );
          // l % 2 == 0 bounds nothing: kept as the rest.
          const even = cmp(
            '==',
            { k: 'bin', t: 'i32', op: '%', a: local('l0'), b: i32(2) },
            i32(0),
          );
          agrees(and(even, cmp('<=', local('l0'), local('s'))), size0, env);
        }
      }
    });
  }

  it('bounds nothing when the other side varies or the comparison is not an ordering', () => {
    const n = names(8);
    expect(invocationRange(cmp('!=', local('l0'), local('s')), n)).toBeNull();
    expect(invocationRange(cmp('<', local('l0'), local('v')), n)).toBeNull();
    expect(invocationRange(cmp('<', local('l1'), local('s')), n)).toBeNull();
    const f64: Expr = { k: 'local', t: 'f64', name: 's' };
    expect(invocationRange(cmp('<', local('l0'), f64), n)).toBeNull();
  });

  it('keeps a bound after a term with an effect in place (the effect runs for every invocation)', () => {
    const n = names(8);
    const bump: Expr = {
      k: 'atomic',
      t: 'i32',
      op: 'add',
      arr: { kind: 'local', index: 0 },
      index: i32(0),
      value: i32(1),
      span: { start: 0, end: 0 },
    };
    const bumped = cmp('>=', bump, i32(0));
    expect(invocationRange(and(bumped, cmp('<', local('l0'), local('s'))), n)).toBeNull();
    // A bound before the effect still narrows the loop; the effect stays in the rest.
    const first = invocationRange(and(cmp('<', local('l0'), local('s')), bumped), n);
    expect(first?.rest).toBe(bumped);
    // Under boundsCheck a load may throw: a bound after it stays in place too.
    const load: Expr = {
      k: 'load',
      t: 'i32',
      arr: { kind: 'buffer', index: 0 },
      index: local('l0'),
      span: { start: 0, end: 0 },
    };
    const read = cmp('>', load, i32(0));
    const guard = and(read, cmp('<', local('l0'), local('s')));
    expect(invocationRange(guard, { ...n, boundsCheck: true })).toBeNull();
    expect(invocationRange(guard, n)?.rest).toBe(read);
  });
});

describe('phaseSplit narrows guarded phases', () => {
  it('the workgroup-sum example loops over l < s and over invocation 0 only', () => {
    const def = defineKernel(
      (i: number, x: Float32Array, out: Float32Array) => {
        const tile = shared(Float32Array, 256);
        const l = localId();
        tile[l] = i < x.length ? x[i]! : 0;
        barrier();
        for (let s = 128; s > 0; s >>= 1) {
          if (l < s) tile[l] += tile[l + s]!;
          barrier();
        }
        if (l === 0) out[groupId()] = tile[0]!;
      },
      { workgroup: 256 } as Parameters<typeof defineKernel>[1],
      undefined,
    );
    const params = def.kernel.ast.params;
    const sig = makeSignature(1, [
      describeArg(new Float32Array(4), params[1]!.name, 'k'),
      describeArg(new Float32Array(4), params[2]!.name, 'k'),
    ]);
    const text = printIr(phaseSplit(specialise(def, sig)));
    // Three phases: all invocations, then [0, s), then [0, 1); no per-invocation test left.
    expect(text.match(/loop nb_inv/g)).toHaveLength(3);
    expect(text).toMatch(
      /let nb_end: i32 = \(\(s >:bool 256:i32\) \? 256:i32 : \(\(s <:bool 0:i32\) \? 0:i32 : s\)/,
    );
    expect(text).toMatch(/let nb_end_2: i32 = 1:i32/);
    expect(text).not.toMatch(/if \(nb_local0/);
  });
});
