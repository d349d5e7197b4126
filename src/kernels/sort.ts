// sort.ts — `sort(keys, { values, descending, out })` and `argsort(keys)`: a stable LSD radix
// sort written in the kernel language, the same permutation on every backend.
//
// Keys become unsigned "ordered" words whose unsigned order is the sort order: u32 as they
// are; signed integers with the sign bit flipped; floats from their IEEE bits — negative
// values with every bit flipped, others with the sign bit set, every NaN the largest word
// (so NaN sorts last and −0 just below +0); `descending` complements the words (a NaN stays
// largest: last in both directions). f64 keys are two words (high word most significant).
//
// Passes of 11-bit digits (3 for 32-bit keys, 6 for f64), least significant first: a pass
// costs about the same with 8-bit digits (it is bound by its scattered writes), so fewer,
// wider passes win. The array is cut into C chunks (a function of the length and backend;
// the result does not depend on it):
//   countAll   — per chunk, a 2048-bin histogram of every digit at once, straight from the
//                raw keys (one read of the input); `totals` sums them over the chunks;
//   (host)     — the totals per digit say which passes can be skipped (a digit that is the
//                same for every key moves nothing);
//   count      — per chunk, the histogram of the pass's digit (passes after the first);
//   prefix     — one invocation: the exclusive prefix over (digit, chunk), i.e. where each
//                chunk's keys of each digit go;
//   scatter    — per chunk, keys in order to their digit's next slot (stable), with the
//                values (or, for argsort, the indices) beside them. The first pass reads raw
//                keys, the last writes raw keys back (canonical NaN: 0x7fc00000 for f32,
//                0x7ff8000000000000 for f64).
// From 2^21 32-bit keys on a CPU backend, a hybrid replaces the three LSD passes when the
// keys spread into buckets of at most 2^17: `countTop` counts only the buckets, one scatter
// by bucket goes through memory, and `bucketSort32` then sorts every bucket by the two
// 11-bit digits of key − the bucket's base in cache (one count of both, two passes) — two
// passes through memory instead of three, one count instead of three. Integer keys are
// bucketed by their top 10-bit digit. Float keys, whose top digit is mostly the exponent
// (a uniform sample puts a tenth of its keys in one such bucket), are bucketed by a table
// of their top 16 bits that `bucketTable` builds from a sample of 32,768 keys: about 1,024
// consecutive runs of prefixes holding similar numbers of keys, none wider than 2^22. Skewed
// keys fall back to LSD: when the sample shows a prefix too heavy (no extra pass), or when
// the exact count finds a bucket above 2^17 (one count wasted).
// Float keys are handled as their bits: a 32-bit word view of the array (no copy on the
// CPU backends; on WebGPU, resident f32 keys become words and back with the f32bits and
// f32frombits intrinsics, on the device).
// WebGPU runs its own cooperative count and scatter passes of 4-bit digits (see "WebGPU"
// below), with the same counts layout, `totals` and `prefix`.

import {
  atomicAdd as atomicAddImpl,
  barrier as barrierImpl,
  f32bits as f32bitsImpl,
  f32frombits as f32frombitsImpl,
  groupId as groupIdImpl,
  kernel,
  localId as localIdImpl,
  NDArray,
  shared as sharedImpl,
  type Kernel,
} from '../index.js';
import {
  checkOptions,
  checkOut,
  chooseBackend,
  hostMemory,
  isDense,
  ordered,
  sharedArray,
  sharesMemory,
  TYPED,
  vectorArg,
  wordView,
  Work,
  type ArrayArg,
  type BackendOption,
  type Buf,
  type DType,
  type NdarrayLike,
  type TypedArray,
} from './arrays.js';
import { denseInput, runCopy } from './layout.js';
import { finish, hostResult, resultTarget } from './scan.js';

// ---------------------------------------------------------------------------------------
// Key words: raw key ⇄ ordered word. One helper per (key class, direction); each is kernel
// language, inlined into the kernels through `uses`.

/** How raw keys are read: unsigned ints, signed ints, f32 bits, or words already ordered. */
type KeyClass = 'unsigned' | 'signed' | 'float' | 'ordered';

const ORDER: Record<KeyClass, [(r: number) => number, (r: number) => number]> = {
  unsigned: [(r: number) => r >>> 0, (r: number) => ~r >>> 0],
  signed: [(r: number) => (r ^ -2147483648) >>> 0, (r: number) => ~(r ^ -2147483648) >>> 0],
  float: [
    (r: number) =>
      (r & 0x7fffffff) > 0x7f800000
        ? 0xffffffff
        : r >>> 31 === 1
          ? ~r >>> 0
          : (r | 0x80000000) >>> 0,
    (r: number) =>
      (r & 0x7fffffff) > 0x7f800000
        ? 0xffffffff
        : r >>> 31 === 1
          ? r >>> 0
          : ~(r | 0x80000000) >>> 0,
  ],
  ordered: [(r: number) => r >>> 0, (r: number) => r >>> 0],
};

/** Ordered word → the raw key stored in the output (per class, ascending / descending). */
const UNORDER: Record<
  Exclude<KeyClass, 'ordered'>,
  [(k: number) => number, (k: number) => number]
> = {
  unsigned: [(k: number) => k >>> 0, (k: number) => ~k >>> 0],
  signed: [(k: number) => (k ^ -2147483648) | 0, (k: number) => ~k ^ -2147483648],
  float: [
    (k: number) =>
      k === 0xffffffff ? 0x7fc00000 : k >>> 31 === 1 ? (k ^ 0x80000000) >>> 0 : ~k >>> 0,
    (k: number) =>
      k === 0xffffffff ? 0x7fc00000 : k >>> 31 === 0 ? (k ^ 0x7fffffff) >>> 0 : k >>> 0,
  ],
};

// f64: (hi, lo) words. NaN → (0xffffffff, 0xffffffff); descending complements both words.
const isNan64Impl = (hi: number, lo: number): boolean =>
  (hi & 0x7fffffff) > 0x7ff00000 || ((hi & 0x7fffffff) === 0x7ff00000 && lo !== 0);
const ORDER64 = {
  hi: [
    (hi: number, lo: number) =>
      isNan64(hi, lo) ? 0xffffffff : hi >>> 31 === 1 ? ~hi >>> 0 : (hi | 0x80000000) >>> 0,
    (hi: number, lo: number) =>
      isNan64(hi, lo) ? 0xffffffff : hi >>> 31 === 1 ? hi >>> 0 : ~(hi | 0x80000000) >>> 0,
  ],
  lo: [
    (hi: number, lo: number) =>
      isNan64(hi, lo) ? 0xffffffff : hi >>> 31 === 1 ? ~lo >>> 0 : lo >>> 0,
    (hi: number, lo: number) =>
      isNan64(hi, lo) ? 0xffffffff : hi >>> 31 === 1 ? lo >>> 0 : ~lo >>> 0,
  ],
};
const UNORDER64 = {
  hi: [
    (kh: number, kl: number) =>
      kh === 0xffffffff && kl === 0xffffffff
        ? 0x7ff80000
        : kh >>> 31 === 1
          ? (kh ^ 0x80000000) >>> 0
          : ~kh >>> 0,
    (kh: number, kl: number) =>
      kh === 0xffffffff && kl === 0xffffffff
        ? 0x7ff80000
        : kh >>> 31 === 0
          ? (kh ^ 0x7fffffff) >>> 0
          : kh >>> 0,
  ],
  lo: [
    (kh: number, kl: number) =>
      kh === 0xffffffff && kl === 0xffffffff ? 0 : kh >>> 31 === 1 ? kl >>> 0 : ~kl >>> 0,
    (kh: number, kl: number) =>
      kh === 0xffffffff && kl === 0xffffffff ? 0 : kh >>> 31 === 0 ? ~kl >>> 0 : kl >>> 0,
  ],
};

// ---------------------------------------------------------------------------------------
// Kernels. `Keys` stands for the raw key array (any integer typed array, or f32 bits as a
// Uint32Array); ordered words are Uint32Arrays. VMODE: 0 no values, 1 values carried from
// an array, 2 the index (argsort's first pass). WRITE_KEYS: 0 when only values are wanted.

/**
 * Digit widths: 11 bits on the CPU backends (3 passes for 32-bit keys, 6 for f64: a pass is
 * bound by its scattered writes and costs about the same with 8-bit digits, so fewer, wider
 * passes win); 4 bits on WebGPU (8 passes: the cooperative passes below, whose shared
 * tables grow with the radix). The permutation does not depend on the width.
 */
interface Radix {
  readonly bits: number;
  readonly radix: number;
  /** Digit positions of 32-bit and 64-bit keys. */
  readonly digits32: number;
  readonly digits64: number;
}
const WIDE: Radix = { bits: 11, radix: 2048, digits32: 3, digits64: 6 };
/** The hybrid (top-digit scatter, then buckets sorted in cache) from this many keys… */
const HYBRID_MIN = 1 << 21;
/** …when no bucket of the top digit is larger than this (it must stay in cache). */
const HYBRID_MAX_BUCKET = 1 << 17;
/** Balanced buckets (bucketTable): at most this many 16-bit prefixes per bucket (2^22 / 2^16)… */
const TABLE_SPAN = 64;
/** …from a sample of TABLE_RUNS runs of TABLE_RUN_KEYS consecutive keys… */
const TABLE_RUNS = 2048;
const TABLE_RUN_KEYS = 16;
/** …cut into buckets of about this many sampled keys (about 1,024 buckets). */
const TABLE_PER_BUCKET = 32;

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
const prefix = kernel(
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
const totals = kernel(
  (q: number, counts: Uint32Array, sums: Uint32Array, C: number, base: number) => {
    let s = 0;
    const r = base + q;
    for (let c = 0; c < C; c++) s = s + counts[r * C + c]!;
    sums[r] = s;
  },
  { name: 'sort_totals' },
);

/** Histogram of the top 10-bit digit of 32-bit keys per chunk, from raw keys, into its rows of counts. */
function countTop32(cls: KeyClass, desc: boolean): Kernel {
  return cached(`countTop32|${cls}|${desc}`, () =>
    kernel(
      (c: number, keys: Uint32Array, counts: Uint32Array, n: number, L: number, C: number) => {
        const h = new Uint32Array(1024);
        const start = c * L;
        const end = Math.min(start + L, n);
        for (let j = start; j < end; j++) {
          const d = ord(keys[j]!) >>> 22;
          h[d] = h[d]! + 1;
        }
        for (let d = 0; d < 1024; d++) counts[(4096 + d) * C + c] = h[d]!;
      },
      { name: 'sort_countTop', uses: { ord: ORDER[cls][desc ? 1 : 0] } },
    ),
  );
}

/**
 * Balanced buckets for float keys (one invocation): the top 16 bits of the ordered words of
 * RUNS runs of RUN_KEYS consecutive keys, spread over the array, are counted into `table`
 * (65536 words); a walk over the 16-bit prefixes in order then cuts them into consecutive
 * buckets of about PER_BUCKET sampled keys, none spanning more than SPAN (64) prefixes, so
 * that a key minus its bucket's base (first prefix · 2^16) is below 2^22 (two 11-bit
 * digits). `table` becomes prefix → bucket; `bases[b]` the base of bucket b;
 * bases[2048] the number of buckets, bases[2049] the largest sample count of one prefix,
 * bases[2050] 1 when more than 2048 buckets would be needed. The sample only balances the
 * buckets: the sort is exact whatever it finds.
 */
function bucketTable(cls: KeyClass, desc: boolean): Kernel {
  return cached(`bucketTable|${cls}|${desc}`, () =>
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
          PER_BUCKET: TABLE_PER_BUCKET,
        },
      },
    ),
  );
}

/** Histogram of the balanced buckets (`table[k >>> 16]`) per chunk, from raw keys, into the top digit's rows of counts. */
function countTable32(cls: KeyClass, desc: boolean): Kernel {
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

const kernelCache = new Map<string, Kernel>();
function cached(key: string, make: () => Kernel): Kernel {
  let k = kernelCache.get(key);
  if (!k) kernelCache.set(key, (k = make()));
  return k;
}

const radixUses = (r: Radix) => ({ RADIX: r.radix, MASK: r.radix - 1, BITS: r.bits });

/**
 * Histograms of every digit of 32-bit keys per chunk, from raw keys:
 * counts[(p·RADIX + d)·C + c] (a local array per digit position: one may hold at most 4096
 * words; the fourth is used by 8-bit digits only).
 */
function countAll32(cls: KeyClass, desc: boolean, r: Radix): Kernel {
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
function count32(r: Radix): Kernel {
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
 * One stable scatter pass of 32-bit keys (see the kernel notes above). With `tabled`, the
 * digit is the bucket `table[k >>> 16]` of the balanced buckets (bucketTable) instead of
 * `(k >>> shift) & MASK`.
 */
function scatter32(
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

// ---------------------------------------------------------------------------------------
// WebGPU: cooperative LSD passes of 4-bit digits (8 passes for 32-bit keys). A workgroup of
// GPU_GROUP invocations owns a tile of GPU_TILE keys (GPU_PER consecutive keys each); the
// tile is the chunk of the counts layout above (counts[(digit row)·C + tile]), so `totals`
// and `prefix` are shared with the CPU passes. Counting uses a shared-memory histogram
// (workgroup atomics); the scatter ranks each key stably inside its tile: every invocation
// counts its keys per digit into its column of a shared [digit][invocation] table, the
// workgroup scans the table in (digit, invocation) order (a sequential run of 16 entries
// per invocation, then a Hillis–Steele scan of the runs' totals), and each invocation then
// writes its keys in order after the keys of the same digit of earlier tiles (prefix) and
// of earlier invocations of its tile (the table). Nothing waits on another workgroup, so
// it is safe on every WebGPU device; the permutation is the same as on the CPU backends
// (stable LSD sorts by the same words give one permutation whatever the digit width).

const GPU: Radix = { bits: 4, radix: 16, digits32: 8, digits64: 16 };
const GPU_GROUP = 128;
const GPU_PER = 8;
const GPU_TILE = GPU_GROUP * GPU_PER;

declare const GROUP: number;
declare const PER: number;
declare const TABLE: number;
declare const RUN: number;
declare const shared: typeof sharedImpl;
declare const barrier: typeof barrierImpl;
declare const localId: typeof localIdImpl;
declare const groupId: typeof groupIdImpl;
declare const atomicAdd: typeof atomicAddImpl;

const cooperative = {
  shared: sharedImpl,
  barrier: barrierImpl,
  localId: localIdImpl,
  groupId: groupIdImpl,
  atomicAdd: atomicAddImpl,
  GROUP: GPU_GROUP,
  PER: GPU_PER,
  TABLE: GPU.radix * GPU_GROUP,
  RUN: (GPU.radix * GPU_GROUP) / GPU_GROUP,
  ...radixUses(GPU),
};

/**
 * Raw key → ordered word and back with the key class as a launch argument (0 ordered
 * words, 1 unsigned, 2 signed, 3 float bits; desc 0 or 1), so one compiled pipeline serves
 * every pass: each WGSL variant costs SwiftShader seconds to compile. The same maps as
 * ORDER/UNORDER.
 */
const gpuOrderImpl = (r: number, cls: number, desc: number): number => {
  let k = r >>> 0;
  if (cls === 2) k = (r ^ -2147483648) >>> 0;
  if (cls === 3) {
    if ((r & 0x7fffffff) > 0x7f800000) return 0xffffffff;
    k = r >>> 31 === 1 ? ~r >>> 0 : (r | 0x80000000) >>> 0;
  }
  return cls !== 0 && desc === 1 ? ~k >>> 0 : k;
};
const gpuUnorderImpl = (k: number, cls: number, desc: number): number => {
  if (cls === 0) return k >>> 0;
  if (cls === 3 && k === 0xffffffff) return 0x7fc00000;
  const u = desc === 1 ? ~k >>> 0 : k;
  if (cls === 2) return (u ^ -2147483648) >>> 0;
  if (cls === 3) return u >>> 31 === 1 ? (u ^ 0x80000000) >>> 0 : ~u >>> 0;
  return u;
};
declare const gpuOrder: typeof gpuOrderImpl;
declare const gpuUnorder: typeof gpuUnorderImpl;
const CLASS_CODE: Record<KeyClass, number> = { ordered: 0, unsigned: 1, signed: 2, float: 3 };

declare const f32bits: typeof f32bitsImpl;
declare const f32frombits: typeof f32frombitsImpl;

/** WebGPU: resident f32 keys as their bits (the first pass reads words). */
const gpuToBits = kernel(
  (i: number, x: Float32Array, words: Uint32Array) => {
    words[i] = f32bits(x[i]!);
  },
  { name: 'sort_f32bits', uses: { f32bits: f32bitsImpl } },
);

/** WebGPU: the last pass's words back into a resident f32 array. */
const gpuFromBits = kernel(
  (i: number, words: Uint32Array, x: Float32Array) => {
    x[i] = f32frombits(words[i]!);
  },
  { name: 'sort_f32frombits', uses: { f32frombits: f32frombitsImpl } },
);

/** Every 4-bit digit's histogram per tile from raw 32-bit keys: counts[(p·16 + d)·C + tile]. */
const gpuCountAll32 = kernel(
  (
    i: number,
    keys: Uint32Array,
    counts: Uint32Array,
    n: number,
    C: number,
    cls: number,
    desc: number,
  ) => {
    const h = shared(Uint32Array, 128);
    const l = localId();
    const start = groupId() * GROUP * PER + l * PER;
    for (let q = 0; q < PER; q++) {
      const j = start + q;
      if (j < n) {
        const k = gpuOrder(keys[j]!, cls, desc);
        for (let p = 0; p < 8; p++) atomicAdd(h, p * 16 + ((k >>> (4 * p)) & 15), 1);
      }
    }
    barrier();
    if (l < 128) counts[l * C + groupId()] = h[l]!;
  },
  {
    name: 'sort_gpuCountAll',
    workgroup: GPU_GROUP,
    uses: { ...cooperative, gpuOrder: gpuOrderImpl },
  },
);

/** One 4-bit digit's histogram per tile of ordered words: counts[d·C + tile]. */
const gpuCount32 = kernel(
  (i: number, keys: Uint32Array, counts: Uint32Array, n: number, C: number, shift: number) => {
    const h = shared(Uint32Array, RADIX);
    const l = localId();
    const start = groupId() * GROUP * PER + l * PER;
    for (let q = 0; q < PER; q++) {
      const j = start + q;
      if (j < n) atomicAdd(h, (keys[j]! >>> shift) & MASK, 1);
    }
    barrier();
    if (l < RADIX) counts[l * C + groupId()] = h[l]!;
  },
  { name: 'sort_gpuCount', workgroup: GPU_GROUP, uses: cooperative },
);

/**
 * One stable scatter pass of 32-bit keys by a 4-bit digit, a tile per workgroup (see
 * above). inCls/outCls: CLASS_CODE of the words read and written; vmode as VMODE; writeKeys
 * 0 or 1.
 */
const gpuScatter32 = kernel(
  (
    i: number,
    keys: Uint32Array,
    dstKeys: Uint32Array,
    vals: Uint32Array,
    dstVals: Uint32Array,
    offsets: Uint32Array,
    base: number,
    n: number,
    C: number,
    shift: number,
    inCls: number,
    outCls: number,
    desc: number,
    vmode: number,
    writeKeys: number,
  ) => {
    // table[d·GROUP + l]: keys of digit d among invocation l's (then: before them).
    const table = shared(Uint32Array, TABLE);
    const runs = shared(Uint32Array, GROUP);
    const l = localId();
    const tile = groupId();
    const start = tile * GROUP * PER + l * PER;
    for (let q = 0; q < PER; q++) {
      const j = start + q;
      if (j < n) {
        const d = (gpuOrder(keys[j]!, inCls, desc) >>> shift) & MASK;
        table[d * GROUP + l] = table[d * GROUP + l]! + 1;
      }
    }
    barrier();
    // Exclusive scan of the table in (digit, invocation) order: runs of RUN entries.
    let total = 0;
    for (let q = 0; q < RUN; q++) total = total + table[l * RUN + q]!;
    runs[l] = total;
    barrier();
    for (let off = 1; off < GROUP; off = off * 2) {
      let v = 0;
      if (l >= off) v = runs[l - off]!;
      barrier();
      runs[l] = runs[l]! + v;
      barrier();
    }
    let acc = runs[l]! - total;
    for (let q = 0; q < RUN; q++) {
      const v = table[l * RUN + q]!;
      table[l * RUN + q] = acc;
      acc = acc + v;
    }
    barrier();
    const seen = new Uint32Array(RADIX);
    for (let q = 0; q < PER; q++) {
      const j = start + q;
      if (j < n) {
        const k = gpuOrder(keys[j]!, inCls, desc);
        const d = (k >>> shift) & MASK;
        const p =
          offsets[base + d * C + tile]! + table[d * GROUP + l]! - table[d * GROUP]! + seen[d]!;
        seen[d] = seen[d]! + 1;
        if (writeKeys === 1) dstKeys[p] = gpuUnorder(k, outCls, desc);
        if (vmode === 1) dstVals[p] = vals[j]!;
        if (vmode === 2) dstVals[p] = j;
      }
    }
  },
  {
    name: 'sort_gpuScatter',
    workgroup: GPU_GROUP,
    uses: { ...cooperative, gpuOrder: gpuOrderImpl, gpuUnorder: gpuUnorderImpl },
  },
);

/**
 * The second half of the hybrid sort of 32-bit keys (see runSort): invocation d sorts bucket
 * d — keys[starts[d] … starts[d+1]), ordered words, every one in [bases[d], bases[d] + 2^22)
 * — by the two 11-bit digits of k − bases[d], in cache: one read counts both digits (a
 * bucket's histogram of the upper digit does not change when the low pass reorders it),
 * then the low pass into `tmp` and the upper pass into `out`, writing raw keys (and the
 * values beside them). Buckets of the top 10-bit digit have bases d·2^22; balanced buckets
 * (bucketTable) have their own.
 */
function bucketSort32(
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
          const h0 = new Uint32Array(2048);
          const h1 = new Uint32Array(2048);
          for (let j = s; j < e; j++) {
            const x = (keys[j]! - b) >>> 0;
            const q0 = x & 2047;
            const q1 = (x >>> 11) & 2047;
            h0[q0] = h0[q0]! + 1;
            h1[q1] = h1[q1]! + 1;
          }
          let a0 = s;
          let a1 = s;
          for (let q = 0; q < 2048; q++) {
            const c0 = h0[q]!;
            h0[q] = a0;
            a0 = a0 + c0;
            const c1 = h1[q]!;
            h1[q] = a1;
            a1 = a1 + c1;
          }
          for (let j = s; j < e; j++) {
            const k = keys[j]!;
            const q = (k - b) & 2047;
            const p = h0[q]!;
            h0[q] = p + 1;
            tmp[p] = k;
            if (VMODE === 1) tmpVals[p] = vals[j]!;
          }
          for (let j = s; j < e; j++) {
            const k = tmp[j]!;
            const q = ((k - b) >>> 11) & 2047;
            const p = h1[q]!;
            h1[q] = p + 1;
            if (WRITE_KEYS === 1) out[p] = unord(k);
            if (VMODE === 1) outVals[p] = tmpVals[j]!;
          }
        }
      },
      {
        name: 'sort_buckets',
        uses: { unord: fromOrdered, VMODE: vmode, WRITE_KEYS: writeKeys ? 1 : 0 },
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
function countAll64(desc: boolean, r: Radix): Kernel {
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
function count64(r: Radix): Kernel {
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

function scatter64(
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

// ---------------------------------------------------------------------------------------
// Host orchestration.

/**
 * Options of `sort(keys, options)`.
 *
 * @example
 * ```ts
 * const { keys, values } = await sort(scores, { values: ids, descending: true });
 * ```
 */
export interface SortOptions extends BackendOption {
  /** Values reordered with the keys (any dtype, the keys' length); the result is then { keys, values }. */
  values?: TypedArray | NDArray | NdarrayLike;
  /** Largest first (still stable; NaN still last; +0 before −0). */
  descending?: boolean;
  /** Where the sorted keys go (x's dtype and length), or `{ keys, values }` with values. */
  out?:
    | TypedArray
    | NDArray
    | NdarrayLike
    | {
        /** Where the sorted keys go. */
        keys?: TypedArray | NDArray | NdarrayLike;
        /** Where the reordered values go. */
        values?: TypedArray | NDArray | NdarrayLike;
      };
}

/**
 * Options of `argsort(keys, options)`.
 *
 * @example
 * ```ts
 * const order: Uint32Array = await argsort(keys, { descending: true });
 * ```
 */
export interface ArgsortOptions extends BackendOption {
  /** Largest first (still stable; NaN still last). */
  descending?: boolean;
  /** Where the permutation goes (a Uint32Array or u32 NDArray of the keys' length). */
  out?: Uint32Array | NDArray | NdarrayLike;
}

function keyClass(dtype: DType): KeyClass {
  switch (dtype) {
    case 'u32':
    case 'u16':
    case 'u8':
      return 'unsigned';
    case 'i32':
    case 'i16':
    case 'i8':
      return 'signed';
    default:
      return 'float';
  }
}

/** Chunks of a sort (any count gives the same result): parallel grain on CPUs, more on GPUs. */
function chunksFor(n: number, backend: string): number {
  if (backend === 'webgpu') return Math.max(1, Math.min(256, Math.ceil(n / 4096)));
  if (backend === 'js' || n < 1 << 16) return 1;
  return n < 1 << 20 ? 16 : 64;
}

/** A TypeError for the first pair of arguments that share memory (before anything runs). */
function refuseShared(
  fn: string,
  pairs: readonly [ArrayArg | undefined, string, ArrayArg | undefined, string][],
): void {
  for (const [a, aName, b, bName] of pairs) {
    if (a && b && sharesMemory(a, b))
      throw new TypeError(
        `numbat: ${fn}: '${aName}' shares memory with '${bName}'; give it an array of its own`,
      );
  }
}

/** The same memory (object, or typed views over the same bytes). */
function sameMemory(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b))
    return (
      a.buffer === b.buffer &&
      a.byteOffset < b.byteOffset + b.byteLength &&
      b.byteOffset < a.byteOffset + a.byteLength
    );
  return false;
}

interface Plan {
  readonly fn: string;
  readonly keys: ArrayArg;
  readonly values?: ArrayArg;
  readonly outKeys?: ArrayArg;
  readonly outValues?: ArrayArg;
  readonly descending: boolean;
  /** 'keys', 'kv' or 'argsort'. */
  readonly mode: 'keys' | 'kv' | 'argsort';
  readonly backend: BackendOption['backend'];
}

/** A buffer, or a word view taken afresh at each launch (a wasm memory may grow meanwhile). */
type Ref = Buf | (() => Buf);
const resolve = (r: Ref): Buf => (typeof r === 'function' ? r() : r);

/**
 * The raw key words of `a` on the working backend (integer keys as they are, float keys as
 * u32 words), and, when they are a copy made for this call, that copy: it is dead once the
 * first pass has read it, and the result may be written into it.
 */
async function rawWords(work: Work, a: ArrayArg): Promise<{ ref: Ref; copy?: Buf }> {
  const heapKeys = sharedArray(work, a);
  if (heapKeys) return { ref: keyClass(a.dtype) === 'float' ? wordView(heapKeys)! : heapKeys };
  const input = await denseInput(work, a, false);
  if (keyClass(a.dtype) !== 'float')
    return input.owned ? { ref: input.buf, copy: input.buf } : { ref: input.buf };
  const buf = input.buf;
  if (!(buf instanceof NDArray)) {
    const view = wordView(buf)!;
    if (work.backend === 'js') return { ref: view };
    const copy = await work.upload(view, false);
    return { ref: copy, copy };
  }
  if (hostMemory(buf.backend)) return { ref: () => wordView(buf)! };
  // WebGPU (f32 only): the bits on the device.
  const words = await work.alloc('u32', a.size);
  if (a.size > 0) await work.run(gpuToBits, a.size, buf, words);
  return { ref: words };
}

/** A result destination for float keys (written as words) or any other array. */
interface Target {
  /** What the last scatter writes (words for float keys). */
  readonly buf: Ref;
  /** Delivers the result; resolves to what the caller gets. */
  deliver(): Promise<unknown>;
}

/**
 * Where the sorted keys go. `spare` is a temporary of the result's dtype and length (words
 * for float keys) that nothing reads once the first pass has run: written in place of a
 * new temporary. (A single pass that reads it and writes the result goes through a
 * temporary, as for any output that is its input.)
 */
async function keyTarget(work: Work, plan: Plan, n: number, spare?: Buf): Promise<Target> {
  const ka = plan.keys;
  const out = plan.outKeys;
  const heapOut = sharedArray(work, out);
  if (heapOut) {
    const buf = keyClass(ka.dtype) === 'float' ? wordView(heapOut)! : heapOut;
    return { buf, deliver: async () => out!.value };
  }
  if (keyClass(ka.dtype) !== 'float') {
    const buf = await resultTarget(work, ka, out, ka.dtype, n, spare);
    return { buf, deliver: () => finish(work, ka, out, buf) };
  }
  const words = ka.dtype === 'f64' ? 2 * n : n;
  // Float keys: the last pass writes the bits straight into the destination where a word
  // view of it is host memory (kernels on other backends stage it like any host array).
  if (out && isDense(out)) {
    const dest =
      out.kind === 'ndarray'
        ? (out.value as NdarrayLike).data
        : (out.value as TypedArray | NDArray);
    if (dest instanceof NDArray ? hostMemory(dest.backend) : work.backend === 'js') {
      return { buf: () => wordView(dest)!, deliver: async () => out.value };
    }
  }
  if (!out && ka.kind === 'NDArray' && hostMemory(work.backend)) {
    const nd = await work.allocShape(ka.dtype, [n]);
    return { buf: () => wordView(nd)!, deliver: async () => work.keep(nd) };
  }
  if (!out && ka.kind !== 'NDArray' && work.backend === 'js') {
    const data = new TYPED[ka.dtype](n);
    return { buf: wordView(data)!, deliver: async () => hostResult(ka, data) };
  }
  // WebGPU, a resident result: words into a temporary, made floats on the device.
  if (work.backend === 'webgpu' && ka.dtype === 'f32') {
    const resident =
      out?.kind === 'NDArray' && isDense(out) && (out.value as NDArray).backend === 'webgpu'
        ? (out.value as NDArray)
        : !out && ka.kind === 'NDArray'
          ? await work.allocShape('f32', [n])
          : undefined;
    if (resident) {
      const tmp = await work.alloc('u32', n);
      return {
        buf: tmp,
        deliver: async () => {
          if (n > 0) await work.run(gpuFromBits, n, tmp, resident);
          return out ? out.value : work.keep(resident);
        },
      };
    }
  }
  // Elsewhere: words into a temporary, then viewed as floats.
  const tmp = spare ?? (await work.alloc('u32', words));
  return {
    buf: tmp,
    deliver: async () => {
      const bits = (await work.read(tmp)) as Uint32Array;
      const floats = new TYPED[ka.dtype](bits.buffer, bits.byteOffset, n);
      if (out) {
        if (out.kind === 'NDArray') {
          const nd = out.value as NDArray;
          if (isDense(out)) await nd.storage.write(floats);
          else await runCopy(new Work('js', plan.fn), [n], floats, nd);
        } else if (isDense(out)) {
          (out.kind === 'typed' ? (out.value as TypedArray) : (out.value as NdarrayLike).data).set(
            floats as never,
          );
        } else {
          await runCopy(new Work('js', plan.fn), [n], floats, out.value);
        }
        return out.value;
      }
      if (ka.kind === 'NDArray') {
        const nd = await work.allocShape(ka.dtype, [n]);
        await nd.storage.write(floats);
        return work.keep(nd);
      }
      return hostResult(ka, floats);
    },
  };
}

/** Where the values (or argsort's permutation) go; `spare` as for keyTarget. */
async function valueTarget(work: Work, plan: Plan, n: number, spare?: Buf): Promise<Target> {
  const out = plan.mode === 'argsort' ? plan.outKeys : plan.outValues;
  const heapOut = sharedArray(work, out);
  if (heapOut) return { buf: heapOut, deliver: async () => out!.value };
  if (plan.mode === 'argsort') {
    const like =
      plan.keys.kind === 'NDArray'
        ? plan.keys
        : ({ ...plan.keys, kind: 'typed', dtype: 'u32' } as ArrayArg);
    const uLike = { ...like, dtype: 'u32' as DType };
    const buf = await resultTarget(work, uLike, plan.outKeys, 'u32', n);
    return { buf, deliver: () => finish(work, uLike, plan.outKeys, buf) };
  }
  const va = plan.values!;
  const buf = await resultTarget(work, va, plan.outValues, va.dtype, n, spare);
  return { buf, deliver: () => finish(work, va, plan.outValues, buf) };
}

/** Runs a planned sort; resolves to the keys, { keys, values }, or the permutation. */
async function runSort(plan: Plan): Promise<unknown> {
  const { fn, keys: ka, mode, descending } = plan;
  const n = ka.size;
  const wide = ka.dtype === 'f64';
  const work = new Work(
    await chooseBackend(fn, plan.backend, [ka, plan.values, plan.outKeys, plan.outValues], n),
    fn,
  );
  try {
    if (work.backend === 'webgpu') {
      if (wide)
        throw new TypeError(
          `numbat: ${fn}: Float64Array keys cannot be sorted on WebGPU (WGSL has no f64); use a CPU backend`,
        );
      if (plan.values?.dtype === 'f64')
        throw new TypeError(
          `numbat: ${fn}: Float64Array values cannot be moved on WebGPU (WGSL has no f64); use a CPU backend`,
        );
    }
    // Inputs, temporaries and destinations are all allocated before any word view is taken
    // (a wasm memory that grows afterwards would leave a non-shared view detached).
    const cls = keyClass(ka.dtype);
    const words = wide ? 2 : 1;
    const gpu = work.backend === 'webgpu';
    const C = gpu
      ? Math.max(1, Math.ceil(n / GPU_TILE))
      : Math.max(1, Math.min(chunksFor(n, work.backend), n));
    const L = gpu ? GPU_TILE : Math.ceil(n / C);
    const radix = gpu ? GPU : WIDE;
    const RADIX = radix.radix;
    const digits = wide ? radix.digits64 : radix.digits32;
    const counts0 = await work.alloc('u32', Math.max(1, digits * RADIX * C));
    const sums = await work.alloc('u32', digits * RADIX);
    const counts = await work.alloc('u32', RADIX * C);
    const tmpKeys = [await work.alloc('u32', words * n), await work.alloc('u32', words * n)];
    const valDtype: DType = mode === 'kv' ? plan.values!.dtype : 'u32';
    const tmpVals =
      mode === 'keys' ? [] : [await work.alloc(valDtype, n), await work.alloc(valDtype, n)];
    const heapVals = mode === 'kv' ? sharedArray(work, plan.values) : undefined;
    const valsCopy =
      mode === 'kv' && !heapVals ? await denseInput(work, plan.values!, false) : undefined;
    const valsIn = heapVals ?? valsCopy?.buf;
    // Host inputs are copied in once; the results are then written over those copies.
    const raw = await rawWords(work, ka);
    const rawIn = raw.ref;
    const keyOut = mode === 'argsort' ? undefined : await keyTarget(work, plan, n, raw.copy);
    const valOut =
      mode === 'keys'
        ? undefined
        : await valueTarget(work, plan, n, valsCopy?.owned ? valsCopy.buf : undefined);
    const hybridSize = !wide && !gpu && n >= HYBRID_MIN;
    // Float keys of the hybrid's size first try balanced buckets (bucketTable).
    const tabled = hybridSize && cls === 'float';
    const table = tabled ? await work.alloc('u32', 65536) : undefined;
    const tableBases = tabled ? await work.alloc('u32', 2051) : undefined;
    const dummy = new Uint32Array(1);

    if (n > 0) {
      // 1. Every digit's per-chunk histogram from the raw keys, and which passes move anything.
      // Large 32-bit keys on a CPU backend may take the hybrid below when they spread into
      // buckets that fit in cache; it needs only the buckets' counts. Integer keys are
      // bucketed by their top 10-bit digit, counted alone first (usually the hybrid is then
      // taken, and nothing else is counted). Float keys, whose top digit is mostly the
      // exponent and rarely spreads them, are bucketed by a table of their top 16 bits built
      // from a sample (bucketTable): about 1,024 buckets of similar size wherever the keys
      // lie. Skewed keys (one bucket above HYBRID_MAX_BUCKET) fall back to LSD.
      const top = radix.digits32 - 1;
      const topFirst = hybridSize && cls !== 'float';
      let hybrid = false;
      /** Buckets of the hybrid: those of the top digit (d·2^22), or of the table. */
      let buckets = 1024;
      let all: Uint32Array | undefined;
      const spread = (sums: Uint32Array): boolean => {
        let maxBucket = 0;
        for (let d = 0; d < buckets; d++) maxBucket = Math.max(maxBucket, sums[top * RADIX + d]!);
        return maxBucket < n && maxBucket <= HYBRID_MAX_BUCKET;
      };
      if (topFirst) {
        await work.run(countTop32(cls, descending), C, resolve(rawIn), counts0, n, L, C);
        await work.run(totals, 1024, counts0, sums, C, top * RADIX);
        all = (await work.read(sums)) as Uint32Array;
        hybrid = spread(all);
      }
      if (tabled) {
        await work.run(bucketTable(cls, descending), 1, resolve(rawIn), table!, tableBases!, n);
        const info = (await work.read(tableBases!)) as Uint32Array;
        const sampled = TABLE_RUNS * TABLE_RUN_KEYS;
        // The sample's heaviest 16-bit prefix predicts a bucket too large for the cache.
        if (info[2050] === 0 && (info[2049]! / sampled) * n <= HYBRID_MAX_BUCKET) {
          buckets = info[2048]!;
          await work.run(
            countTable32(cls, descending),
            C,
            resolve(rawIn),
            counts0,
            n,
            L,
            C,
            table!,
          );
          await work.run(totals, buckets, counts0, sums, C, top * RADIX);
          all = (await work.read(sums)) as Uint32Array;
          hybrid = spread(all);
        }
      }
      if (!hybrid && gpu) {
        await work.run(
          gpuCountAll32,
          C * GPU_GROUP,
          resolve(rawIn),
          counts0,
          n,
          C,
          CLASS_CODE[cls],
          descending ? 1 : 0,
        );
        await work.run(totals, digits * RADIX, counts0, sums, C, 0);
        all = (await work.read(sums)) as Uint32Array;
      } else if (!hybrid) {
        await work.run(
          wide ? countAll64(descending, radix) : countAll32(cls, descending, radix),
          C,
          resolve(rawIn),
          counts0,
          n,
          L,
          C,
        );
        await work.run(totals, digits * RADIX, counts0, sums, C, 0);
        all = (await work.read(sums)) as Uint32Array;
      }
      const active: number[] = [];
      for (let p = 0; p < digits; p++) {
        let trivial = false;
        for (let d = 0; d < RADIX && !trivial; d++) if (all![p * RADIX + d] === n) trivial = true;
        if (!trivial) active.push(p);
      }
      if (active.length === 0) active.push(0); // all keys equal: one pass still writes the output
      // 2a. Large 32-bit keys on a CPU backend that spread into buckets that fit in cache:
      // one scatter by bucket through memory, then every bucket sorted by the two 11-bit
      // digits of its keys above its base, in cache (bucketSort32) — two passes through
      // memory where LSD takes three, plus one count instead of two.
      if (hybrid) {
        const starts = new Uint32Array(buckets + 1);
        for (let d = 0; d < buckets; d++) starts[d + 1] = starts[d]! + all![top * RADIX + d]!;
        await work.run(prefix, 1, counts0, top * RADIX * C, buckets * C);
        const vmode = mode === 'keys' ? 0 : mode === 'argsort' ? 2 : 1;
        const a = tmpKeys[0]!;
        const b = tmpKeys[1]!;
        const va = mode === 'keys' ? dummy : tmpVals[0]!;
        await work.run(
          scatter32(cls, 'ordered', descending, vmode, true, radix, tabled),
          C,
          resolve(rawIn),
          a,
          vmode === 1 ? valsIn! : dummy,
          va,
          counts0,
          top * RADIX * C,
          n,
          L,
          C,
          radix.bits * top,
          tabled ? table! : dummy,
        );
        const startsBuf = work.backend === 'js' ? starts : await work.upload(starts, false);
        let bases = tableBases;
        if (!tabled) {
          const tops = Uint32Array.from({ length: buckets }, (_, d) => d * 2 ** 22);
          bases = work.backend === 'js' ? tops : await work.upload(tops, false);
        }
        const k = bucketSort32(
          cls as Exclude<KeyClass, 'ordered'>,
          descending,
          mode === 'keys' ? 0 : 1,
          mode !== 'argsort',
        );
        await work.run(
          k,
          [buckets, 1],
          a,
          b,
          keyOut ? resolve(keyOut.buf) : dummy,
          va,
          mode === 'keys' ? dummy : tmpVals[1]!,
          mode === 'keys' ? dummy : resolve(valOut!.buf),
          startsBuf,
          bases!,
        );
        active.length = 0; // done
      }
      // 2b. The passes.
      let curKeys: Ref = rawIn;
      let curVals: Buf | undefined = valsIn;
      for (let i = 0; i < active.length; i++) {
        const p = active[i]!;
        const first = i === 0;
        const last = i === active.length - 1;
        if (first) {
          await work.run(prefix, 1, counts0, p * RADIX * C, RADIX * C);
        } else if (gpu) {
          await work.run(gpuCount32, C * GPU_GROUP, resolve(curKeys), counts, n, C, radix.bits * p);
          await work.run(prefix, 1, counts, 0, RADIX * C);
        } else {
          await work.run(
            wide ? count64(radix) : count32(radix),
            C,
            resolve(curKeys),
            counts,
            n,
            L,
            C,
            radix.bits * p,
          );
          await work.run(prefix, 1, counts, 0, RADIX * C);
        }
        const offsets = first ? counts0 : counts;
        const base = first ? p * RADIX * C : 0;
        // A single pass reading and writing the caller's own array goes through a temporary.
        const aliasKeys =
          last && keyOut !== undefined && sameMemory(resolve(keyOut.buf), resolve(curKeys));
        const aliasVals =
          last &&
          valOut !== undefined &&
          curVals !== undefined &&
          sameMemory(resolve(valOut.buf), curVals);
        const spareK = tmpKeys[i % 2]!;
        const spareV = tmpVals[i % 2];
        const dstKeys: Ref = last && keyOut && !aliasKeys ? keyOut.buf : spareK;
        const dstVals: Buf =
          mode === 'keys' ? dummy : last && !aliasVals ? resolve(valOut!.buf) : spareV!;
        const vmode = mode === 'keys' ? 0 : first && mode === 'argsort' ? 2 : 1;
        const writeKeys = !(last && mode === 'argsort');
        const valsArg = vmode === 1 ? curVals! : dummy;
        if (gpu) {
          const inCls = first ? cls : 'ordered';
          const outCls = last ? cls : 'ordered';
          await work.run(
            gpuScatter32,
            C * GPU_GROUP,
            resolve(curKeys),
            resolve(dstKeys),
            valsArg,
            dstVals,
            offsets,
            base,
            n,
            C,
            radix.bits * p,
            CLASS_CODE[inCls],
            CLASS_CODE[outCls],
            descending ? 1 : 0,
            vmode,
            writeKeys ? 1 : 0,
          );
        } else
          await work.run(
            wide
              ? scatter64(first, last, descending, vmode, writeKeys, radix)
              : scatter32(
                  first ? cls : 'ordered',
                  last ? cls : 'ordered',
                  descending,
                  vmode,
                  writeKeys,
                  radix,
                ),
            C,
            resolve(curKeys),
            resolve(dstKeys),
            valsArg,
            dstVals,
            offsets,
            base,
            n,
            L,
            C,
            radix.bits * p,
            ...(wide ? [] : [dummy]),
          );
        if (aliasKeys) await runCopy(work, [words * n], spareK, resolve(keyOut!.buf));
        if (aliasVals) await runCopy(work, [n], spareV!, resolve(valOut!.buf));
        curKeys = dstKeys;
        curVals = mode === 'keys' ? undefined : dstVals;
      }
    }
    const keysResult = keyOut ? await keyOut.deliver() : undefined;
    const valuesResult = valOut ? await valOut.deliver() : undefined;
    if (mode === 'keys') return keysResult;
    if (mode === 'argsort') return valuesResult;
    return { keys: keysResult, values: valuesResult };
  } finally {
    work.dispose();
  }
}

function keyArg(keys: unknown, fn: string): ArrayArg {
  const ka = vectorArg(keys, 'keys', fn);
  return ka;
}

/**
 * Sorts `keys` (stable: equal keys keep their order). Keys are Uint32Array, Int32Array,
 * Float32Array or Float64Array (Float64Array not on WebGPU), or the narrower integer arrays,
 * as typed arrays, 1-D NDArrays or 1-D ndarrays; floats sort NaN last and −0 before +0.
 * Resolves to the sorted keys in a new array of the same kind (an NDArray stays on its
 * backend) or in `out`; with `values`, to `{ keys, values }` with the values reordered with
 * their keys. The inputs are not modified (unless `out` is one of them). The permutation is
 * the same on every backend (an LSD radix sort: see src/kernels/sort.ts).
 *
 * @param keys the keys
 * @param options `values`, `descending`, `out` (an array, or `{ keys, values }`), `backend`
 * @example
 *   await sort(new Float32Array([3, NaN, -0, 0, -1]));   // [-1, -0, 0, 3, NaN]
 *   const { keys, values } = await sort(ages, { values: ids, descending: true });
 */
export function sort(
  keys: TypedArray | NDArray | NdarrayLike,
  options: SortOptions = {},
): Promise<any> {
  try {
    const fn = 'sort';
    checkOptions(options, ['values', 'descending', 'out', 'backend'], fn);
    const ka = keyArg(keys, fn);
    const descending = options.descending ?? false;
    if (typeof descending !== 'boolean')
      throw new TypeError(`numbat: sort: 'descending' must be a boolean`);
    const va = options.values === undefined ? undefined : vectorArg(options.values, 'values', fn);
    if (va && va.size !== ka.size)
      throw new RangeError(
        `numbat: sort: 'values' has ${va.size} elements, but 'keys' has ${ka.size}`,
      );
    let outKeys: ArrayArg | undefined;
    let outValues: ArrayArg | undefined;
    const out = options.out;
    if (out !== undefined) {
      if (
        va &&
        typeof out === 'object' &&
        out !== null &&
        !ArrayBuffer.isView(out) &&
        !(out instanceof NDArray) &&
        !('data' in out)
      ) {
        const o = out as { keys?: unknown; values?: unknown };
        outKeys = o.keys === undefined ? undefined : vectorArg(o.keys, 'out.keys', fn);
        outValues = o.values === undefined ? undefined : vectorArg(o.values, 'out.values', fn);
      } else {
        outKeys = vectorArg(out, 'out', fn);
      }
    }
    if (outKeys) checkOut(outKeys, ka.size, ka.dtype, fn, outValues || va ? 'out.keys' : 'out');
    if (outValues) checkOut(outValues, ka.size, va!.dtype, fn, 'out.values');
    // Each output may be its own input (sorted in place), never the other one's memory.
    const keysOutName = outValues || va ? 'out.keys' : 'out';
    refuseShared(fn, [
      [outKeys, keysOutName, outValues, 'out.values'],
      [outKeys, keysOutName, va, 'values'],
      [outValues, 'out.values', ka, 'keys'],
    ]);
    return ordered(() =>
      runSort({
        fn,
        keys: ka,
        ...(va ? { values: va } : {}),
        ...(outKeys ? { outKeys } : {}),
        ...(outValues ? { outValues } : {}),
        descending,
        mode: va ? 'kv' : 'keys',
        backend: options.backend,
      }),
    );
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * The stable sorting permutation of `keys`: resolves to a Uint32Array p (a u32 NDArray when
 * keys is an NDArray) with keys[p[0]] ≤ keys[p[1]] ≤ … (≥ with `descending`), equal keys in
 * index order; the same rules for NaN and −0 as `sort`.
 *
 * @param keys the keys (as for `sort`)
 * @param options `descending`, `out`, `backend`
 * @example
 *   await argsort(new Float32Array([0.5, -2, 0.5, 1]));  // Uint32Array [1, 0, 2, 3]
 */
export function argsort(
  keys: TypedArray | NDArray | NdarrayLike,
  options: ArgsortOptions = {},
): Promise<any> {
  try {
    const fn = 'argsort';
    checkOptions(options, ['descending', 'out', 'backend'], fn);
    const ka = keyArg(keys, fn);
    const descending = options.descending ?? false;
    if (typeof descending !== 'boolean')
      throw new TypeError(`numbat: argsort: 'descending' must be a boolean`);
    const outKeys = options.out === undefined ? undefined : vectorArg(options.out, 'out', fn);
    if (outKeys) checkOut(outKeys, ka.size, 'u32', fn);
    refuseShared(fn, [[outKeys, 'out', ka, 'keys']]);
    return ordered(() =>
      runSort({
        fn,
        keys: ka,
        ...(outKeys ? { outKeys } : {}),
        descending,
        mode: 'argsort',
        backend: options.backend,
      }),
    );
  } catch (e) {
    return Promise.reject(e);
  }
}
