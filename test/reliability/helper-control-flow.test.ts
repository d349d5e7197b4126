// helper-control-flow.test.ts — a `uses` helper runs where and as often as the plain
// function runs it: in a loop's test (each time it is tested), in a for loop's update, in
// the taken arm of `?:` only, and in the right operand of `&&` / `||` only where the left
// does not decide. Its inlined statements were once emitted ahead of the whole expression:
// loops whose test called a helper never ended or stopped after one step, and a helper's
// atomic or store ran in the untaken arm (probe 4, findings 1 and 4).
//
// Operands are read in JavaScript's order too: an element read before a helper that
// stores to it reads the old value, and an atomic that is both a test and a result (the
// left of a number-valued `||`) runs once.
//
// Every loop here also counts its steps against a bound, so a regression ends with a wrong
// answer rather than a launch that never returns.

import { expect, it } from 'vitest';
import { atomicAdd, f32, kernel } from '../../src/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';

function half(v: number): number {
  return v > 1 ? v / 2 : v;
}
function sq(v: number): number {
  return v * v;
}
/** 1 while a < b, with an early return. */
function lt(a: number, b: number): number {
  if (b - a > 0) return 1;
  return 0;
}
function step(t: number): number {
  return t > 4 ? t + 2 : t + 1;
}
/** How many k have k² below n: a helper whose own loop test calls a helper. */
function rootCount(n: number): number {
  let k = 0;
  while (sq(k) < n && k < 64) k++;
  return k;
}
function bump(c: Int32Array, v: number): number {
  atomicAdd(c, 0, 1);
  return v;
}
function mark(o: Int32Array, i: number): number {
  o[i] = 99;
  return 1;
}
function at(xs: Int32Array, i: number): number {
  return xs[i]!;
}
/** Counts its calls in c[1] (returns the old count: callers must not depend on it). */
function tick(c: Int32Array): number {
  return atomicAdd(c, 1, 1);
}

const N = 40;
const ints = (n: number, f: (k: number) => number) =>
  Int32Array.from({ length: n }, (_, k) => f(k));

interface Case {
  readonly name: string;
  readonly fn: (...args: any[]) => void;
  readonly uses: Record<string, (...args: never[]) => number>;
  readonly boundsCheck?: boolean;
  /** Atomics make which index sees which old value depend on the threads (see the case). */
  readonly orderFree?: boolean;
  /** Fresh arguments after the grid index. */
  readonly args: () => Int32Array[];
}

const cases: Case[] = [
  {
    name: 'do-while whose test calls a helper',
    fn: (i: number, o: Int32Array) => {
      let v = f32(i + 3);
      let steps = 0;
      do {
        v = half(v);
        steps++;
      } while (half(v) < v && steps < 100);
      o[i] = steps;
    },
    uses: { half },
    args: () => [new Int32Array(N)],
  },
  {
    name: 'for whose test calls a helper',
    fn: (i: number, o: Int32Array) => {
      let s = 0;
      for (let t = 0; sq(t) < i && t < 100; t++) s++;
      o[i] = s;
    },
    uses: { sq },
    args: () => [new Int32Array(N)],
  },
  {
    name: 'while whose test calls a helper with an early return',
    fn: (i: number, o: Int32Array) => {
      let s = 0;
      let q = 0;
      while (lt(q, i % 9) > 0 && q < 100) {
        s += q;
        q++;
      }
      o[i] = s;
    },
    uses: { lt },
    args: () => [new Int32Array(N)],
  },
  {
    name: 'for whose update calls a helper, with continue',
    fn: (i: number, o: Int32Array) => {
      let s = 0;
      let guard = 0;
      for (let t = i % 3; t < 12 && guard < 100; t = step(t)) {
        guard++;
        if (t % 3 === 1) continue;
        s += t;
      }
      o[i] = s * 100 + guard;
    },
    uses: { step },
    args: () => [new Int32Array(N)],
  },
  {
    name: 'continue in a for whose test calls a helper still runs the update',
    fn: (i: number, o: Int32Array) => {
      let s = 0;
      let guard = 0;
      for (let t = 0; sq(t) < i + 5 && guard < 100; t++) {
        guard++;
        if (t % 2 === 0) continue;
        s += t;
      }
      o[i] = s * 100 + guard;
    },
    uses: { sq },
    args: () => [new Int32Array(N)],
  },
  {
    name: 'continue in a do-while whose test calls a helper reaches the test',
    fn: (i: number, o: Int32Array) => {
      let s = 0;
      let k = 0;
      do {
        k++;
        if (k % 2 === 1) continue;
        s += k;
      } while (sq(k) < i + 3 && k < 100);
      o[i] = s * 100 + k;
    },
    uses: { sq },
    args: () => [new Int32Array(N)],
  },
  {
    name: 'labelled continue to an outer loop whose test calls a helper',
    fn: (i: number, o: Int32Array) => {
      let s = 0;
      let guard = 0;
      outer: for (let a = 0; sq(a) < i && guard < 100; a++) {
        guard++;
        for (let b = 0; b < 5; b++) {
          if (b > a) continue outer;
          s += b + 1;
        }
      }
      o[i] = s * 100 + guard;
    },
    uses: { sq },
    args: () => [new Int32Array(N)],
  },
  {
    name: 'labelled continue to an outer do-while whose test calls a helper',
    fn: (i: number, o: Int32Array) => {
      let s = 0;
      let a = 0;
      outer: do {
        a++;
        for (let b = 0; b < 5; b++) {
          if (b >= a % 4) continue outer;
          s += b + 1;
        }
      } while (sq(a) < i && a < 100);
      o[i] = s * 100 + a;
    },
    uses: { sq },
    args: () => [new Int32Array(N)],
  },
  {
    name: 'a helper whose loop test calls a helper, called in a loop test',
    fn: (i: number, o: Int32Array) => {
      let n = 0;
      while (rootCount(n) < 1 + (i % 5) && n < 100) n++;
      o[i] = n;
    },
    uses: { rootCount, sq },
    args: () => [new Int32Array(N)],
  },
  {
    name: 'a helper in an if inside a loop, and in a ?: in the loop test',
    fn: (i: number, o: Int32Array) => {
      let s = 0;
      let t = 0;
      while ((t < 3 ? sq(t) : t * 4) < i && t < 100) {
        if (lt(t, 4) > 0) s += 10;
        t++;
      }
      o[i] = s + t;
    },
    uses: { sq, lt },
    args: () => [new Int32Array(N)],
  },
  {
    name: 'a helper with an atomic in the then arm of ?: runs only where taken',
    fn: (i: number, xs: Int32Array, c: Int32Array, o: Int32Array) => {
      o[i] = xs[i]! > 0 ? bump(c, 1) : 2;
    },
    uses: { bump },
    args: () => [ints(N, (k) => (k % 4 === 0 ? 1 : -1)), new Int32Array(2), new Int32Array(N)],
  },
  {
    name: 'a helper with an atomic in the else arm of ?:',
    fn: (i: number, xs: Int32Array, c: Int32Array, o: Int32Array) => {
      o[i] = xs[i]! > 0 ? 2 : bump(c, 3) + tick(c) * 0;
    },
    uses: { bump, tick },
    args: () => [ints(N, (k) => (k % 3 === 0 ? 1 : -1)), new Int32Array(2), new Int32Array(N)],
  },
  {
    name: 'a helper with an atomic on the right of && in an if',
    fn: (i: number, xs: Int32Array, c: Int32Array, o: Int32Array) => {
      if (xs[i]! > 0 && bump(c, xs[i]!) > 1) o[i] = 1;
    },
    uses: { bump },
    args: () => [ints(N, (k) => (k % 5) - 1), new Int32Array(2), new Int32Array(N)],
  },
  {
    name: 'a helper that stores, on the right of || (the left read first)',
    fn: (i: number, xs: Int32Array, o: Int32Array) => {
      const t = xs[i]! > 0 || mark(xs, i) > 0;
      if (t) o[i] = xs[i]! + 1;
    },
    uses: { mark },
    args: () => [ints(N, (k) => (k % 4 === 0 ? 1 : -1)), new Int32Array(N)],
  },
  {
    name: 'number-valued && and || with a helper on the right',
    fn: (i: number, xs: Int32Array, c: Int32Array, o: Int32Array) => {
      o[i] = (xs[i]! && bump(c, 7)) + 10 * (xs[i]! || bump(c, 5));
    },
    uses: { bump },
    args: () => [ints(N, (k) => (k % 3) - 1), new Int32Array(2), new Int32Array(N)],
  },
  {
    name: 'nested ?: and && with helpers, in a loop',
    fn: (i: number, xs: Int32Array, c: Int32Array, o: Int32Array) => {
      let s = 0;
      for (let k = 0; k < 4; k++) {
        s += xs[(i + k) % xs.length]! > 0 ? (k > 1 && bump(c, 1) > 0 ? 3 : 5) : tick(c) * 0 + 2;
      }
      o[i] = s;
    },
    uses: { bump, tick },
    args: () => [ints(N, (k) => (k % 3 === 0 ? 1 : -1)), new Int32Array(2), new Int32Array(N)],
  },
  {
    name: 'boundsCheck: a helper that loads, in the arm a guard does not take',
    fn: (i: number, xs: Int32Array, o: Int32Array) => {
      o[i] = i < xs.length ? at(xs, i) : -1;
      o[i] += i >= xs.length || at(xs, i) > 0 ? 10 : 0;
    },
    uses: { at },
    boundsCheck: true,
    args: () => [ints(N - 8, (k) => k - 3), new Int32Array(N)],
  },
  {
    name: 'an element read before a helper that stores to it reads the old value',
    fn: (i: number, o: Int32Array, m: Int32Array) => {
      m[i] = o[i]! + mark(o, i);
    },
    uses: { mark },
    args: () => [ints(N, (k) => k), new Int32Array(N)],
  },
  {
    name: 'x[i] += helper that stores to x[i]: the old element is read first',
    fn: (i: number, o: Int32Array) => {
      o[i]! += mark(o, i);
    },
    uses: { mark },
    args: () => [ints(N, (k) => 3 * k)],
  },
  {
    name: 'Math.max of an element and a helper that stores to it',
    fn: (i: number, o: Int32Array, m: Int32Array) => {
      m[i] = Math.max(o[i]!, mark(o, i)) + Math.min(mark(m, i), o[i]!);
    },
    uses: { mark },
    args: () => [ints(N, (k) => k - 5), new Int32Array(N)],
  },
  {
    name: 'a store whose index is read before the value, a helper, changes it',
    fn: (i: number, idx: Int32Array, o: Int32Array) => {
      o[idx[i]!] = mark(idx, i) + idx[i]!;
    },
    uses: { mark },
    args: () => [ints(N, (k) => (k * 7) % N), new Int32Array(100)],
  },
  {
    name: 'x[helper(i)] += v runs the helper once',
    fn: (i: number, c: Int32Array, o: Int32Array) => {
      o[bump(c, i)]! += 2;
    },
    uses: { bump },
    args: () => [new Int32Array(2), ints(N, (k) => k)],
  },
  {
    name: 'an atomic on the left of a number-valued || runs once',
    fn: (i: number, c: Int32Array, o: Int32Array) => {
      o[i] = Math.min(atomicAdd(c, 0, 1) || 5, 1) + (atomicAdd(c, 1, 2) && 1);
    },
    uses: {},
    args: () => [new Int32Array(2), new Int32Array(N)],
    // Which index's atomic comes first depends on the threads: the counters must match
    // exactly, the outputs as a multiset (one index saw 0).
    orderFree: true,
  },
];

describeEachBackend('helpers in conditions and loop tests', (backend) => {
  for (const c of cases) {
    it(c.name, async () => {
      const want = c.args();
      for (let i = 0; i < N; i++) c.fn(i, ...want);
      const got = c.args();
      const k = kernel(c.fn, { backend, uses: c.uses, boundsCheck: c.boundsCheck ?? false });
      await k.launch(N, ...got);
      const values = (a: ArrayLike<number>, j: number) =>
        c.orderFree && j > 0 ? Array.from(a).sort((x, y) => x - y) : Array.from(a);
      got.forEach((a, j) => expect(values(a, j), `argument ${j}`).toEqual(values(want[j]!, j)));
    });
  }
});
