// control.ts — control flow and statements: if/else chains, ?:, for, while, do…while,
// break, continue (plain and labelled), early return, booleans, logical operators with
// short-circuit guards, compound assignment, ++/--, and nested loops.

import { randF32, randF64, randI32 } from './prng.js';
import type { CorpusEntry } from './types.js';

export const control: CorpusEntry[] = [
  {
    name: 'control/if-else-chain',
    fn: (i: number, x: Float64Array, out: Float64Array) => {
      const v = x[i]!;
      if (v < -0.5) {
        out[i] = -1;
      } else if (v < 0) {
        out[i] = v * 2;
      } else if (v === 0) {
        out[i] = 0;
      } else {
        out[i] = Math.sqrt(v);
      }
    },
    grid: 500,
    makeArgs: () => [randF64(500, 101), new Float64Array(500)],
    outputs: [1],
  },
  {
    name: 'control/nested-ternary-i32',
    fn: (i: number, a: Int32Array, out: Int32Array) => {
      const v = a[i]!;
      out[i] = v > 100 ? 2 : v < -100 ? -2 : v === 0 ? 0 : v > 0 ? 1 : -1;
    },
    grid: 600,
    makeArgs: () => [randI32(600, 102, -300, 300), new Int32Array(600)],
    outputs: [1],
  },
  {
    name: 'control/for-break-first-above',
    fn: (row: number, m: Float32Array, rowLen: number, threshold: number, out: Int32Array) => {
      let found = -1;
      for (let c = 0; c < rowLen; c++) {
        if (m[row * rowLen + c]! > threshold) {
          found = c;
          break;
        }
      }
      out[row] = found;
    },
    grid: 40,
    makeArgs: () => [randF32(40 * 25, 103), 25, 0.9, new Int32Array(40)],
    outputs: [3],
  },
  {
    name: 'control/while-collatz-steps',
    fn: (i: number, out: Int32Array) => {
      let v = i + 1;
      let steps = 0;
      while (v !== 1) {
        v = v % 2 === 0 ? v / 2 : 3 * v + 1;
        steps++;
      }
      out[i] = steps;
    },
    grid: 1000,
    makeArgs: () => [new Int32Array(1000)],
    outputs: [0],
    note: 'v / 2 is float division of an even integer: exact',
  },
  {
    name: 'control/do-while-digit-sum',
    fn: (i: number, out: Int32Array) => {
      let v = i * 7919;
      let s = 0;
      do {
        s += v % 10;
        v = (v / 10) | 0;
      } while (v > 0);
      out[i] = s;
    },
    grid: 1200,
    makeArgs: () => [new Int32Array(1200)],
    outputs: [0],
  },
  {
    name: 'control/continue-skip-multiples',
    fn: (i: number, out: Int32Array) => {
      let s = 0;
      for (let j = 0; j <= i; j++) {
        if (j % 3 === 0) continue;
        s += j;
      }
      out[i] = s;
    },
    grid: 300,
    makeArgs: () => [new Int32Array(300)],
    outputs: [0],
  },
  {
    name: 'control/labelled-break-continue',
    fn: (i: number, out: Int32Array) => {
      let count = 0;
      outer: for (let a = 0; a < 20; a++) {
        for (let b = 0; b < 20; b++) {
          if (b > a) continue outer;
          if (a * b > i) break outer;
          count++;
        }
      }
      out[i] = count;
    },
    grid: 200,
    makeArgs: () => [new Int32Array(200)],
    outputs: [0],
  },
  {
    name: 'control/early-return',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      if (i >= x.length - 3) return;
      if (x[i]! < 0) {
        out[i] = -7;
        return;
      }
      out[i] = x[i]! + x[i + 3]!;
    },
    grid: 256,
    makeArgs: () => [randF32(256, 104), new Float32Array(256).fill(42)],
    outputs: [1],
  },
  {
    name: 'control/booleans-and-logic',
    fn: (i: number, a: Int32Array, out: Int32Array) => {
      const v = a[i]!;
      let flag = false;
      const even = v % 2 === 0;
      const big = v > 500 || v < -500;
      if (even && !big) flag = true;
      if (!even && big) flag = !flag;
      const both = flag === even;
      out[i] = (flag ? 1 : 0) + (both ? 10 : 0) + (big !== even ? 100 : 0);
    },
    grid: 700,
    makeArgs: () => [randI32(700, 105), new Int32Array(700)],
    outputs: [1],
  },
  {
    name: 'control/short-circuit-guards-index',
    fn: (i: number, x: Float32Array, out: Int32Array) => {
      const n = x.length;
      const leftBigger = i > 0 && x[i - 1]! > x[i]!;
      const rightBigger = i < n - 1 && x[i + 1]! > x[i]!;
      out[i] = !leftBigger && !rightBigger ? 1 : 0;
    },
    grid: 333,
    makeArgs: () => [randF32(333, 106), new Int32Array(333)],
    outputs: [1],
    note: 'x[i - 1] is only read when i > 0: short-circuit must guard the access',
  },
  {
    name: 'control/compound-assignment-int',
    fn: (i: number, out: Int32Array) => {
      let v = i + 3;
      v += 5;
      v -= 2;
      v *= 3;
      v %= 1000;
      v <<= 3;
      v >>= 1;
      v |= 0x100;
      v &= 0xfff;
      v ^= 0x55;
      let u = -v;
      u >>>= 4;
      v++;
      ++v;
      v--;
      out[i] = v + (u & 0xff);
    },
    grid: 500,
    makeArgs: () => [new Int32Array(500)],
    outputs: [0],
  },
  {
    name: 'control/compound-assignment-float',
    fn: (i: number, x: Float64Array, out: Float64Array) => {
      let v = x[i]!;
      v += 1.5;
      v *= 2;
      v -= 0.25;
      v /= 3;
      v **= 2;
      v %= 1.75;
      out[i] = v;
    },
    grid: 400,
    makeArgs: () => [randF64(400, 107, -5, 5), new Float64Array(400)],
    outputs: [1],
  },
  {
    name: 'control/triple-nested-loops',
    fn: (i: number, out: Int32Array) => {
      let s = 0;
      for (let a = 0; a < 6; a++) {
        for (let b = a; b < 6; b++) {
          for (let c = b; c < 6; c++) {
            if ((a + b + c + i) % 4 === 0) s += a * 100 + b * 10 + c;
          }
        }
      }
      out[i] = s;
    },
    grid: 97,
    makeArgs: () => [new Int32Array(97)],
    outputs: [0],
  },
  {
    name: 'control/loop-counting-down-and-stepping',
    fn: (i: number, out: Int32Array) => {
      let s = 0;
      for (let k = i; k > 0; k -= 3) s += k;
      for (let k = 1; k < 1000; k *= 2) s ^= k;
      out[i] = s;
    },
    grid: 150,
    makeArgs: () => [new Int32Array(150)],
    outputs: [0],
  },
];
