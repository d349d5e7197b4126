// sortWords.ts — the words a radix sort orders: raw keys ⇄ unsigned "ordered" words whose
// unsigned order is the sort order (u32 as they are; signed integers with the sign bit
// flipped; floats from their IEEE bits, negative values with every bit flipped, others with
// the sign bit set, every NaN the largest word; `descending` complements the words; f64 keys
// are two words, high word most significant), the digit widths, and the cache of kernel
// variants. The maps are kernel language, inlined into the sort's kernels through `uses`.

import type { Kernel } from '../index.js';
import type { DType } from './arrays.js';

// A name the f64 maps receive through `uses` (declared for the type checker only).
declare const isNan64: (hi: number, lo: number) => boolean;

// Key words: raw key ⇄ ordered word. One helper per (key class, direction); each is kernel
// language, inlined into the kernels through `uses`.

/** How raw keys are read: unsigned ints, signed ints, f32 bits, or words already ordered. */
export type KeyClass = 'unsigned' | 'signed' | 'float' | 'ordered';

export const ORDER: Record<KeyClass, [(r: number) => number, (r: number) => number]> = {
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
export const UNORDER: Record<
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
export const isNan64Impl = (hi: number, lo: number): boolean =>
  (hi & 0x7fffffff) > 0x7ff00000 || ((hi & 0x7fffffff) === 0x7ff00000 && lo !== 0);
export const ORDER64 = {
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
export const UNORDER64 = {
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

export function keyClass(dtype: DType): KeyClass {
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

/**
 * Digit widths: 11 bits on the CPU backends (3 passes for 32-bit keys, 6 for f64: a pass is
 * bound by its scattered writes and costs about the same with 8-bit digits, so fewer, wider
 * passes win); 4 bits on WebGPU (8 passes: the cooperative passes below, whose shared
 * tables grow with the radix). The permutation does not depend on the width.
 */
export interface Radix {
  readonly bits: number;
  readonly radix: number;
  /** Digit positions of 32-bit and 64-bit keys. */
  readonly digits32: number;
  readonly digits64: number;
}

const kernelCache = new Map<string, Kernel>();
export function cached(key: string, make: () => Kernel): Kernel {
  let k = kernelCache.get(key);
  if (!k) kernelCache.set(key, (k = make()));
  return k;
}

export const radixUses = (r: Radix) => ({ RADIX: r.radix, MASK: r.radix - 1, BITS: r.bits });
