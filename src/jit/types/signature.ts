// signature.ts — what a launch's runtime arguments look like to the compiler: the dtype
// and rank of each array, whether each number is integer-valued (i32, or u32 above
// 2^31 − 1) or a float, booleans, aliases, and the grid rank. The runtime builds one from
// each call's arguments (runtime/arguments.ts) and caches a specialisation per key.

import type { DType } from './dtype.js';

export type ArgSig =
  /** A plain typed array: rank 1, contiguous, offset 0. */
  | { readonly kind: 'typed'; readonly dtype: DType }
  /**
   * A scijs ndarray or a numbat NDArray: any rank 1–4, strides and offset at run time,
   * except that two usual cases are specialised on: `unitInner` (the innermost stride is 1,
   * so the innermost index addresses consecutive elements and vectorises as such) and
   * `zeroOffset` (no offset to add to every index).
   */
  | {
      readonly kind: 'strided';
      readonly dtype: DType;
      readonly rank: number;
      readonly container: 'ndarray' | 'NDArray';
      readonly unitInner: boolean;
      readonly zeroOffset: boolean;
    }
  | { readonly kind: 'number'; readonly type: 'i32' | 'u32' | 'float' }
  | { readonly kind: 'bool' }
  /**
   * The same array as argument `of` (an earlier one): the same object, or a typed array
   * or ndarray over exactly the same elements. Both parameters then name one buffer, bound
   * once and read-write, so every backend sees one array as the plain function does.
   */
  | { readonly kind: 'alias'; readonly of: number };

export interface Signature {
  readonly gridRank: number;
  readonly args: readonly ArgSig[];
  /** A stable string key for caching and for messages: "(f32[], f32[], float) grid 1-D". */
  readonly key: string;
}

export function sigToString(a: ArgSig): string {
  switch (a.kind) {
    case 'typed':
      return `${a.dtype}[]`;
    case 'strided':
      // The container is part of the key: a contiguous 1-D ndarray compiles like a typed
      // array but is not one (it has no .length), so the two never share a specialisation.
      return `${a.dtype}[${','.repeat(a.rank - 1)}${a.unitInner ? '' : ':strided'}${a.zeroOffset ? '' : ':offset'}]${a.container === 'NDArray' ? '@' : 'nd'}`;
    case 'number':
      return a.type;
    case 'bool':
      return 'bool';
    case 'alias':
      return `=${a.of}`;
    default: {
      const never: never = a;
      return never;
    }
  }
}

export function makeSignature(gridRank: number, args: readonly ArgSig[]): Signature {
  return { gridRank, args, key: `(${args.map(sigToString).join(', ')}) grid ${gridRank}-D` };
}
