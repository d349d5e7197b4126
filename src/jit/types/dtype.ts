// dtype.ts — the element and value types numbat knows, and how they combine.
//
// Storage dtypes are what arrays hold. Value types are what expressions compute in.
// Small integer storage (i8/u8/i16/u16) loads as i32 and stores with JS truncation,
// as typed arrays do. Literals and float-valued number arguments are *weak* (NEP 50):
// they adopt the type of the concrete value they meet; with nothing to meet, a weak
// float becomes the backend's native float (f64 on CPU backends, f32 on WebGPU).

/**
 * The dtypes an array may have.
 *
 * @example
 * ```ts
 * const dtype: DType = (await zeros(4, 'float32')).dtype; // 'f32'
 * ```
 */
export type DType = 'f32' | 'f64' | 'i32' | 'u32' | 'i16' | 'u16' | 'i8' | 'u8';

/**
 * The types an expression can have after inference.
 * `float` is the unanchored native float: resolved per backend at codegen time.
 * `int` is a weak integer literal; it never survives lowering (it becomes i32 or u32).
 */
export type ValueType = 'bool' | 'i32' | 'u32' | 'f32' | 'f64' | 'float';

/** A type during inference: a value type plus whether it is still weak. */
export interface InferType {
  readonly t: ValueType;
  /** true for literals and float-valued number arguments: they adopt what they meet. */
  readonly weak: boolean;
}

export const BYTES: Record<DType, number> = {
  f32: 4,
  f64: 8,
  i32: 4,
  u32: 4,
  i16: 2,
  u16: 2,
  i8: 1,
  u8: 1,
};

/** The typed-array constructor behind each dtype. */
export const TYPED_ARRAY: Record<
  DType,
  {
    new (n: number | ArrayBufferLike, byteOffset?: number, length?: number): TypedArray;
    name: string;
  }
> = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array,
};

/**
 * The typed arrays kernels take.
 *
 * @example
 * ```ts
 * const xs: TypedArray[] = [new Float32Array(4), new Int32Array(4)];
 * ```
 */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/** The dtype of a typed array, or undefined when it is not one numbat accepts. */
export function dtypeOf(a: unknown): DType | undefined {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Int16Array) return 'i16';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Int8Array) return 'i8';
  if (a instanceof Uint8Array) return 'u8';
  return undefined;
}

/** The value type an element of `d` loads as. */
export function loadType(d: DType): ValueType {
  switch (d) {
    case 'f32':
      return 'f32';
    case 'f64':
      return 'f64';
    case 'u32':
      return 'u32';
    default:
      return 'i32';
  }
}

export const isFloat = (t: ValueType): boolean => t === 'f32' || t === 'f64' || t === 'float';
export const isInt = (t: ValueType): boolean => t === 'i32' || t === 'u32';
export const isFloatDType = (d: DType): boolean => d === 'f32' || d === 'f64';

/**
 * The result type of arithmetic between two operands (NEP 50 promotion).
 * - a concrete float wins over anything weak and over integers; f32 with f64 gives f64;
 * - a weak float with a concrete integer gives the native float;
 * - integers: i32 with u32 gives i32 (JS bit-level semantics), weak adopts the other.
 */
export function promote(a: InferType, b: InferType): InferType {
  if (a.weak && !b.weak) return promoteWeak(a, b);
  if (b.weak && !a.weak) return promoteWeak(b, a);
  if (a.weak && b.weak) {
    // two weak values: float beats int; stays weak.
    if (isFloat(a.t) || isFloat(b.t)) return { t: 'float', weak: true };
    if (a.t === 'bool' && b.t === 'bool') return { t: 'i32', weak: true };
    return { t: a.t === 'u32' && b.t === 'u32' ? 'u32' : 'i32', weak: true };
  }
  return { t: joinConcrete(a.t, b.t), weak: false };
}

function promoteWeak(weak: InferType, strong: InferType): InferType {
  if (isFloat(strong.t)) return strong;
  // math tied to no float array stays weak: it adopts the first concrete float it meets.
  if (isFloat(weak.t)) return { t: 'float', weak: true };
  if (strong.t === 'bool') return { t: 'i32', weak: false };
  return strong;
}

function joinConcrete(a: ValueType, b: ValueType): ValueType {
  if (a === b) return a === 'bool' ? 'i32' : a;
  if (a === 'f64' || b === 'f64') return 'f64';
  if (a === 'f32' || b === 'f32') return 'f32';
  if (a === 'float' || b === 'float') return 'float';
  return 'i32';
}

/**
 * The type a variable gets when values of types `a` and `b` are both assigned to it.
 * Unlike promote, a join of two concrete integers of different signedness is an i32,
 * and weak-ness survives only when both sides are weak.
 */
export function join(a: InferType, b: InferType): InferType {
  if (a.t === 'bool' && b.t === 'bool') return { t: 'bool', weak: a.weak && b.weak };
  return promote(a, b);
}

/** The concrete type a weak type becomes when nothing anchors it. */
export function settle(t: InferType): ValueType {
  if (!t.weak) return t.t;
  return isFloat(t.t) ? 'float' : t.t;
}

/** Resolve the native float for a backend. */
export function resolveFloat(t: ValueType, native: 'f32' | 'f64'): Exclude<ValueType, 'float'> {
  return t === 'float' ? native : t;
}
