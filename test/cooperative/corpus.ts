// corpus.ts — cooperative kernels (the `workgroup` option) with answers computed
// independently of numbat: a cooperative kernel is not a plain function of one index, so
// each entry carries its own reference, written as ordinary sequential JavaScript.

import {
  atomicAdd,
  barrier,
  groupCount,
  groupId,
  localId,
  shared,
  workgroupUniformLoad,
} from '../../src/index.js';

type Data = Float32Array | Float64Array | Int32Array | Uint32Array;

export interface CooperativeEntry {
  readonly name: string;
  readonly fn: (...args: never[]) => void;
  readonly workgroup: number | number[];
  readonly grid: number | number[];
  /** Fresh arguments (arrays and scalars), in the kernel's order after the grid indices. */
  readonly makeArgs: () => unknown[];
  /** Argument positions of the outputs, and their expected contents given the inputs. */
  readonly outputs: readonly number[];
  readonly expected: (args: unknown[]) => Data[];
  /** Largest |difference| allowed relative to |expected| (f32 sums in another order). */
  readonly tolerance?: number;
  /** Uses Float64Array (WebGPU refuses it). */
  readonly f64?: boolean;
}

/** A reproducible pseudo-random sequence in [0, 1). */
function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ints = (n: number, seed: number, lo: number, hi: number): Int32Array => {
  const r = rand(seed);
  return Int32Array.from({ length: n }, () => lo + Math.floor(r() * (hi - lo)));
};
const floats = (n: number, seed: number): Float32Array => {
  const r = rand(seed);
  return Float32Array.from({ length: n }, () => Math.round((r() * 2 - 1) * 64) / 8);
};

export const cooperativeCorpus: CooperativeEntry[] = [
  {
    name: 'group-sum (the API example, ragged grid)',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
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
    workgroup: 256,
    grid: 1000,
    makeArgs: () => [floats(1000, 1), new Float32Array(4)],
    outputs: [1],
    expected: ([x]) => {
      const xs = x as Float32Array;
      const out = new Float32Array(4);
      for (let k = 0; k < xs.length; k++) out[k >> 8]! += xs[k]!;
      return [out];
    },
    tolerance: 0,
  },
  {
    name: 'tiled transpose through a padded tile, 2-D workgroups',
    fn: (r: number, c: number, a: Float32Array, out: Float32Array, h: number, w: number) => {
      const tile = shared(Float32Array, 16 * 17);
      const ly = localId(0);
      const lx = localId(1);
      if (r < h && c < w) tile[ly * 17 + lx] = a[r * w + c]!;
      barrier();
      // The transposed block: rows of `out` are columns of `a`.
      const orow = groupId(1) * 16 + ly;
      const ocol = groupId(0) * 16 + lx;
      if (orow < w && ocol < h) out[orow * h + ocol] = tile[lx * 17 + ly]!;
    },
    workgroup: [16, 16],
    grid: [37, 53],
    makeArgs: () => [floats(37 * 53, 2), new Float32Array(37 * 53), 37, 53],
    outputs: [1],
    expected: ([a]) => {
      const as = a as Float32Array;
      const out = new Float32Array(37 * 53);
      for (let r = 0; r < 37; r++) for (let c = 0; c < 53; c++) out[c * 37 + r] = as[r * 53 + c]!;
      return [out];
    },
  },
  {
    name: 'in-group inclusive scan, barriers in a loop, a value kept across them',
    fn: (i: number, x: Int32Array, out: Int32Array) => {
      const a = shared(Int32Array, 64);
      const l = localId();
      a[l] = i < x.length ? x[i]! : 0;
      barrier();
      for (let off = 1; off < 64; off *= 2) {
        const v = l >= off ? a[l - off]! : 0;
        barrier();
        a[l] += v;
        barrier();
      }
      if (i < x.length) out[i] = a[l]!;
    },
    workgroup: 64,
    grid: 300,
    makeArgs: () => [ints(300, 3, -50, 50), new Int32Array(300)],
    outputs: [1],
    expected: ([x]) => {
      const xs = x as Int32Array;
      const out = new Int32Array(300);
      for (let k = 0; k < 300; k++) out[k] = (k % 64 === 0 ? 0 : out[k - 1]!) + xs[k]!;
      return [out];
    },
  },
  {
    name: 'privatised histogram: shared atomics, then one global atomic per bin',
    fn: (i: number, x: Int32Array, hist: Uint32Array) => {
      const local = shared(Uint32Array, 16);
      if (i < x.length) atomicAdd(local, x[i]! & 15, 1);
      barrier();
      const l = localId();
      if (l < 16) atomicAdd(hist, l, local[l]!);
    },
    workgroup: 128,
    grid: 5000,
    makeArgs: () => [ints(5000, 4, 0, 1000), new Uint32Array(16)],
    outputs: [1],
    expected: ([x]) => {
      const out = new Uint32Array(16);
      for (const v of x as Int32Array) out[v & 15]!++;
      return [out];
    },
  },
  {
    name: 'f32 shared atomics (integer-valued, exact in any order)',
    fn: (i: number, x: Int32Array, sums: Float32Array) => {
      const acc = shared(Float32Array, 4);
      if (i < x.length) atomicAdd(acc, i & 3, x[i]!);
      barrier();
      const l = localId();
      if (l < 4) atomicAdd(sums, l, acc[l]!);
    },
    workgroup: 64,
    grid: 1000,
    makeArgs: () => [ints(1000, 5, -100, 100), new Float32Array(4)],
    outputs: [1],
    expected: ([x]) => {
      const out = new Float32Array(4);
      (x as Int32Array).forEach((v, k) => {
        out[k & 3]! += v;
      });
      return [out];
    },
  },
  {
    name: 'shared-tile matmul, 16×16 tiles, ragged sizes',
    fn: (
      r: number,
      c: number,
      a: Float32Array,
      b: Float32Array,
      out: Float32Array,
      m: number,
      n: number,
      k: number,
    ) => {
      const ta = shared(Float32Array, 256);
      const tb = shared(Float32Array, 256);
      const ly = localId(0);
      const lx = localId(1);
      let acc = 0;
      for (let t = 0; t < k; t += 16) {
        ta[ly * 16 + lx] = r < m && t + lx < k ? a[r * k + t + lx]! : 0;
        tb[ly * 16 + lx] = t + ly < k && c < n ? b[(t + ly) * n + c]! : 0;
        barrier();
        for (let q = 0; q < 16; q++) acc += ta[ly * 16 + q]! * tb[q * 16 + lx]!;
        barrier();
      }
      if (r < m && c < n) out[r * n + c] = acc;
    },
    workgroup: [16, 16],
    grid: [35, 29],
    makeArgs: () => [floats(35 * 41, 6), floats(41 * 29, 7), new Float32Array(35 * 29), 35, 29, 41],
    outputs: [2],
    expected: ([a, b]) => {
      const as = a as Float32Array;
      const bs = b as Float32Array;
      const out = new Float32Array(35 * 29);
      for (let r = 0; r < 35; r++)
        for (let c = 0; c < 29; c++) {
          let s = 0;
          for (let q = 0; q < 41; q++) s += as[r * 41 + q]! * bs[q * 29 + c]!;
          out[r * 29 + c] = s;
        }
      return [out];
    },
    tolerance: 1e-5,
  },
  {
    name: '3-point stencil with a halo loaded by the edge invocations',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      const tile = shared(Float32Array, 66);
      const l = localId();
      const n = x.length;
      tile[l + 1] = i < n ? x[i]! : 0;
      if (l === 0) tile[0] = i > 0 && i - 1 < n ? x[i - 1]! : 0;
      if (l === 63) tile[65] = i + 1 < n ? x[i + 1]! : 0;
      barrier();
      if (i < n) out[i] = tile[l]! + 2 * tile[l + 1]! + tile[l + 2]!;
    },
    workgroup: 64,
    grid: 200,
    makeArgs: () => [floats(200, 8), new Float32Array(200)],
    outputs: [1],
    expected: ([x]) => {
      const xs = x as Float32Array;
      const at = (k: number): number => (k >= 0 && k < 200 ? xs[k]! : 0);
      return [Float32Array.from({ length: 200 }, (_, k) => at(k - 1) + 2 * at(k) + at(k + 1))];
    },
    tolerance: 0,
  },
  {
    name: '3-D workgroups over a ragged 3-D grid: ids, counts, a group total',
    fn: (z: number, y: number, x: number, out: Int32Array, totals: Int32Array) => {
      const sum = shared(Int32Array, 1);
      const inside = z < 5 && y < 6 && x < 17;
      if (inside) {
        out[(z * 6 + y) * 17 + x] =
          groupId(0) * 1000 +
          groupId(1) * 100 +
          groupId(2) * 10 +
          localId(0) +
          localId(1) +
          localId(2);
        atomicAdd(sum, 0, 1);
      }
      barrier();
      const g = (groupId(0) * groupCount(1) + groupId(1)) * groupCount(2) + groupId(2);
      if (localId(0) === 0 && localId(1) === 0 && localId(2) === 0) totals[g] = sum[0]!;
    },
    workgroup: [2, 4, 8],
    grid: [5, 6, 17],
    makeArgs: () => [new Int32Array(5 * 6 * 17), new Int32Array(3 * 2 * 3)],
    outputs: [0, 1],
    expected: () => {
      const out = new Int32Array(5 * 6 * 17);
      const totals = new Int32Array(18);
      for (let z = 0; z < 5; z++)
        for (let y = 0; y < 6; y++)
          for (let x = 0; x < 17; x++) {
            const [gz, gy, gx] = [z >> 1, y >> 2, x >> 3];
            out[(z * 6 + y) * 17 + x] =
              gz * 1000 + gy * 100 + gx * 10 + (z & 1) + (y & 3) + (x & 7);
            totals[(gz * 2 + gy) * 3 + gx]!++;
          }
      return [out, totals];
    },
  },
  {
    name: 'returns: a whole workgroup leaves early; single invocations after the last barrier',
    fn: (i: number, x: Int32Array, out: Int32Array, skip: number) => {
      if (groupId() === skip) return;
      const t = shared(Int32Array, 32);
      const l = localId();
      t[l] = i < x.length ? x[i]! : 0;
      barrier();
      if (i >= x.length) return;
      const mirrored = t[31 - l]!;
      if (mirrored < 0) return;
      out[i] = mirrored;
    },
    workgroup: 32,
    grid: 100,
    makeArgs: () => [ints(100, 9, -10, 10), new Int32Array(100).fill(-99), 1],
    outputs: [1],
    expected: ([x]) => {
      const xs = x as Int32Array;
      const out = new Int32Array(100).fill(-99);
      for (let i = 0; i < 100; i++) {
        if (i >> 5 === 1) continue;
        const j = (i & ~31) + 31 - (i & 31);
        const m = j < 100 ? xs[j]! : 0;
        if (m >= 0) out[i] = m;
      }
      return [out];
    },
  },
  {
    name: 'a uniform loop left by a uniform break, with a private array kept across barriers',
    fn: (i: number, x: Float32Array, out: Float32Array, rounds: number) => {
      const t = shared(Float32Array, 16);
      const mine = new Float32Array(4);
      const l = localId();
      let v = i < x.length ? x[i]! : 0;
      for (let r = 0; ; r++) {
        if (r >= rounds) break;
        mine[r & 3]! += v;
        t[l] = v;
        barrier();
        v = t[(l + 1) & 15]!;
        barrier();
      }
      if (i < x.length) out[i] = v + mine[0]! + 10 * mine[1]!;
    },
    workgroup: 16,
    grid: 40,
    makeArgs: () => [floats(40, 10), new Float32Array(40), 5],
    outputs: [1],
    expected: ([x, , rounds]) => {
      const xs = x as Float32Array;
      const out = new Float32Array(40);
      for (let g = 0; g < 3; g++) {
        let vals = Array.from({ length: 16 }, (_, l) => (g * 16 + l < 40 ? xs[g * 16 + l]! : 0));
        const mine = vals.map(() => [0, 0, 0, 0]);
        for (let r = 0; r < (rounds as number); r++) {
          vals.forEach((v, l) => {
            mine[l]![r & 3] = Math.fround(mine[l]![r & 3]! + v);
          });
          vals = vals.map((_, l) => vals[(l + 1) & 15]!);
        }
        vals.forEach((v, l) => {
          const i = g * 16 + l;
          if (i < 40) out[i] = v + mine[l]![0]! + 10 * mine[l]![1]!;
        });
      }
      return [out];
    },
    tolerance: 1e-6,
  },
  {
    name: 'loops without barriers inside a phase: values kept across barriers changed in them, a return from one',
    fn: (i: number, x: Float32Array, out: Float32Array) => {
      const t = shared(Float32Array, 8);
      const l = localId();
      let s = 0;
      let last = -1;
      for (let k = 0; k < 5; k++) {
        s += x[i * 5 + k]!;
        if (s > 3) last = k;
      }
      t[l] = s;
      barrier();
      if (l % 3 === 2) return;
      for (let k = 0; k < 8; k++) {
        const v = t[(l + k) & 7]!;
        s += v * 0.5;
        if (s > 12) {
          out[i] = -1 - k;
          return;
        }
      }
      out[i] = s + last * 100;
    },
    workgroup: 8,
    grid: 24,
    makeArgs: () => [floats(120, 14), new Float32Array(24).fill(7)],
    outputs: [1],
    expected: ([x]) => {
      const xs = x as Float32Array;
      const out = new Float32Array(24).fill(7);
      for (let g = 0; g < 3; g++) {
        const s: number[] = [];
        const last: number[] = [];
        for (let l = 0; l < 8; l++) {
          const i = g * 8 + l;
          let sum = 0;
          last[l] = -1;
          for (let k = 0; k < 5; k++) {
            sum += xs[i * 5 + k]!;
            if (sum > 3) last[l] = k;
          }
          s[l] = sum;
        }
        const t = Float32Array.from(s);
        for (let l = 0; l < 8; l++) {
          const i = g * 8 + l;
          if (l % 3 === 2) continue;
          let v = s[l]!;
          let left = false;
          for (let k = 0; k < 8 && !left; k++) {
            v += t[(l + k) & 7]! * 0.5;
            if (v > 12) {
              out[i] = -1 - k;
              left = true;
            }
          }
          if (!left) out[i] = v + last[l]! * 100;
        }
      }
      return [out];
    },
  },
  {
    name: 'a work queue: workgroups take items from a global counter through workgroupUniformLoad, and return together',
    fn: (i: number, next: Int32Array, x: Float32Array, out: Float32Array, items: number) => {
      const t = shared(Int32Array, 1);
      const tile = shared(Float32Array, 8);
      const l = localId();
      for (;;) {
        if (l === 0) t[0] = atomicAdd(next, 0, 1);
        const item = workgroupUniformLoad(t, 0);
        if (item >= items) return;
        tile[l] = x[item * 8 + l]!;
        barrier();
        out[item * 8 + l] = tile[7 - l]! * 2 + item;
        barrier();
      }
    },
    workgroup: 8,
    grid: 24,
    makeArgs: () => [new Int32Array(1), floats(80, 15), new Float32Array(80), 10],
    outputs: [0, 2],
    expected: ([, x]) => {
      const xs = x as Float32Array;
      const out = new Float32Array(80);
      for (let item = 0; item < 10; item++)
        for (let l = 0; l < 8; l++) out[item * 8 + l] = xs[item * 8 + 7 - l]! * 2 + item;
      // Each of the 3 workgroups takes one number past the last item before it returns.
      return [new Int32Array([13]), out];
    },
  },
  {
    name: 'workgroupUniformLoad stored straight into a global array and used in expressions (probe 11: WGSL refused the first)',
    fn: (i: number, out: Int32Array, more: Float32Array, k: number) => {
      const s = shared(Int32Array, 8);
      const l = localId();
      s[l] = l * 10 + groupId();
      out[i] = workgroupUniformLoad(s, k);
      more[i] = 1 + workgroupUniformLoad(s, 7 - k) * 0.5;
      out[i] += workgroupUniformLoad(s, 0);
    },
    workgroup: 8,
    grid: 20,
    makeArgs: () => [new Int32Array(20), new Float32Array(20), 3],
    outputs: [0, 1],
    expected: () => {
      const g = (i: number) => Math.floor(i / 8);
      return [
        Int32Array.from({ length: 20 }, (_, i) => 30 + g(i) + g(i)),
        Float32Array.from({ length: 20 }, (_, i) => 1 + (40 + g(i)) * 0.5),
      ];
    },
  },
  {
    name: 'workgroupUniformLoad is the same in every invocation even when one overwrites the element right after (probe 11)',
    fn: (i: number, out: Int32Array, next: Int32Array, items: number) => {
      const s = shared(Int32Array, 1);
      const l = localId();
      if (l === 0) s[0] = 5;
      const v = workgroupUniformLoad(s, 0);
      if (l === 0) s[0] = 9;
      out[i] = l * 100 + v;
      // A work queue with no barrier but the load's own: the next item is written at once.
      let done = 0;
      if (l === 0) s[0] = atomicAdd(next, 0, 1);
      for (let item = workgroupUniformLoad(s, 0); item < items; item = workgroupUniformLoad(s, 0)) {
        done++;
        if (l === 0) s[0] = atomicAdd(next, 0, 1);
      }
      out[i] += done * 10000;
    },
    workgroup: 4,
    grid: 4,
    makeArgs: () => [new Int32Array(4), new Int32Array(1), 7],
    outputs: [0, 1],
    expected: () => [
      Int32Array.from({ length: 4 }, (_, l) => 70000 + l * 100 + 5),
      new Int32Array([8]),
    ],
  },
  {
    name: 'a value computed from a uniform variable changed after a barrier keeps its old value (probe 10)',
    fn: (i: number, out: Int32Array, n: number) => {
      const t = shared(Int32Array, 4);
      const l = localId();
      let r = n;
      const base = r * 2 + l;
      barrier();
      r = r + 10;
      t[l] = r;
      barrier();
      out[i] = base * 100 + t[3 - l]!;
    },
    workgroup: 4,
    grid: 8,
    makeArgs: () => [new Int32Array(8), 3],
    outputs: [0],
    expected: () => [Int32Array.from({ length: 8 }, (_, i) => (6 + (i % 4)) * 100 + 13)],
  },
  {
    name: 'a uniform counter of a loop some invocations continue, read after a barrier (probe 10)',
    fn: (i: number, x: Int32Array, out: Int32Array, n: number) => {
      const t = shared(Int32Array, 4);
      const l = localId();
      t[l] = x[i]!;
      barrier();
      let acc = 0;
      let k = 0;
      for (; k < n; k++) {
        if (t[k % 4]! > l) continue;
        acc += 1;
      }
      barrier();
      out[i] = k * 100 + acc;
    },
    workgroup: 4,
    grid: 8,
    makeArgs: () => [Int32Array.from([0, 1, 2, 3, 3, 2, 1, 0]), new Int32Array(8), 5],
    outputs: [1],
    expected: ([x]) => {
      const xs = x as Int32Array;
      const out = new Int32Array(8);
      for (let g = 0; g < 2; g++)
        for (let l = 0; l < 4; l++) {
          let acc = 0;
          for (let k = 0; k < 5; k++) if (xs[g * 4 + (k % 4)]! <= l) acc++;
          out[g * 4 + l] = 500 + acc;
        }
      return [out];
    },
  },
  {
    name: 'float constants in the conditions around barriers: a tile count Math.ceil(k / 4), n * 0.5 (probe 10)',
    fn: (i: number, out: Int32Array, k: number) => {
      const t = shared(Int32Array, 4);
      const l = localId();
      const tiles = Math.ceil(k / 4);
      let acc = 0;
      for (let r = 0; r < tiles; r++) {
        t[l] = r + l;
        barrier();
        acc += t[3 - l]!;
        barrier();
      }
      if (k * 0.5 > 4) {
        t[l] = l * 7;
        barrier();
        acc += t[(l + 1) & 3]!;
      }
      out[i] = acc;
    },
    workgroup: 4,
    grid: 4,
    makeArgs: () => [new Int32Array(4), 10],
    outputs: [0],
    expected: () => [Int32Array.from({ length: 4 }, (_, l) => 3 * (3 - l) + 3 + ((l + 1) & 3) * 7)],
  },
  {
    name: 'f64 shared memory on the CPU backends',
    fn: (i: number, x: Float64Array, out: Float64Array) => {
      const t = shared(Float64Array, 8);
      const l = localId();
      t[l] = i < x.length ? x[i]! : 0;
      barrier();
      if (l === 0) {
        let s = 0;
        for (let k = 0; k < 8; k++) s += t[k]!;
        out[groupId()] = s;
      }
    },
    workgroup: 8,
    grid: 20,
    makeArgs: () => [Float64Array.from({ length: 20 }, (_, k) => k / 3), new Float64Array(3)],
    outputs: [1],
    expected: ([x]) => {
      const xs = x as Float64Array;
      const out = new Float64Array(3);
      for (let g = 0; g < 3; g++) {
        let s = 0;
        for (let k = 0; k < 8; k++) s += g * 8 + k < 20 ? xs[g * 8 + k]! : 0;
        out[g] = s;
      }
      return [out];
    },
    tolerance: 0,
    f64: true,
  },
  {
    name: 'guarded phases over a ragged 3×5 workgroup: bounds on localId(0) and the grid index',
    fn: (
      r: number,
      c: number,
      x: Float32Array,
      colSums: Float32Array,
      rowFlags: Int32Array,
      h: number,
      w: number,
      k: number,
    ) => {
      const a = shared(Float32Array, 15);
      const b = shared(Float32Array, 5);
      const ly = localId(0);
      const lx = localId(1);
      a[ly * 5 + lx] = r < h && c < w ? x[r * w + c]! : 0;
      barrier();
      if (ly === 0) b[lx] = a[lx]! + a[lx + 5]! + a[lx + 10]!;
      barrier();
      if (2 > ly && ly >= k && lx < 4) a[ly * 5 + lx] = -1000;
      barrier();
      if (c < w && ly < 1) colSums[groupId(0) * w + c] = b[lx]!;
      barrier();
      if (r < h && lx === 1) rowFlags[r] = a[ly * 5 + 1] === -1000 ? 1 : 2;
    },
    workgroup: [3, 5],
    grid: [8, 13],
    makeArgs: () => [floats(8 * 13, 11), new Float32Array(3 * 13), new Int32Array(8), 8, 13, 1],
    outputs: [1, 2],
    expected: ([x, , , h, w, k]) => {
      const xs = x as Float32Array;
      const [hh, ww, kk] = [h as number, w as number, k as number];
      const colSums = new Float32Array(3 * ww);
      for (let g = 0; g < 3; g++)
        for (let col = 0; col < ww; col++) {
          const v = (row: number): number => (row < hh ? xs[row * ww + col]! : 0);
          colSums[g * ww + col] = Math.fround(Math.fround(v(3 * g) + v(3 * g + 1)) + v(3 * g + 2));
        }
      const rowFlags = Int32Array.from({ length: hh }, (_, row) =>
        kk <= row % 3 && row % 3 < 2 ? 1 : 2,
      );
      return [colSums, rowFlags];
    },
  },
  {
    name: 'a ragged 1-D workgroup of 5: f64 and bool kept across a barrier, divergent ifs and loops, permuted shared indices, returns',
    fn: (i: number, x: Float64Array, out: Float64Array, n: number) => {
      const s = shared(Float64Array, 5);
      const c = shared(Int32Array, 5);
      const l = localId();
      let v = i < n ? x[i]! : 0;
      const neg = v < 0;
      if (v > 2) v = v * 0.5;
      else if (v < -2) v = -v;
      s[4 - l] = v;
      c[(l * 3) % 5] = neg ? 1 : 0;
      barrier();
      if (i >= n) return;
      let t = s[(l * 2) % 5]! + v;
      if (neg) t = -t;
      for (let k = 0; k < l; k++) {
        if (c[k] === 1) t += 1;
      }
      out[i] = t;
    },
    workgroup: 5,
    grid: 23,
    makeArgs: () => [
      Float64Array.from({ length: 23 }, (_, k) => ((k * 7) % 23) / 3 - 3.5),
      new Float64Array(23).fill(-7),
      23,
    ],
    outputs: [1],
    expected: ([x, , n]) => {
      const xs = x as Float64Array;
      const out = new Float64Array(23).fill(-7);
      for (let g = 0; g < 5; g++) {
        const s = [0, 0, 0, 0, 0];
        const c = [0, 0, 0, 0, 0];
        const vs: number[] = [];
        const negs: boolean[] = [];
        for (let l = 0; l < 5; l++) {
          const i = 5 * g + l;
          let v = i < (n as number) ? xs[i]! : 0;
          negs.push(v < 0);
          if (v > 2) v *= 0.5;
          else if (v < -2) v = -v;
          vs.push(v);
          s[4 - l] = v;
          c[(l * 3) % 5] = negs[l] ? 1 : 0;
        }
        for (let l = 0; l < 5; l++) {
          const i = 5 * g + l;
          if (i >= (n as number)) continue;
          let t = s[(l * 2) % 5]! + vs[l]!;
          if (negs[l]) t = -t;
          for (let k = 0; k < l; k++) if (c[k] === 1) t += 1;
          out[i] = t;
        }
      }
      return [out];
    },
    tolerance: 0,
    f64: true,
  },
];
