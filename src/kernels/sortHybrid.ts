// sortHybrid.ts — the kernels of the CPU sort's hybrid for large 32-bit keys: count the
// buckets (the top bits of integer keys, or balanced runs of float keys' 16-bit prefixes from
// a sample), then, after one scatter by bucket (sortCpu.ts scatter32), sort every bucket by
// two 12-bit digits in cache. Written in the kernel language; sort.ts orchestrates them
// (see its header for when the hybrid is taken).

import type { Kernel } from '../index.js';
import { kernel } from './internalKernel.js';
import { cached, ORDER, UNORDER, type KeyClass } from './sortWords.js';

/** The hybrid (top-digit scatter, then buckets sorted in cache) from this many keys… */
export const HYBRID_MIN = 1 << 21;
/** …when no bucket of the top digit is larger than this (it must stay in cache). */
export const HYBRID_MAX_BUCKET = 1 << 17;
/**
 * The hybrid buckets integer keys by their top topBits(n) bits, and sorts every bucket by two
 * digits of BUCKET_DIGIT_BITS bits of key − its base (keys below base + 2^24). Measured at 10^7
 * keys on 2 threads against 1,024 buckets of 11-bit digits: the scatter into 256 buckets
 * takes half the time (its write streams fit the L1 cache and TLB), the bucket passes no
 * longer; the sort as a whole 84 → 64 ms (u32), 92 → 82 ms (f32). Above MANY_KEYS the
 * buckets are 1,024 again (their span 2^22), so that uniform keys still fit
 * HYBRID_MAX_BUCKET: 256 buckets sent 4·10^7 u32 keys to the LSD passes, 1.7× slower.
 */
export const BUCKET_DIGIT_BITS = 12;
const MANY_KEYS = 1 << 24;
/** The top bits that bucket `n` integer keys in the hybrid. */
export function topBits(n: number): number {
  return n > MANY_KEYS ? 10 : 8;
}
/** Sampled keys per balanced bucket (bucketTable) for `n` keys: about 256 buckets, or 1,024 above MANY_KEYS. */
export function tablePerBucket(n: number): number {
  return n > MANY_KEYS ? 32 : 128;
}
/** Balanced buckets (bucketTable): at most this many 16-bit prefixes per bucket (2^24 / 2^16)… */
const TABLE_SPAN = 256;
/** …from a sample of TABLE_RUNS runs of TABLE_RUN_KEYS consecutive keys (cut: tablePerBucket). */
export const TABLE_RUNS = 2048;
export const TABLE_RUN_KEYS = 16;

// Names the kernels receive through `uses` (declared for the type checker only: free names
// that a bundler never renames).
declare const ord: (r: number) => number;
declare const unord: (k: number) => number;
declare const VMODE: number;
declare const WRITE_KEYS: number;
declare const TOP_BUCKETS: number;
declare const TOP_SHIFT: number;
declare const DBITS: number;
declare const DMASK: number;
declare const DBINS: number;
declare const SPAN: number;
declare const RUNS: number;
declare const RUN_KEYS: number;
declare const PER_BUCKET: number;

/** Histogram of the top `bits` bits of 32-bit keys per chunk, from raw keys, into its rows of counts. */
export function countTop32(cls: KeyClass, desc: boolean, bits: number): Kernel {
  return cached(`countTop32|${cls}|${desc}|${bits}`, () =>
    kernel(
      (c: number, keys: Uint32Array, counts: Uint32Array, n: number, L: number, C: number) => {
        const h = new Uint32Array(TOP_BUCKETS);
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          const d = ord(keys[j]!) >>> TOP_SHIFT;
          h[d] = h[d]! + 1;
        }
        for (let d = 0; d < TOP_BUCKETS; d++) counts[(4096 + d) * C + c] = h[d]!;
      },
      {
        name: 'sort_countTop',
        uses: {
          ord: ORDER[cls][desc ? 1 : 0],
          TOP_BUCKETS: 2 ** bits,
          TOP_SHIFT: 32 - bits,
        },
      },
    ),
  );
}

/**
 * Balanced buckets for float keys (one invocation): the top 16 bits of the ordered words of
 * RUNS runs of RUN_KEYS consecutive keys, spread over the array, are counted into `table`
 * (65536 words); a walk over the 16-bit prefixes in order then cuts them into consecutive
 * buckets of about PER_BUCKET sampled keys, none spanning more than SPAN (256) prefixes, so
 * that a key minus its bucket's base (first prefix · 2^16) is below 2^24 (two 12-bit
 * digits). `table` becomes prefix → bucket; `bases[b]` the base of bucket b;
 * bases[2048] the number of buckets, bases[2049] the largest sample count of one prefix,
 * bases[2050] 1 when more than 2048 buckets would be needed. The sample only balances the
 * buckets: the sort is exact whatever it finds.
 */
export function bucketTable(cls: KeyClass, desc: boolean, perBucket: number): Kernel {
  return cached(`bucketTable|${cls}|${desc}|${perBucket}`, () =>
    kernel(
      (i: number, keys: Uint32Array, table: Uint32Array, bases: Uint32Array, n: number) => {
        for (let p = 0; p < 65536; p++) table[p] = 0;
        const stride = Math.floor(n / RUNS);
        for (let r = 0; r < RUNS; r++) {
          for (let q = 0; q < RUN_KEYS; q++) {
            const j = r * stride + q;
            if (j < n) {
              const t = ord(keys[j]!) >>> 16;
              table[t] = table[t]! + 1;
            }
          }
        }
        let b = 0;
        let acc = 0;
        let first = 0;
        let most = 0;
        let over = 0;
        bases[0] = 0;
        for (let p = 0; p < 65536; p++) {
          const c = table[p]!;
          if (c > most) most = c;
          if (p - first >= SPAN || (acc > 0 && acc + c > PER_BUCKET)) {
            if (b < 2047) {
              b = b + 1;
              first = p;
              acc = 0;
              bases[b] = (p << 16) >>> 0;
            } else over = 1;
          }
          acc = acc + c;
          table[p] = b;
        }
        bases[2048] = b + 1;
        bases[2049] = most;
        bases[2050] = over;
      },
      {
        name: 'sort_bucketTable',
        uses: {
          ord: ORDER[cls][desc ? 1 : 0],
          SPAN: TABLE_SPAN,
          RUNS: TABLE_RUNS,
          RUN_KEYS: TABLE_RUN_KEYS,
          PER_BUCKET: perBucket,
        },
      },
    ),
  );
}

/** Histogram of the balanced buckets (`table[k >>> 16]`) per chunk, from raw keys, into the top digit's rows of counts. */
export function countTable32(cls: KeyClass, desc: boolean): Kernel {
  return cached(`countTable32|${cls}|${desc}`, () =>
    kernel(
      (
        c: number,
        keys: Uint32Array,
        counts: Uint32Array,
        n: number,
        L: number,
        C: number,
        table: Uint32Array,
      ) => {
        const h = new Uint32Array(2048);
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          const d = table[ord(keys[j]!) >>> 16]! & 2047;
          h[d] = h[d]! + 1;
        }
        for (let d = 0; d < 2048; d++) counts[(4096 + d) * C + c] = h[d]!;
      },
      { name: 'sort_countTable', uses: { ord: ORDER[cls][desc ? 1 : 0] } },
    ),
  );
}

/**
 * The second half of the hybrid sort of 32-bit keys (see runSort): invocation d sorts bucket
 * d — keys[starts[d] … starts[d+1]), ordered words, every one in [bases[d], bases[d] + 2^24)
 * — by the two 12-bit digits of k − bases[d], in cache: one read counts both digits (a
 * bucket's histogram of the upper digit does not change when the low pass reorders it),
 * then the low pass into `tmp` and the upper pass into `out`, writing raw keys (and the
 * values beside them). Buckets of the top 8 (10) bits have bases d·2^24 (d·2^22); balanced buckets
 * (bucketTable) have their own.
 */
export function bucketSort32(
  outCls: Exclude<KeyClass, 'ordered'>,
  desc: boolean,
  vmode: number,
  writeKeys: boolean,
): Kernel {
  const fromOrdered = UNORDER[outCls][desc ? 1 : 0];
  return cached(`bucketSort32|${outCls}|${desc}|${vmode}|${writeKeys}`, () =>
    kernel(
      (
        d: number,
        z: number,
        keys: Uint32Array,
        tmp: Uint32Array,
        out: Uint32Array,
        vals: Uint32Array,
        tmpVals: Uint32Array,
        outVals: Uint32Array,
        starts: Uint32Array,
        bases: Uint32Array,
      ) => {
        const s = starts[d]!;
        const e = starts[d + 1]!;
        const b = bases[d]!;
        if (e > s) {
          const h0 = new Uint32Array(DBINS);
          const h1 = new Uint32Array(DBINS);
          for (let j = s; j < e; j++) {
            const x = (keys[j]! - b) >>> 0;
            const q0 = x & DMASK;
            const q1 = (x >>> DBITS) & DMASK;
            h0[q0] = h0[q0]! + 1;
            h1[q1] = h1[q1]! + 1;
          }
          let a0 = s;
          let a1 = s;
          for (let q = 0; q < DBINS; q++) {
            const c0 = h0[q]!;
            h0[q] = a0;
            a0 = a0 + c0;
            const c1 = h1[q]!;
            h1[q] = a1;
            a1 = a1 + c1;
          }
          for (let j = s; j < e; j++) {
            const k = keys[j]!;
            const q = (k - b) & DMASK;
            const p = h0[q]!;
            h0[q] = p + 1;
            tmp[p] = k;
            if (VMODE === 1) tmpVals[p] = vals[j]!;
          }
          for (let j = s; j < e; j++) {
            const k = tmp[j]!;
            const q = ((k - b) >>> DBITS) & DMASK;
            const p = h1[q]!;
            h1[q] = p + 1;
            if (WRITE_KEYS === 1) out[p] = unord(k);
            if (VMODE === 1) outVals[p] = tmpVals[j]!;
          }
        }
      },
      {
        name: 'sort_buckets',
        uses: {
          unord: fromOrdered,
          VMODE: vmode,
          WRITE_KEYS: writeKeys ? 1 : 0,
          DBITS: BUCKET_DIGIT_BITS,
          DMASK: 2 ** BUCKET_DIGIT_BITS - 1,
          DBINS: 2 ** BUCKET_DIGIT_BITS,
        },
      },
    ),
  );
}
