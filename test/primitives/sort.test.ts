// sort.test.ts — sort and argsort on every backend × key dtype against the plain-JS
// reference (reference.ts): NaN last, −0 before +0, ±Infinity, stability checked with
// key–value pairs, descending, out, resident NDArrays, sizes around the digit widths.

import { describe, expect, it } from 'vitest';
import { empty, release, toDevice, zeros } from '../../src/index.js';
import { argsort, sort } from '../../src/kernels/index.js';
import { describeEachBackend } from '../harness/eachBackend.js';
import {
  compareKeys,
  firstDifference,
  floatKeys,
  intKeys,
  refArgsort,
  rng,
  type Ctor,
  type Typed,
} from './reference.js';
import { jitDisabled } from '../harness/backends.js';
import { available } from '../harness/eachBackend.js';

// The checks below are bit for bit against the documented f32/integer arithmetic of the
// compiled kernels; NUMBAT_DISABLE_JIT=1 runs the plain functions in JavaScript's own f64,
// unwrapped arithmetic instead, so they are skipped then (with this reason printed).
if (jitDisabled())
  console.log('[numbat tests] primitives: bit-exact checks skipped under NUMBAT_DISABLE_JIT=1');
describe.skipIf(jitDisabled())('compiled kernels', () => {
  const SIZES = [0, 1, 2, 255, 256, 257, 1000, 65_537];

  function keysOf(Ctor: Ctor, n: number, seed: number): Typed {
    return Ctor === Float32Array || Ctor === Float64Array
      ? floatKeys(n, seed, Ctor as typeof Float32Array)
      : intKeys(n, seed, Ctor);
  }

  function gather(keys: Typed, perm: Uint32Array): Typed {
    const out = new (keys.constructor as Ctor)(perm.length);
    perm.forEach((p, i) => {
      out[i] = keys[p]!;
    });
    return out;
  }

  /** Sorted floats as stored: every NaN becomes the canonical quiet NaN. */
  function expectSorted(got: Typed, keys: Typed, descending: boolean, label: string): void {
    const want = gather(keys, refArgsort(keys, descending));
    expect(got).toBeInstanceOf(keys.constructor as Ctor);
    expect(firstDifference(got, want), label).toBeNull();
  }

  describeEachBackend('sort', (backend) => {
    const dtypes: Ctor[] =
      backend === 'webgpu'
        ? [Float32Array, Uint32Array, Int32Array, Uint8Array]
        : [Float32Array, Float64Array, Uint32Array, Int32Array, Int16Array, Uint8Array];
    // WebGPU: around its workgroup (128) and its tile of 1024 keys (several tiles).
    const sizes = backend === 'webgpu' ? [0, 1, 127, 129, 1000, 1023, 1025, 3001] : SIZES;

    for (const Ctor of dtypes) {
      it(`${Ctor.name} keys, ascending and descending, sizes ${sizes.join(', ')}`, async () => {
        for (const n of sizes) {
          const keys = keysOf(Ctor, n, 1000 + n);
          const before = keys.slice();
          for (const descending of [false, true]) {
            expectSorted(
              await sort(keys, { descending, backend }),
              keys,
              descending,
              `n=${n} descending=${descending}`,
            );
          }
          expect(firstDifference(keys, before)).toBeNull(); // the input is not modified
        }
      });
    }

    it('is stable: equal keys keep their values in order (key–value and argsort)', async () => {
      for (const n of [300, 5000, 70_000]) {
        const r = rng(n);
        const keys = new Float32Array(n).map(() =>
          r() < 0.1 ? NaN : r() < 0.1 ? -0 : Math.floor(r() * 8),
        );
        const values = Int32Array.from({ length: n }, (_, i) => i * 3 - 7);
        for (const descending of [false, true]) {
          const perm = refArgsort(keys, descending);
          const res = await sort(keys, { values, descending, backend });
          expect(firstDifference(res.keys, gather(keys, perm))).toBeNull();
          expect(firstDifference(res.values, gather(values, perm))).toBeNull();
          expect(firstDifference(await argsort(keys, { descending, backend }), perm)).toBeNull();
        }
      }
    });

    it('puts NaN last and −0 before +0, and ±Infinity at the ends', async () => {
      const keys = new Float32Array([0, NaN, -Infinity, -0, 3, Infinity, -0, 0, NaN, -1]);
      const got = await sort(keys, { backend });
      expect(Array.from(got)).toEqual([-Infinity, -1, -0, -0, 0, 0, 3, Infinity, NaN, NaN]);
      expect(Object.is(got[2], -0) && Object.is(got[3], -0) && Object.is(got[4], 0)).toBe(true);
      const down = await sort(keys, { descending: true, backend });
      expect(Array.from(down)).toEqual([Infinity, 3, 0, 0, -0, -0, -1, -Infinity, NaN, NaN]);
      expect(Array.from(await argsort(keys, { backend }))).toEqual([2, 9, 3, 6, 0, 7, 4, 5, 1, 8]);
    });

    it('sorts values of any dtype with the keys, into out', async () => {
      const n = 3000;
      const keys = intKeys(n, 3, Uint32Array) as Uint32Array;
      const values = Float32Array.from({ length: n }, (_, i) => i / 7);
      const perm = refArgsort(keys);
      const out = { keys: new Uint32Array(n), values: new Float32Array(n) };
      const res = await sort(keys, { values, out, backend });
      expect(res.keys).toBe(out.keys);
      expect(res.values).toBe(out.values);
      expect(firstDifference(out.keys, gather(keys, perm))).toBeNull();
      expect(firstDifference(out.values, gather(values, perm))).toBeNull();
      const into = new Uint32Array(n);
      expect(await sort(keys, { out: into, backend })).toBe(into);
      expect(firstDifference(into, gather(keys, perm))).toBeNull();
      const self = keys.slice();
      await sort(self, { out: self, backend });
      expect(firstDifference(self, gather(keys, perm))).toBeNull();
    });

    it('keeps NDArrays resident and leaves them unmodified', async () => {
      for (const Ctor of [Float32Array, Int32Array] as Ctor[]) {
        const keys = keysOf(Ctor, 5000, 11);
        const perm = refArgsort(keys);
        const d = await toDevice(keys, backend);
        const sorted = await sort(d);
        expect(sorted.backend).toBe(backend);
        expect(firstDifference(await sorted.toHost(), gather(keys, perm))).toBeNull();
        expect(firstDifference(await d.toHost(), keys)).toBeNull();
        const p = await argsort(d);
        expect(p.backend).toBe(backend);
        expect(p.dtype).toBe('u32');
        expect(firstDifference(await p.toHost(), perm)).toBeNull();
        const vals = await toDevice(
          Float32Array.from({ length: 5000 }, (_, i) => i),
          backend,
        );
        const kv = await sort(d, { values: vals, descending: true });
        expect(
          firstDifference(await kv.values.toHost(), Float32Array.from(refArgsort(keys, true))),
        ).toBeNull();
        const out = await zeros(5000, Ctor === Float32Array ? 'f32' : 'i32', backend);
        expect(await sort(d, { out })).toBe(out);
        expect(firstDifference(await out.toHost(), gather(keys, perm))).toBeNull();
      }
    });

    if (backend === 'webgpu') {
      it('refuses Float64Array keys with a clear error', async () => {
        await expect(sort(new Float64Array(4), { backend })).rejects.toThrow(
          /Float64Array keys cannot be sorted on WebGPU/,
        );
      });
    }
  });

  // Arrays from empty() live in the heap wasm and workers share: the sort reads and writes
  // them in place (no copy in or out). In place (out = keys), into other empty() arrays,
  // key–value and argsort, below and above the hybrid's 2^21 keys.
  describe('sort: arrays from empty(), used in place on wasm and workers', () => {
    for (const backend of ['wasm', 'workers'] as const) {
      it(`${backend}: keys, key–value and argsort into empty() arrays, and in place`, async () => {
        if (!available(backend)) return;
        const made: Typed[] = [];
        const heap = <T extends Typed>(x: T): T => {
          const dtype = x instanceof Float32Array ? 'float32' : 'uint32';
          const a = empty(x.length, dtype) as unknown as T;
          a.set(x as never);
          made.push(a);
          return a;
        };
        for (const [Ctor, n] of [
          [Float32Array, 5000],
          [Uint32Array, 70_000],
        ] as const) {
          const keys = keysOf(Ctor, n, 40 + n);
          const perm = refArgsort(keys);
          const want = gather(keys, perm);
          const hk = heap(keys);
          const out = heap(new Ctor(n));
          expect(await sort(hk, { out, backend })).toBe(out);
          expect(firstDifference(out, want), `${Ctor.name} ${n} into out`).toBeNull();
          expect(firstDifference(hk, keys), 'the keys are not modified').toBeNull();
          const vals = heap(Uint32Array.from(perm.keys()));
          const ok = heap(new Ctor(n));
          const ov = heap(new Uint32Array(n));
          await sort(hk, { values: vals, out: { keys: ok, values: ov }, backend });
          expect(firstDifference(ov, perm), `${Ctor.name} ${n} values`).toBeNull();
          expect(firstDifference(ok, want), `${Ctor.name} ${n} keys with values`).toBeNull();
          const p = heap(new Uint32Array(n));
          await argsort(hk, { out: p, backend });
          expect(firstDifference(p, perm), `${Ctor.name} ${n} argsort`).toBeNull();
          await sort(hk, { out: hk, backend });
          expect(firstDifference(hk, want), `${Ctor.name} ${n} in place`).toBeNull();
          // Key–value in place: each output its own input.
          const hk2 = heap(keys);
          const v2 = heap(Uint32Array.from(perm.keys()));
          await sort(hk2, { values: v2, out: { keys: hk2, values: v2 }, backend });
          expect(firstDifference(v2, perm), 'key–value in place: values').toBeNull();
          expect(firstDifference(hk2, want), 'key–value in place: keys').toBeNull();
        }
        if (backend === 'wasm') {
          // The hybrid (from 2^21 keys) in place: its scatter reads the keys, its buckets
          // write them (TypedArray.prototype.sort is the reference: −0 before +0, NaN last).
          for (const Ctor of [Uint32Array, Float32Array]) {
            const keys = keysOf(Ctor, (1 << 21) + 3, 41);
            const hk = heap(keys);
            await sort(hk, { out: hk, backend });
            expect(
              firstDifference(hk, keys.slice().sort()),
              `${Ctor.name} hybrid in place`,
            ).toBeNull();
          }
        }
        for (const a of made) release(a as never);
      });
    }
  });

  // wasm and workers share one pool of temporaries (src/kernels/arrays.ts): a sort on one
  // leaves blocks the other takes next. Results stay correct, host inputs unmodified, and a
  // resident result is an NDArray of the backend the sort ran on, whichever block it got.
  describe('sort: temporaries shared by wasm and workers', () => {
    it('alternating backends: host and resident keys, key–value, argsort', async () => {
      if (!available('wasm') || !available('workers')) return;
      const n = 70_001;
      const keys = keysOf(Int32Array, n, 23);
      const before = keys.slice();
      const perm = refArgsort(keys);
      const want = gather(keys, perm);
      const values = Float32Array.from({ length: n }, (_, i) => i);
      for (const backend of ['workers', 'wasm', 'workers', 'wasm', 'workers'] as const) {
        expect(firstDifference(await sort(keys, { backend }), want), backend).toBeNull();
        const kv = await sort(keys, { values, backend });
        expect(firstDifference(kv.values, Float32Array.from(perm)), backend).toBeNull();
        expect(firstDifference(await argsort(keys, { backend }), perm), backend).toBeNull();
        const d = await toDevice(keys, backend);
        const sorted = await sort(d);
        expect(sorted.backend).toBe(backend);
        expect(firstDifference(await sorted.toHost(), want), `${backend} resident`).toBeNull();
        const p = await argsort(d);
        expect(p.backend).toBe(backend);
        expect(firstDifference(await p.toHost(), perm), `${backend} resident argsort`).toBeNull();
        d.dispose();
        sorted.dispose();
        p.dispose();
      }
      expect(firstDifference(keys, before)).toBeNull();
    });
  });

  // On wasm and workers a host input is copied into the heap once and the result is written
  // over that copy. Keys with one varying digit take a single pass that reads the copy and
  // would write the result into it: the pass must go through a temporary. Checked with
  // keys alone and with values, and above the hybrid's 2^21 keys (its buckets and its LSD
  // fallback); the inputs must come back unmodified.
  describe('sort: results written over the copies of host inputs', () => {
    /** The stable ascending permutation of keys with few distinct values, in O(n). */
    const countingPerm = (keys: Typed): Uint32Array => {
      const distinct = [...new Set(keys)].sort((a, b) => a - b);
      const rank = new Map(distinct.map((k, i) => [k, i]));
      const next = new Uint32Array(distinct.length + 1);
      for (const k of keys) next[rank.get(k)! + 1]!++;
      for (let i = 1; i < next.length; i++) next[i]! += next[i - 1]!;
      const perm = new Uint32Array(keys.length);
      keys.forEach((k, i) => {
        perm[next[rank.get(k)!]!++] = i;
      });
      return perm;
    };
    const check = async (backend: 'wasm' | 'workers', label: string, keys: Typed) => {
      const n = keys.length;
      const before = keys.slice();
      const perm = countingPerm(keys);
      const values = Float32Array.from({ length: n }, (_, i) => i * 0.5);
      const valuesBefore = values.slice();
      expect(firstDifference(await sort(keys, { backend }), gather(keys, perm)), label).toBeNull();
      const kv = await sort(keys, { values, backend });
      expect(firstDifference(kv.keys, gather(keys, perm)), `${label} kv keys`).toBeNull();
      expect(firstDifference(kv.values, gather(values, perm)), `${label} kv values`).toBeNull();
      expect(
        firstDifference(await argsort(keys, { backend }), perm),
        `${label} argsort`,
      ).toBeNull();
      expect(firstDifference(keys, before), `${label}: keys unmodified`).toBeNull();
      expect(firstDifference(values, valuesBefore), `${label}: values unmodified`).toBeNull();
    };
    for (const backend of ['wasm', 'workers'] as const) {
      it(`${backend}: one varying digit, several, key–value, argsort`, async () => {
        if (!available(backend)) return;
        const n = 5000;
        const r = rng(n + 3);
        const few = (m: number) => Math.floor(r() * m);
        await check(
          backend,
          'u32, low digit only',
          Uint32Array.from({ length: n }, () => few(2048)),
        );
        await check(
          backend,
          'u32, top digit only',
          Uint32Array.from({ length: n }, () => (few(1024) << 22) >>> 0),
        );
        await check(
          backend,
          'u32, two digits',
          Uint32Array.from({ length: n }, () => (few(2048) << 11) | few(2)),
        );
        await check(backend, 'f32, all equal', new Float32Array(n).fill(-2.5));
        await check(
          backend,
          'f32, a few values',
          Float32Array.from({ length: n }, () => few(300) - 150.5),
        );
        await check(
          backend,
          'i16',
          Int16Array.from({ length: n }, () => few(500) - 250),
        );
        if (backend === 'wasm') {
          const big = (1 << 21) + 7;
          await check(
            backend,
            'u32 hybrid, top digit only',
            Uint32Array.from({ length: big }, () => (few(1024) << 22) >>> 0),
          );
          // The hybrid's buckets are the top 8 bits; inside one, two 12-bit digits.
          await check(
            backend,
            'u32 hybrid, bucket and the upper in-bucket digit',
            Uint32Array.from({ length: big }, () => ((few(256) << 24) | (few(4096) << 12)) >>> 0),
          );
          await check(
            backend,
            'u32 hybrid, bucket and the lower in-bucket digit',
            Uint32Array.from({ length: big }, () => ((few(256) << 24) | few(4096)) >>> 0),
          );
          await check(backend, 'f32 from 2^21, all equal', new Float32Array(big).fill(7));
        }
      });
    }
  });

  describe('sort: large inputs and the same permutation on every CPU backend', () => {
    it('above 2^24 u32 keys (the hybrid with 1,024 buckets): sorted, and the same multiset', async () => {
      if (!available('wasm')) return;
      const n = (1 << 24) + 3;
      const r = rng(24);
      const keys = Uint32Array.from({ length: n }, () => Math.floor(r() * 2 ** 32));
      const out = await sort(keys, { backend: 'wasm' });
      expect(out.length).toBe(n);
      // Sorted, and the same keys: sum, xor and a mixed sum of each side agree (a full
      // reference sort of 2^24 keys would take seconds).
      const fingerprint = (a: Uint32Array) => {
        let sum = 0;
        let xor = 0;
        let mix = 0;
        for (let i = 0; i < a.length; i++) {
          sum = (sum + a[i]!) >>> 0;
          xor = (xor ^ a[i]!) >>> 0;
          mix = (mix + Math.imul(a[i]! ^ (a[i]! >>> 16), 0x45d9f3b)) >>> 0;
        }
        return [sum, xor, mix];
      };
      let unsorted = -1;
      for (let i = 1; i < n && unsorted < 0; i++) if (out[i - 1]! > out[i]!) unsorted = i;
      expect(unsorted).toBe(-1);
      expect(fingerprint(out)).toEqual(fingerprint(keys));
    }, 60_000);

    it('10^6 f32 keys (sort, argsort, key–value), 10^6 u32 keys, the hybrid path above 2^21 keys, 2·10^5 f64 keys', async () => {
      const keys = keysOf(Float32Array, 1_000_000, 5);
      const perm = refArgsort(keys);
      const want = gather(keys, perm);
      for (const backend of ['wasm', 'workers'] as const) {
        expect(firstDifference(await sort(keys, { backend }), want), backend).toBeNull();
      }
      expect(firstDifference(await argsort(keys, { backend: 'wasm' }), perm)).toBeNull();
      const res = await sort(keys, { values: Uint32Array.from(perm.keys()), backend: 'js' });
      expect(firstDifference(res.values, perm)).toBeNull();
      const u = keysOf(Uint32Array, 1_000_000, 6);
      expect(firstDifference(await sort(u, { backend: 'wasm' }), u.slice().sort())).toBeNull();
      // Above 2^21 keys whose top digit spreads them thinly, 32-bit keys take the hybrid path
      // (a top-digit scatter, then each bucket sorted in cache): checked in O(n).
      const big = (1 << 21) + 5;
      const r = rng(21);
      const u2 = Uint32Array.from({ length: big }, () => Math.floor(r() * 2 ** 32));
      const u2Want = u2.slice().sort();
      for (const backend of ['js', 'wasm'] as const) {
        expect(
          firstDifference(await sort(u2, { backend }), u2Want),
          `hybrid u32 ${backend}`,
        ).toBeNull();
      }
      const spread = Float32Array.from({ length: big }, () =>
        r() < 0.01 ? NaN : (r() - 0.5) * 2 ** Math.floor(r() * 60 - 30),
      );
      const isStablePermutation = (p: Uint32Array, descending: boolean): string | null => {
        const seen = new Uint8Array(p.length);
        for (let i = 0; i < p.length; i++) {
          if (seen[p[i]!]) return `index ${p[i]} twice`;
          seen[p[i]!] = 1;
          if (i === 0) continue;
          const c = compareKeys(spread[p[i - 1]!]!, spread[p[i]!]!, descending);
          if (c > 0 || (c === 0 && p[i - 1]! > p[i]!))
            return `at ${i}: ${spread[p[i - 1]!]} (index ${p[i - 1]}) before ${spread[p[i]!]} (index ${p[i]})`;
        }
        return null;
      };
      const kv = await sort(spread, {
        values: Uint32Array.from({ length: big }, (_, i) => i),
        backend: 'wasm',
      });
      expect(isStablePermutation(kv.values, false)).toBeNull();
      expect(firstDifference(kv.keys, gather(spread, kv.values))).toBeNull();
      expect(
        isStablePermutation(await argsort(spread, { descending: true, backend: 'workers' }), true),
      ).toBeNull();
      const d = keysOf(Float64Array, 200_000, 7);
      const dWant = gather(d, refArgsort(d, true));
      for (const backend of ['wasm', 'js'] as const) {
        expect(
          firstDifference(await sort(d, { backend, descending: true }), dWant),
          backend,
        ).toBeNull();
      }
    });

    // From 2^21 keys, float keys are bucketed by a sampled table of their top 16 bits
    // (balanced buckets, each sorted in cache); skewed keys fall back to LSD, either when
    // the sample predicts a bucket too large or when the exact count finds one. Each
    // distribution below takes one of these routes; every result is checked in O(n)
    // against the documented order (compareKeys) and stability, and sort's keys against
    // the keys the permutation gathers.
    it('float keys from 2^21: balanced buckets and their fallbacks, on every distribution', async () => {
      const big = 1 << 21;
      const r = rng(77);
      // Indices the table's sample reads (runs of 16 keys every ⌊n / 2048⌋): a heavy value
      // placed elsewhere is found only by the exact count.
      const stride = Math.floor(big / 2048);
      const distributions: [string, number, (j: number) => number][] = [
        ['uniform', big, () => (r() - 0.5) * 1e4],
        ['uniform, one key below the threshold', big - 1, () => (r() - 0.5) * 1e4],
        ['a thousand distinct values', big, () => Math.floor(r() * 1000) - 500],
        ['90% in [0, 1), the rest spread', big, () => (r() < 0.9 ? r() : (r() - 0.5) * 2 ** 40)],
        ['one narrow range (a heavy prefix)', big, () => 1 + r() * 1e-4],
        ['all equal', big, () => 3.5],
        ['±0 and NaNs of several payloads', big, () => [0, -0, NaN, -NaN][Math.floor(r() * 4)]!],
        [
          'a heavy value the sample misses',
          big,
          (j) => (j < 200 * stride && j % stride >= 16 ? 42 : (r() - 0.5) * 1e4),
        ],
      ];
      const check = (x: Float32Array, p: Uint32Array, descending: boolean): string | null => {
        const seen = new Uint8Array(p.length);
        if (p.length !== x.length) return `length ${p.length}`;
        for (let i = 0; i < p.length; i++) {
          if (seen[p[i]!]) return `index ${p[i]} twice`;
          seen[p[i]!] = 1;
          if (i === 0) continue;
          const c = compareKeys(x[p[i - 1]!]!, x[p[i]!]!, descending);
          if (c > 0 || (c === 0 && p[i - 1]! > p[i]!))
            return `at ${i}: ${x[p[i - 1]!]} (index ${p[i - 1]}) before ${x[p[i]!]} (index ${p[i]})`;
        }
        return null;
      };
      for (const [name, n, gen] of distributions) {
        const x = Float32Array.from({ length: n }, (_, j) => gen(j));
        const descending = name.startsWith('a thousand');
        const p = await argsort(x, { backend: 'wasm', descending });
        expect(check(x, p, descending), name).toBeNull();
        expect(
          firstDifference(await sort(x, { backend: 'wasm', descending }), gather(x, p)),
          name,
        ).toBeNull();
        if (name === 'uniform' || name === 'a thousand distinct values') {
          // The same permutation on the other CPU backends (key–value on js: values move too).
          const kv = await sort(x, {
            values: Uint32Array.from(p.keys()),
            backend: 'js',
            descending,
          });
          expect(firstDifference(kv.values, p), `${name} js`).toBeNull();
          expect(
            firstDifference(await argsort(x, { backend: 'workers', descending }), p),
            `${name} workers`,
          ).toBeNull();
        }
      }
    });
  });
});
