// locals.ts — fixed-size local typed arrays (`new Float32Array(8)` etc.): fresh and
// zero-filled per index and at each pass of a loop that declares one, `.length`, sorting a window, per-index scratch histograms.

import { randF32, randF64, randI32 } from './prng.js';
import type { CorpusEntry } from './types.js';

/** A helper with its own local array, inlined where it is called (`uses`). */
const sumOfFirst = (x: Float64Array, start: number): number => {
  const w = new Float64Array(3);
  for (let k = 0; k < 3 && start + k < x.length; k++) w[k] = w[k]! + x[start + k]!;
  return w[0]! + w[1]! + w[2]!;
};

export const locals: CorpusEntry[] = [
  {
    name: 'locals/declared-in-a-loop-is-fresh-each-pass',
    fn: (i: number, out: Float32Array) => {
      let total = 0;
      for (let r = 0; r < 3; r++) {
        const a = new Float32Array(4);
        const slot = (i + r) % 4;
        a[slot] = a[slot]! + r + 1;
        for (let k = 0; k < a.length; k++) total += a[k]! * (k + 1);
      }
      out[i] = total;
    },
    grid: 37,
    makeArgs: () => [new Float32Array(37)],
    outputs: [0],
    tolerance: { rel: 0, abs: 0 },
    note: 'JS gives a new zeroed array at every pass: values from the previous pass must not leak',
  },
  {
    name: 'locals/helper-local-array-in-a-loop',
    fn: (i: number, x: Float64Array, out: Float64Array) => {
      let total = 0;
      for (let r = 0; r < 4; r++) total += sumOfFirst(x, (i + r) % x.length);
      out[i] = total;
    },
    options: { uses: { sumOfFirst } },
    grid: 29,
    makeArgs: () => [randF64(29, 502), new Float64Array(29)],
    outputs: [1],
    tolerance: { rel: 1e-15, abs: 1e-15 },
  },
  {
    name: 'locals/median-of-5-window-f32',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      const w = new Float32Array(5);
      const n = x.length;
      for (let k = 0; k < 5; k++) {
        let j = i + k - 2;
        if (j < 0) j = 0;
        if (j > n - 1) j = n - 1;
        w[k] = x[j]!;
      }
      for (let a = 1; a < w.length; a++) {
        const v = w[a]!;
        let b = a - 1;
        while (b >= 0 && w[b]! > v) {
          w[b + 1] = w[b]!;
          b--;
        }
        w[b + 1] = v;
      }
      out[i] = w[2]!;
    },
    grid: 300,
    makeArgs: () => [randF32(300, 501), new Float32Array(300)],
    outputs: [1],
    tolerance: { rel: 0, abs: 0 },
  },
  {
    name: 'locals/fresh-zero-filled-per-index',
    fn: (i: number, out: Int32Array) => {
      const t = new Int32Array(4);
      const before = t[0]! + t[1]! + t[2]! + t[3]!;
      t[i % 4] = i;
      t[(i + 1) % 4]! += 5;
      out[i] = before * 1000 + t[0]! + t[1]! * 2 + t[2]! * 3 + t[3]! * 4;
    },
    grid: 200,
    makeArgs: () => [new Int32Array(200)],
    outputs: [0],
  },
  {
    name: 'locals/scratch-histogram-i32',
    fn: (i: number, a: Int32Array, rowLen: number, out: Int32Array) => {
      const counts = new Int32Array(16);
      for (let k = 0; k < rowLen; k++) counts[a[i * rowLen + k]! & 15]!++;
      let best = 0;
      for (let b = 1; b < 16; b++) if (counts[b]! > counts[best]!) best = b;
      out[i] = best * 100 + counts[best]!;
    },
    grid: 50,
    makeArgs: () => [randI32(50 * 40, 502, 0, 1 << 20), 40, new Int32Array(50)],
    outputs: [2],
  },
  {
    name: 'locals/f64-polynomial-coefficients',
    fn: (i: number, x: Float64Array, out: Float64Array) => {
      const c = new Float64Array(4);
      c[0] = 1;
      c[1] = -0.5;
      c[2] = 0.25;
      c[3] = -0.125;
      let acc = 0;
      for (let k = c.length - 1; k >= 0; k--) acc = acc * x[i]! + c[k]!;
      out[i] = acc;
    },
    grid: 256,
    makeArgs: () => [randF64(256, 503, -2, 2), new Float64Array(256)],
    outputs: [1],
  },
  {
    name: 'locals/uint32-and-small-local-types',
    fn: (i: number, out: Uint32Array) => {
      const u = new Uint32Array(2);
      const b = new Uint8Array(3);
      u[0] = i * 0x10001;
      u[1] = u[0]! * 65535;
      b[0] = i;
      b[1] = i * 3;
      b[2] = b[0]! + b[1]!;
      out[i] = (u[1]! ^ b[2]!) >>> 0;
    },
    grid: 300,
    makeArgs: () => [new Uint32Array(300)],
    outputs: [0],
    note: 'stores into local Uint32Array/Uint8Array wrap like any typed-array store',
  },
  {
    name: 'locals/int8-int16-stores-of-constant-expressions',
    fn: (i: number, out: Int32Array) => {
      const b = new Int8Array(2);
      const h = new Int16Array(2);
      // Constant expressions WGSL folds at shader creation: narrowing them by shifts was a
      // validation error there ("shift left operation results in sign change").
      b[0] = Math.clz32(0) | 2147483647;
      b[1] = Math.clz32(0) | 0x80;
      h[0] = Math.clz32(0) | 2147483647;
      h[1] = (Math.clz32(0) << 10) | 0x8000;
      // A constant shift into the sign bit (JavaScript's 1 << 31 is -2^31; WGSL refused
      // it as a constant expression).
      const s = 1 << Math.max(0, 32, 65535);
      out[i] = b[0]! + b[1]! * 3 + h[0]! * 5 + h[1]! * 7 + i + (s >> 20);
    },
    grid: 8,
    makeArgs: () => [new Int32Array(8)],
    outputs: [0],
    note: 'Int8/Int16 stores sign-extend the low bits, constant or not (fuzz seed 1 case 3462)',
  },
];
