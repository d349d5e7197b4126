// sortCpu.ts — the kernels of the radix sort on the CPU backends (js, workers, wasm): LSD
// passes of 11-bit digits (count, prefix, scatter; 64-bit keys as word pairs); the scatter
// also serves the hybrid for large 32-bit keys (sortHybrid.ts). Written in the kernel
// language; sort.ts orchestrates them (see its header for the algorithm).

import type { Kernel } from '../index.js';
import { kernel } from './internalKernel.js';
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
declare const TABLED: number;
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
