// sortCpu.ts — the kernels of the radix sort on the CPU backends (js, workers, wasm): LSD
// passes of 11-bit digits (count, prefix, scatter; 64-bit keys as word pairs) and the hybrid
// for large 32-bit keys (one scatter into 256-odd buckets, then every bucket sorted by two
// 12-bit digits in cache). Written
// in the kernel language; sort.ts orchestrates them (see its header for the algorithm).

import { kernel, type Kernel } from '../index.js';
import {
  cached,
  ORDER,
  ORDER64,
  UNORDER,
  UNORDER64,
  isNan64Impl,
  radixUses,
  type KeyClass,
  type Radix,
} from './sortWords.js';

// ---------------------------------------------------------------------------------------
// Kernels. `Keys` stands for the raw key array (any integer typed array, or f32 bits as a
// Uint32Array); ordered words are Uint32Arrays. VMODE: 0 no values, 1 values carried from
// an array, 2 the index (argsort's first pass). WRITE_KEYS: 0 when only values are wanted.

export const WIDE: Radix = { bits: 11, radix: 2048, digits32: 3, digits64: 6 };
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
declare const ordLo: (hi: number, lo: number) => number;
declare const ordHi: (hi: number, lo: number) => number;
declare const unLo: (kh: number, kl: number) => number;
declare const unHi: (kh: number, kl: number) => number;
declare const VMODE: number;
declare const WRITE_KEYS: number;
declare const RAW_IN: number;
declare const RAW_OUT: number;
declare const RADIX: number;
declare const MASK: number;
declare const BITS: number;
declare const H3: number;
declare const TOP_BUCKETS: number;
declare const TOP_SHIFT: number;
declare const DBITS: number;
declare const DMASK: number;
declare const DBINS: number;
declare const TABLED: number;
declare const SPAN: number;
declare const RUNS: number;
declare const RUN_KEYS: number;
declare const PER_BUCKET: number;
declare const isNan64: (hi: number, lo: number) => boolean;
declare const digit64: (
  kh: number,
  kl: number,
  shift: number,
  bits: number,
  mask: number,
) => number;

/** Exclusive prefix over counts[base … base + m) in place (one invocation). */
export const prefix = kernel(
  (t: number, counts: Uint32Array, base: number, m: number) => {
    let s = 0;
    for (let i = base; i < base + m; i++) {
      const v = counts[i]!;
      counts[i] = s;
      s = s + v;
    }
  },
  { name: 'sort_prefix' },
);

/** Sums the chunks' counts of (digit position, digit) rows from `base`: sums[r] = Σ_c counts[r·C + c], r = base + q. */
export const totals = kernel(
  (q: number, counts: Uint32Array, sums: Uint32Array, C: number, base: number) => {
    let s = 0;
    const r = base + q;
    for (let c = 0; c < C; c++) s = s + counts[r * C + c]!;
    sums[r] = s;
  },
  { name: 'sort_totals' },
);

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
 * Histograms of every digit of 32-bit keys per chunk, from raw keys:
 * counts[(p·RADIX + d)·C + c] (a local array per digit position: one may hold at most 4096
 * words; the fourth is used by 8-bit digits only).
 */
export function countAll32(cls: KeyClass, desc: boolean, r: Radix): Kernel {
  return cached(`countAll32|${cls}|${desc}|${r.bits}`, () =>
    kernel(
      (c: number, keys: Uint32Array, counts: Uint32Array, n: number, L: number, C: number) => {
        const h0 = new Uint32Array(RADIX);
        const h1 = new Uint32Array(RADIX);
        const h2 = new Uint32Array(RADIX);
        const h3 = new Uint32Array(H3);
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          const k = ord(keys[j]!);
          const d0 = k & MASK;
          const d1 = (k >>> BITS) & MASK;
          const d2 = (k >>> (2 * BITS)) & MASK;
          h0[d0] = h0[d0]! + 1;
          h1[d1] = h1[d1]! + 1;
          h2[d2] = h2[d2]! + 1;
          if (H3 > 1) {
            const d3 = (k >>> (3 * BITS)) & MASK;
            h3[d3] = h3[d3]! + 1;
          }
        }
        for (let d = 0; d < RADIX; d++) {
          counts[d * C + c] = h0[d]!;
          counts[(RADIX + d) * C + c] = h1[d]!;
          counts[(2 * RADIX + d) * C + c] = h2[d]!;
          if (H3 > 1) counts[(3 * RADIX + d) * C + c] = h3[d]!;
        }
      },
      {
        name: 'sort_countAll',
        uses: {
          ord: ORDER[cls][desc ? 1 : 0],
          ...radixUses(r),
          H3: r.digits32 === 4 ? r.radix : 1,
        },
      },
    ),
  );
}

/** Histogram of one digit of ordered words per chunk: counts[d·C + c]. */
export function count32(r: Radix): Kernel {
  return cached(`count32|${r.bits}`, () =>
    kernel(
      (
        c: number,
        keys: Uint32Array,
        counts: Uint32Array,
        n: number,
        L: number,
        C: number,
        shift: number,
      ) => {
        const h = new Uint32Array(RADIX);
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          const d = (keys[j]! >>> shift) & MASK;
          h[d] = h[d]! + 1;
        }
        for (let d = 0; d < RADIX; d++) counts[d * C + c] = h[d]!;
      },
      { name: 'sort_count', uses: radixUses(r) },
    ),
  );
}

/**
 * One stable scatter pass of 32-bit keys (see the notes on the kernels above and the header of sort.ts). With `tabled`, the
 * digit is the bucket `table[k >>> 16]` of the balanced buckets (bucketTable) instead of
 * `(k >>> shift) & MASK`.
 */
export function scatter32(
  inCls: KeyClass,
  outCls: KeyClass,
  desc: boolean,
  vmode: number,
  writeKeys: boolean,
  r: Radix,
  tabled = false,
): Kernel {
  // (Not named ord/unord: the kernel's own `ord` must stay a free name a bundler leaves alone.)
  const toOrdered = ORDER[inCls][desc ? 1 : 0];
  const fromOrdered = outCls === 'ordered' ? ORDER.ordered[0] : UNORDER[outCls][desc ? 1 : 0];
  const key = `scatter32|${inCls}|${outCls}|${desc}|${vmode}|${writeKeys}|${r.bits}|${tabled}`;
  return cached(key, () =>
    kernel(
      (
        c: number,
        keys: Uint32Array,
        dstKeys: Uint32Array,
        vals: Uint32Array,
        dstVals: Uint32Array,
        offsets: Uint32Array,
        base: number,
        n: number,
        L: number,
        C: number,
        shift: number,
        table: Uint32Array,
      ) => {
        const o = new Uint32Array(RADIX);
        for (let d = 0; d < RADIX; d++) o[d] = offsets[base + d * C + c]!;
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          const k = ord(keys[j]!);
          const d = (TABLED === 1 ? table[k >>> 16]! : k >>> shift) & MASK;
          const p = o[d]!;
          o[d] = p + 1;
          if (WRITE_KEYS === 1) dstKeys[p] = unord(k);
          if (VMODE === 1) dstVals[p] = vals[j]!;
          if (VMODE === 2) dstVals[p] = j;
        }
      },
      {
        name: 'sort_scatter',
        uses: {
          ord: toOrdered,
          unord: fromOrdered,
          VMODE: vmode,
          WRITE_KEYS: writeKeys ? 1 : 0,
          TABLED: tabled ? 1 : 0,
          ...radixUses(r),
        },
      },
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

/** The digit at bit `shift` (`bits` wide) of a 64-bit ordered key (kh, kl). */
const digit64Impl = (kh: number, kl: number, shift: number, bits: number, mask: number): number =>
  (shift >= 32
    ? kh >>> (shift - 32)
    : shift + bits <= 32
      ? kl >>> shift
      : (kl >>> shift) | (kh << (32 - shift))) & mask;

/**
 * Histograms of every digit of f64 keys (pairs of words) per chunk, from raw keys: six
 * digits of 11 bits in three arrays of 4096, or eight of 8 bits in two arrays of 1024.
 */
export function countAll64(desc: boolean, r: Radix): Kernel {
  const d = desc ? 1 : 0;
  return cached(`countAll64|${desc}|${r.bits}`, () =>
    kernel(
      (c: number, w: Uint32Array, counts: Uint32Array, n: number, L: number, C: number) => {
        const h0 = new Uint32Array(H3);
        const h1 = new Uint32Array(H3);
        const h2 = new Uint32Array(H3);
        const h3 = new Uint32Array(H3);
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          const lo = w[2 * j]!;
          const hi = w[2 * j + 1]!;
          const kl = ordLo(hi, lo);
          const kh = ordHi(hi, lo);
          const a0 = digit64(kh, kl, 0, BITS, MASK);
          const a1 = RADIX + digit64(kh, kl, BITS, BITS, MASK);
          const b0 = digit64(kh, kl, 2 * BITS, BITS, MASK);
          const b1 = RADIX + digit64(kh, kl, 3 * BITS, BITS, MASK);
          const e0 = digit64(kh, kl, 4 * BITS, BITS, MASK);
          const e1 = RADIX + digit64(kh, kl, 5 * BITS, BITS, MASK);
          h0[a0] = h0[a0]! + 1;
          h0[a1] = h0[a1]! + 1;
          h1[b0] = h1[b0]! + 1;
          h1[b1] = h1[b1]! + 1;
          h2[e0] = h2[e0]! + 1;
          h2[e1] = h2[e1]! + 1;
          if (BITS === 8) {
            const f0 = digit64(kh, kl, 48, 8, 255);
            const f1 = 256 + digit64(kh, kl, 56, 8, 255);
            h3[f0] = h3[f0]! + 1;
            h3[f1] = h3[f1]! + 1;
          }
        }
        for (let q = 0; q < 2 * RADIX; q++) {
          counts[q * C + c] = h0[q]!;
          counts[(2 * RADIX + q) * C + c] = h1[q]!;
          counts[(4 * RADIX + q) * C + c] = h2[q]!;
          if (BITS === 8) counts[(6 * RADIX + q) * C + c] = h3[q]!;
        }
      },
      {
        name: 'sort_countAll64',
        uses: {
          ordLo: ORDER64.lo[d]!,
          ordHi: ORDER64.hi[d]!,
          isNan64: isNan64Impl,
          digit64: digit64Impl,
          ...radixUses(r),
          H3: 2 * r.radix,
        },
      },
    ),
  );
}

/** Histogram of one digit of ordered f64 words per chunk. */
export function count64(r: Radix): Kernel {
  return cached(`count64|${r.bits}`, () =>
    kernel(
      (
        c: number,
        w: Uint32Array,
        counts: Uint32Array,
        n: number,
        L: number,
        C: number,
        shift: number,
      ) => {
        const h = new Uint32Array(RADIX);
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          const d = digit64(w[2 * j + 1]!, w[2 * j]!, shift, BITS, MASK);
          h[d] = h[d]! + 1;
        }
        for (let d = 0; d < RADIX; d++) counts[d * C + c] = h[d]!;
      },
      { name: 'sort_count64', uses: { digit64: digit64Impl, ...radixUses(r) } },
    ),
  );
}

export function scatter64(
  rawIn: boolean,
  rawOut: boolean,
  desc: boolean,
  vmode: number,
  writeKeys: boolean,
  r: Radix,
): Kernel {
  const d = desc ? 1 : 0;
  return cached(`scatter64|${rawIn}|${rawOut}|${desc}|${vmode}|${writeKeys}|${r.bits}`, () =>
    kernel(
      (
        c: number,
        w: Uint32Array,
        dst: Uint32Array,
        vals: Uint32Array,
        dstVals: Uint32Array,
        offsets: Uint32Array,
        base: number,
        n: number,
        L: number,
        C: number,
        shift: number,
      ) => {
        const o = new Uint32Array(RADIX);
        for (let q = 0; q < RADIX; q++) o[q] = offsets[base + q * C + c]!;
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          const lo = w[2 * j]!;
          const hi = w[2 * j + 1]!;
          const kl = RAW_IN === 1 ? ordLo(hi, lo) : lo;
          const kh = RAW_IN === 1 ? ordHi(hi, lo) : hi;
          const q = digit64(kh, kl, shift, BITS, MASK);
          const p = o[q]!;
          o[q] = p + 1;
          if (WRITE_KEYS === 1) {
            dst[2 * p] = RAW_OUT === 1 ? unLo(kh, kl) : kl;
            dst[2 * p + 1] = RAW_OUT === 1 ? unHi(kh, kl) : kh;
          }
          if (VMODE === 1) dstVals[p] = vals[j]!;
          if (VMODE === 2) dstVals[p] = j;
        }
      },
      {
        name: 'sort_scatter64',
        uses: {
          ordLo: ORDER64.lo[d]!,
          ordHi: ORDER64.hi[d]!,
          unLo: UNORDER64.lo[d]!,
          unHi: UNORDER64.hi[d]!,
          isNan64: isNan64Impl,
          digit64: digit64Impl,
          RAW_IN: rawIn ? 1 : 0,
          RAW_OUT: rawOut ? 1 : 0,
          VMODE: vmode,
          WRITE_KEYS: writeKeys ? 1 : 0,
          ...radixUses(r),
        },
      },
    ),
  );
}
