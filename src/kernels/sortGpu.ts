// sortGpu.ts — the radix sort's passes on WebGPU: cooperative LSD passes of 4-bit digits
// (8 passes for 32-bit keys), and f32 keys to and from their bits on the device. Written in
// the kernel language; sort.ts orchestrates them with the CPU passes' `totals` and `prefix`.
//
// A workgroup of GPU_GROUP invocations owns a tile of GPU_TILE keys (GPU_PER consecutive
// keys each); the tile is the chunk of the CPU passes' counts layout (counts[(digit row)·C +
// tile]), so `totals` and `prefix` are shared with them. Counting uses a shared-memory
// histogram (workgroup atomics); the scatter ranks each key stably inside its tile: every
// invocation counts its keys per digit into its column of a shared [digit][invocation]
// table, the workgroup scans the table in (digit, invocation) order (a sequential run of 16
// entries per invocation, then a Hillis–Steele scan of the runs' totals), and each
// invocation then writes its keys in order after the keys of the same digit of earlier
// tiles (prefix) and of earlier invocations of its tile (the table). Nothing waits on
// another workgroup, so it is safe on every WebGPU device; the permutation is the same as on
// the CPU backends (stable LSD sorts by the same words give one permutation whatever the
// digit width).

import {
  atomicAdd as atomicAddImpl,
  barrier as barrierImpl,
  f32bits as f32bitsImpl,
  f32frombits as f32frombitsImpl,
  groupId as groupIdImpl,
  localId as localIdImpl,
  shared as sharedImpl,
} from '../index.js';
import { kernel } from './internalKernel.js';
import { radixUses, type KeyClass, type Radix } from './sortWords.js';

// Names the kernels receive through `uses` (declared for the type checker only).
declare const RADIX: number;
declare const MASK: number;

export const GPU: Radix = { bits: 4, radix: 16, digits32: 8, digits64: 16 };
export const GPU_GROUP = 128;
const GPU_PER = 8;
export const GPU_TILE = GPU_GROUP * GPU_PER;

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
export const CLASS_CODE: Record<KeyClass, number> = {
  ordered: 0,
  unsigned: 1,
  signed: 2,
  float: 3,
};

declare const f32bits: typeof f32bitsImpl;
declare const f32frombits: typeof f32frombitsImpl;

/** WebGPU: resident f32 keys as their bits (the first pass reads words). */
export const gpuToBits = kernel(
  (i: number, x: Float32Array, words: Uint32Array) => {
    words[i] = f32bits(x[i]!);
  },
  { name: 'sort_f32bits', uses: { f32bits: f32bitsImpl } },
);

/** WebGPU: the last pass's words back into a resident f32 array. */
export const gpuFromBits = kernel(
  (i: number, words: Uint32Array, x: Float32Array) => {
    x[i] = f32frombits(words[i]!);
  },
  { name: 'sort_f32frombits', uses: { f32frombits: f32frombitsImpl } },
);

/** Every 4-bit digit's histogram per tile from raw 32-bit keys: counts[(p·16 + d)·C + tile]. */
export const gpuCountAll32 = kernel(
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
export const gpuCount32 = kernel(
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
export const gpuScatter32 = kernel(
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
