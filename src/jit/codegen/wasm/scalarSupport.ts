// scalarSupport.ts — what the scalar and SIMD emitters share: lexical scopes of IR locals,
// ToInt32 constants, dtype load/element helpers, the value of an out-of-range load,
// reduce identities and comparison typing.

import type { Expr } from '../../ir/ir.js';
import type { DType } from '../../types/dtype.js';
import { concrete, type ConcreteTy } from './context.js';

/** A variable in scope: its wasm local and whether it holds a vector (SIMD emitter only). */
export interface VarInfo {
  readonly local: number;
  readonly t: ConcreteTy;
  readonly vector: boolean;
  /** SIMD: the f64x2 local holding lanes 2–3 of an f64 vector (`local` holds lanes 0–1). */
  readonly hi?: number;
}

/** Lexical scopes mapping IR local names to wasm locals. */
export class Scope {
  private readonly frames: Map<string, VarInfo>[] = [new Map()];

  push(): void {
    this.frames.push(new Map());
  }

  pop(): void {
    this.frames.pop();
  }

  define(name: string, info: VarInfo): void {
    this.frames[this.frames.length - 1]!.set(name, info);
  }

  /** A new scope with every binding visible here, in one frame. */
  clone(): Scope {
    const copy = new Scope();
    for (const frame of this.frames) for (const [name, info] of frame) copy.define(name, info);
    return copy;
  }

  /** The innermost binding of `name`, or undefined. */
  find(name: string): VarInfo | undefined {
    for (let k = this.frames.length - 1; k >= 0; k--) {
      const v = this.frames[k]!.get(name);
      if (v) return v;
    }
    return undefined;
  }

  lookup(name: string): VarInfo {
    const v = this.find(name);
    if (v) return v;
    throw new Error(`numbat internal error: wasm codegen found no local '${name}'`);
  }
}

/** 2^32 and 2^-32, used by ToInt32. */
export const TWO32 = 4294967296;
export const TWO_M32 = 1 / 4294967296;
export const TWO_M24 = 5.9604644775390625e-8;

/** The value a failed (out-of-range) load yields for a value type. */
export function missingValue(t: ConcreteTy): number {
  return t === 'f32' || t === 'f64' ? NaN : 0;
}

export function isFloatTy(t: ConcreteTy): t is 'f32' | 'f64' {
  return t === 'f32' || t === 'f64';
}

/** The load instruction for a dtype (small integers extend to i32). */
export function loadOp(d: DType): string {
  switch (d) {
    case 'f32':
      return 'f32.load';
    case 'f64':
      return 'f64.load';
    case 'i32':
    case 'u32':
      return 'i32.load';
    case 'i16':
      return 'i32.load16_s';
    case 'u16':
      return 'i32.load16_u';
    case 'i8':
      return 'i32.load8_s';
    case 'u8':
      return 'i32.load8_u';
  }
}

/** The type a dtype's elements load as. */
export function elemTy(d: DType): ConcreteTy {
  return d === 'f32' ? 'f32' : d === 'f64' ? 'f64' : d === 'u32' ? 'u32' : 'i32';
}

/** How `return` behaves while emitting a body. */
export type ReturnHandler = (value: Expr | null) => void;

/** The identity of a standard reduce in type t. */
export function reduceIdentity(kind: 'sum' | 'prod' | 'min' | 'max', t: ConcreteTy): number {
  const float = isFloatTy(t);
  switch (kind) {
    case 'sum':
      return 0;
    case 'prod':
      return 1;
    case 'min':
      return float ? Infinity : t === 'u32' ? 0xffffffff : 0x7fffffff;
    case 'max':
      return float ? -Infinity : t === 'u32' ? 0 : -0x80000000;
  }
}

/** The common operand type of a comparison. */
export function compareType(a: Expr, b: Expr): ConcreteTy {
  const ta = concrete(a.t);
  const tb = concrete(b.t);
  if (ta === tb) return ta;
  if (ta === 'f64' || tb === 'f64') return 'f64';
  if (ta === 'f32' || tb === 'f32') return 'f32';
  if (ta === 'u32' && tb === 'u32') return 'u32';
  // Mixed i32/u32 (or bool) compares by value, as JS does: use f64.
  if ((ta === 'u32') !== (tb === 'u32')) return 'f64';
  return 'i32';
}

export function compareOp(op: '==' | '!=' | '<' | '<=' | '>' | '>=', t: ConcreteTy): string {
  const base = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }[op];
  if (isFloatTy(t)) return `${t}.${base}`;
  if (base === 'eq' || base === 'ne') return `i32.${base}`;
  return `i32.${base}_${t === 'u32' ? 'u' : 's'}`;
}
