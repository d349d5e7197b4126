// op.ts — what an operation of the kernel language is: one declaration each (math.ts,
// intrinsics.ts), read by the front end (arity, typing), the reference executor and the
// JavaScript code generator (the plain meaning), and the work estimator (cost). Each other
// code generator registers its emitter against the declaration (codegen/wasm/mathOps.ts,
// codegen/wgsl/mathOps.ts); test/ops/registry.test.ts checks that every (operation,
// backend) pair has an emitter or a reasoned refusal.

/**
 * How a Math function's result type follows from its operands' (the operands, promoted
 * together, are the operand type):
 * - `float`: a float of the operand type (f32 stays f32); integer operands are converted
 *   to the native float first.
 * - `keepsInt`: on integer operands, an integer of the operand type; on floats, as `float`.
 * - `identityOnInt`: on integer operands, the operand itself (rounding an integer); on
 *   floats, as `float`.
 * - `int32`: an i32, from operands converted to i32 (`Math.imul`).
 * - `int32OfU32`: an i32, from one operand converted to u32 (`Math.clz32`).
 * - `toF32`: an f32, the operand rounded to f32 (`Math.fround`).
 */
export type Typing = 'float' | 'keepsInt' | 'identityOnInt' | 'int32' | 'int32OfU32' | 'toF32';

/** One Math function a kernel may call. */
export interface MathOpSpec {
  /** Operands: a count, or `variadic` (one or more, folded pairwise left to right). */
  readonly arity: number | 'variadic';
  /** The meaning: the function itself (always `Math[name]`). */
  readonly plain: (...x: number[]) => number;
  readonly typing: Typing;
  /** Rough cost per call for the work estimator (an add is 1). */
  readonly cost: number;
  /**
   * On f32 operands, whether the f64 result is already an f32 (abs, floor, min, …): then
   * no rounding is needed after computing in f64, as the JS code generator does.
   */
  readonly f32Exact: boolean;
}

/**
 * What an intrinsic call becomes in the IR: a cast, a bitcast (a unary operator on the
 * bits), an atomic, a random draw, a launch geometry value (localId, groupId, groupCount), a
 * workgroup array (shared), a barrier, or a barrier and a uniform read (uniformLoad).
 */
export type IntrinsicLowering =
  | 'cast'
  | 'bitcast'
  | 'atomic'
  | 'random'
  | 'geometry'
  | 'shared'
  | 'barrier'
  | 'uniformLoad';

/** One intrinsic: a function exported by numbat that kernels call by name. */
export interface IntrinsicOpSpec {
  /** Operands: a count, or [fewest, most] for optional ones. */
  readonly arity: number | readonly [number, number];
  /** The meaning: the exported function itself (kernels also run as plain JavaScript). */
  readonly plain: (...x: never[]) => number;
  /** The result type, in words (shown in docs and errors). */
  readonly typing: string;
  readonly cost: number;
  readonly lowersTo: IntrinsicLowering;
}
