// vmath/f64x2.ts — the emitter the vectorised f64x2 math kernels are written against:
// every value is a v128 local (`Vec`), every operation pushes its operands, emits one
// instruction and stores the result in a fresh temporary, so kernels read like the
// scalar C they are ported from. Constants are numbers (splatted f64) or `Bits` (a 64-bit
// pattern in both lanes). Also: the double-double helpers (twoSum, low-word truncation),
// exact power-of-two scaling, and the per-lane host-Math fallback for lanes a kernel
// cannot handle. `finish` leaves the result on the stack and returns the temporaries.

import type { KernelContext } from '../context.js';
import { splatBytes } from '../simdCore.js';

/** A v128 value held in a local. */
export class Vec {
  constructor(readonly local: number) {}
}

/** A 64-bit pattern in both lanes. */
export class Bits {
  constructor(readonly value: bigint) {}
}

export const bits = (value: bigint): Bits => new Bits(value);

export type Operand = Vec | Bits | number;

/** Clears the low 32 bits of a double (fdlibm's SET_LOW_WORD(x, 0)). */
const HIGH_WORD = bits(0xffffffff00000000n);

/** Builds f64x2 kernels over a KernelContext's current function. */
export class F64x2 {
  private readonly owned: number[] = [];

  constructor(readonly cx: KernelContext) {}

  // ---- emission primitives

  push(a: Operand): void {
    if (a instanceof Vec) {
      this.cx.get(a.local);
      return;
    }
    if (typeof a === 'number') {
      this.cx.fn.op('v128.const', splatBytes('f64', a));
      return;
    }
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, BigInt.asUintN(64, a.value), true);
    view.setBigUint64(8, BigInt.asUintN(64, a.value), true);
    this.cx.fn.op('v128.const', Array.from(bytes));
  }

  /** Stores the value on the stack in a fresh temporary. */
  private store(): Vec {
    const local = this.cx.temp('v128');
    this.owned.push(local);
    this.cx.set(local);
    return new Vec(local);
  }

  private op(name: string, ...operands: Operand[]): Vec {
    for (const a of operands) this.push(a);
    this.cx.fn.op(name);
    return this.store();
  }

  private shift(name: string, a: Operand, by: number): Vec {
    this.push(a);
    this.cx.constI32(by);
    this.cx.fn.op(name);
    return this.store();
  }

  /** Leaves `result` on the stack and releases every temporary of this builder. */
  finish(result: Operand): void {
    this.push(result);
    for (const local of this.owned) this.cx.release(local);
    this.owned.length = 0;
  }

  /** The f32 lanes 0–1 (or 2–3 with `high`) of the f32x4 local, widened to f64x2. */
  promoteF32(local: number, high: boolean): Vec {
    this.cx.get(local);
    if (high) {
      this.cx.get(local);
      this.cx.fn.op('i8x16.shuffle', [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]);
    }
    this.cx.fn.op('f64x2.promote_low_f32x4');
    return this.store();
  }

  // ---- arithmetic (f64x2)

  add(a: Operand, b: Operand): Vec {
    return this.op('f64x2.add', a, b);
  }
  sub(a: Operand, b: Operand): Vec {
    return this.op('f64x2.sub', a, b);
  }
  mul(a: Operand, b: Operand): Vec {
    return this.op('f64x2.mul', a, b);
  }
  div(a: Operand, b: Operand): Vec {
    return this.op('f64x2.div', a, b);
  }
  min(a: Operand, b: Operand): Vec {
    return this.op('f64x2.min', a, b);
  }
  max(a: Operand, b: Operand): Vec {
    return this.op('f64x2.max', a, b);
  }
  neg(a: Operand): Vec {
    return this.op('f64x2.neg', a);
  }
  abs(a: Operand): Vec {
    return this.op('f64x2.abs', a);
  }
  sqrt(a: Operand): Vec {
    return this.op('f64x2.sqrt', a);
  }
  floor(a: Operand): Vec {
    return this.op('f64x2.floor', a);
  }
  trunc(a: Operand): Vec {
    return this.op('f64x2.trunc', a);
  }
  nearest(a: Operand): Vec {
    return this.op('f64x2.nearest', a);
  }

  /** c[0] + x·(c[1] + x·(c[2] + …)), Horner from the highest coefficient. */
  poly(x: Operand, c: readonly number[]): Vec {
    let acc: Operand = c[c.length - 1]!;
    for (let k = c.length - 2; k >= 0; k--) acc = this.add(c[k]!, this.mul(x, acc));
    return acc instanceof Vec ? acc : this.add(acc, 0);
  }

  // ---- comparisons (all-ones lane masks)

  lt(a: Operand, b: Operand): Vec {
    return this.op('f64x2.lt', a, b);
  }
  le(a: Operand, b: Operand): Vec {
    return this.op('f64x2.le', a, b);
  }
  gt(a: Operand, b: Operand): Vec {
    return this.op('f64x2.gt', a, b);
  }
  ge(a: Operand, b: Operand): Vec {
    return this.op('f64x2.ge', a, b);
  }
  eq(a: Operand, b: Operand): Vec {
    return this.op('f64x2.eq', a, b);
  }
  ne(a: Operand, b: Operand): Vec {
    return this.op('f64x2.ne', a, b);
  }
  isNaN(a: Operand): Vec {
    return this.ne(a, a);
  }
  /** Lanes whose sign bit is set (−0 and NaNs with the bit included). */
  signBitSet(a: Operand): Vec {
    return this.op('i64x2.ne', this.and(a, -0), 0);
  }

  // ---- bits

  and(a: Operand, b: Operand): Vec {
    return this.op('v128.and', a, b);
  }
  or(a: Operand, b: Operand): Vec {
    return this.op('v128.or', a, b);
  }
  xor(a: Operand, b: Operand): Vec {
    return this.op('v128.xor', a, b);
  }
  /** a & ~b */
  andNot(a: Operand, b: Operand): Vec {
    return this.op('v128.andnot', a, b);
  }
  not(a: Operand): Vec {
    return this.op('v128.not', a);
  }
  /** mask ? a : b, lane-wise. */
  select(mask: Operand, a: Operand, b: Operand): Vec {
    return this.op('v128.bitselect', a, b, mask);
  }
  shl(a: Operand, by: number): Vec {
    return this.shift('i64x2.shl', a, by);
  }
  shrU(a: Operand, by: number): Vec {
    return this.shift('i64x2.shr_u', a, by);
  }
  addI(a: Operand, b: Operand): Vec {
    return this.op('i64x2.add', a, b);
  }
  eqI(a: Operand, b: Operand): Vec {
    return this.op('i64x2.eq', a, b);
  }
  /** x with the sign of (x xor the sign bit of s). */
  flipSign(x: Operand, s: Operand): Vec {
    return this.xor(x, this.and(s, -0));
  }
  /** x with the low 32 bits cleared (exact products of such halves). */
  highWord(x: Operand): Vec {
    return this.and(x, HIGH_WORD);
  }

  // ---- exact helpers

  /** (s, e) with s = fl(a + b) and s + e = a + b exactly (Knuth). */
  twoSum(a: Operand, b: Operand): [Vec, Vec] {
    const s = this.add(a, b);
    const bb = this.sub(s, a);
    const e = this.add(this.sub(a, this.sub(s, bb)), this.sub(b, bb));
    return [s, e];
  }

  /** 2^k for integer-valued k in [−1022, 1023]. */
  pow2(k: Operand): Vec {
    return this.shl(this.add(k, 4503599627371519 /* 2^52 + 1023 */), 52);
  }

  /** y·2^k rounded once (k integer-valued in [−2044, 2046]): two normal factors. */
  scale(y: Operand, k: Operand): Vec {
    const half = this.trunc(this.mul(k, 0.5));
    return this.mul(this.mul(y, this.pow2(this.sub(k, half))), this.pow2(half));
  }

  /** The unbiased exponent of a positive normal x, as a double. */
  exponent(x: Operand): Vec {
    return this.sub(this.or(this.shrU(x, 52), bits(0x4330000000000000n)), 4503599627371519);
  }

  // ---- control

  /**
   * `fallback()` for the whole vector when any lane of `mask` is set, else `main()`:
   * rare inputs (huge trig arguments) take the per-lane path without slowing the rest.
   */
  unless(mask: Operand, fallback: () => Operand, main: () => Operand): Vec {
    this.push(mask);
    this.cx.fn.op('v128.any_true');
    this.cx.fn.op('if', 'v128' as unknown as number);
    this.push(fallback());
    this.cx.fn.op('else');
    this.push(main());
    this.cx.fn.op('end');
    return this.store();
  }

  /** Math[name] of each lane through the imported host function. */
  perLane(name: string, args: readonly Operand[]): Vec {
    const call = this.cx.importIndex('math', name);
    for (let lane = 0; lane < 2; lane++) {
      for (const a of args) {
        this.push(a);
        this.cx.fn.op('f64x2.extract_lane', lane);
      }
      this.cx.fn.op('call', call);
      this.cx.fn.op(lane === 0 ? 'f64x2.splat' : 'f64x2.replace_lane', ...(lane === 0 ? [] : [1]));
    }
    return this.store();
  }
}
