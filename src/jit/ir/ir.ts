// ir.ts — the typed, structured IR every backend's codegen consumes.
//
// One IR function per (kernel, signature). It is structured (if / loop / block, no
// gotos), fully typed (every expression carries its ValueType; `float` means "the
// backend's native float" and is resolved by codegen), and has flat array indexing:
// ndarray `get(i, j)` has already become `offset + i*stride0 + j*stride1`, with the
// strides, shapes and offsets as ordinary scalar parameters. Helpers from `uses` are
// inlined, so there are no calls except to intrinsics.
//
// The kernel ABI shared by js, workers and wasm: `(buffers…, scalars…, begin, end)`.
// The body runs for every flat grid index in [begin, end); `grid` says how the flat
// index decomposes into the 1–3 index variables (row-major, last dimension fastest).

import type { DType, ValueType } from '../types/dtype.js';
import type { Span } from '../diagnostics.js';
import type { MathFn } from '../ops/math.js';

/** A float-or-int type after inference; `float` is resolved by each backend. */
export type Ty = ValueType;

/** An array the kernel receives (a typed array, an ndarray's data, or an NDArray). */
export interface IrBuffer {
  /** Source-level parameter name, for errors and listings. */
  readonly name: string;
  readonly dtype: DType;
  /** Whether the kernel reads / writes it (atomics count as both). */
  readonly read: boolean;
  readonly written: boolean;
  /** Index of the user-level argument it came from. */
  readonly argIndex: number;
}

/** A scalar the kernel receives: a user number, or a shape/stride/offset/length. */
export interface IrScalar {
  readonly name: string;
  readonly type: Ty;
  /** What supplies the value at launch time. */
  readonly source:
    | { kind: 'arg'; argIndex: number }
    | { kind: 'length'; buffer: number }
    | { kind: 'shape'; argIndex: number; axis: number }
    | { kind: 'stride'; argIndex: number; axis: number }
    | { kind: 'offset'; argIndex: number }
    | { kind: 'grid'; axis: number };
}

/**
 * A fixed-size local array: `private` to each invocation (`new Float32Array(8)`), or
 * `workgroup` memory shared by the invocations of one workgroup (`shared(Float32Array, 256)`).
 */
export interface IrLocalArray {
  readonly name: string;
  readonly dtype: DType;
  readonly length: number;
  readonly scope: 'private' | 'workgroup';
}

/**
 * How a launch's grid is run. `flat`: one independent invocation per grid index.
 * `workgroup`: the grid is rounded up to whole workgroups of `size` (one extent per grid
 * axis); the invocations of a workgroup share its `workgroup` local arrays and meet at
 * every `barrier` (each runs to the barrier before any goes on).
 */
export type Geometry =
  | { readonly kind: 'flat' }
  | { readonly kind: 'workgroup'; readonly size: readonly number[] };

export type BinOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '**'
  | '&'
  | '|'
  | '^'
  | '<<'
  | '>>'
  | '>>>'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '&&'
  | '||';

/**
 * Unary operators. `f32bits`: an f32 operand's bits as a u32; `f32frombits`: a u32 operand's
 * bits as an f32 (bitcasts: nothing is converted).
 */
export type UnOp = '-' | '!' | '~' | 'f32bits' | 'f32frombits';

/** A Math function (declared in ops/math.ts); operands already converted to the result type. */
export type { MathFn };

export type AtomicOp = 'add' | 'sub' | 'min' | 'max';

/** A reference to where an element lives: a kernel buffer or a local array. */
export type ArrayRef =
  | { readonly kind: 'buffer'; readonly index: number }
  | { readonly kind: 'local'; readonly index: number };

export type Expr =
  | { readonly k: 'const'; readonly t: Ty; readonly v: number }
  | { readonly k: 'scalar'; readonly t: Ty; readonly index: number } // kernel scalar param
  | { readonly k: 'local'; readonly t: Ty; readonly name: string } // let/const/index var
  | { readonly k: 'bin'; readonly t: Ty; readonly op: BinOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'un'; readonly t: Ty; readonly op: UnOp; readonly a: Expr }
  /** Conversion with JS semantics: float→i32 is ToInt32 (trunc, wrap), float→u32 ToUint32, →f32 fround. */
  | { readonly k: 'cast'; readonly t: Ty; readonly a: Expr }
  | { readonly k: 'select'; readonly t: Ty; readonly c: Expr; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'math'; readonly t: Ty; readonly fn: MathFn; readonly args: readonly Expr[] }
  /**
   * Element load; `index` is flat (i32) and `t` is loadType(dtype). `span` locates it for
   * boundsCheck. `uniform`: workgroupUniformLoad's read of a shared array at a uniform
   * index, right after its barrier: the same value in every invocation of the workgroup.
   */
  | {
      readonly k: 'load';
      readonly t: Ty;
      readonly arr: ArrayRef;
      readonly index: Expr;
      readonly span: Span;
      readonly uniform?: true;
    }
  /** atomicOp(arr, index, value): returns the old value. */
  | {
      readonly k: 'atomic';
      readonly t: Ty;
      readonly op: AtomicOp;
      readonly arr: ArrayRef;
      readonly index: Expr;
      readonly value: Expr;
      readonly span: Span;
    }
  /** random(seed, counter): k · 2^-24 for an integer k in [0, 2^24); `t` is a float type. */
  | { readonly k: 'random'; readonly t: Ty; readonly seed: Expr; readonly counter: Expr }
  /**
   * Workgroup kernels: the invocation's index in its workgroup (`localId`), the
   * workgroup's index (`groupId`) or the number of workgroups (`groupCount`) along grid
   * axis `axis` (0 outermost, as grid indices). An i32.
   */
  | { readonly k: 'geom'; readonly t: Ty; readonly of: GeomOf; readonly axis: number };

/** The launch-geometry values a workgroup kernel can read. */
export type GeomOf = 'localId' | 'groupId' | 'groupCount';

export type Stmt =
  | { readonly k: 'let'; readonly name: string; readonly t: Ty; readonly init: Expr }
  | { readonly k: 'assign'; readonly name: string; readonly value: Expr }
  | {
      readonly k: 'store';
      readonly arr: ArrayRef;
      readonly index: Expr;
      readonly value: Expr;
      readonly span: Span;
    }
  | { readonly k: 'expr'; readonly e: Expr }
  | {
      readonly k: 'if';
      readonly cond: Expr;
      readonly then: readonly Stmt[];
      readonly else: readonly Stmt[];
      /** The condition's source text, for messages (absent for generated ifs). */
      readonly condText?: string;
    }
  /**
   * A loop: `while (cond) { body; update }`, where `continue` jumps to `update`.
   * `cond` null means no test before the body; `postCond` (do…while) is tested after it.
   */
  | {
      readonly k: 'loop';
      readonly label: string;
      readonly cond: Expr | null;
      readonly body: readonly Stmt[];
      readonly update: readonly Stmt[];
      readonly postCond: Expr | null;
      /** The condition's source text, for messages (absent for generated loops). */
      readonly condText?: string;
      /**
       * A phase of a split cooperative kernel (passes/phaseSplit.ts): `while (l < end)`
       * over the workgroup's invocations, `l` advanced by one in `update` and nowhere else,
       * `end` unchanged by the body. The wasm generator vectorises it across invocations;
       * the others run it as any loop.
       */
      readonly overInvocations?: boolean;
    }
  /** A block that `break label` leaves; used for inlined helpers that return early. */
  | { readonly k: 'block'; readonly label: string; readonly body: readonly Stmt[] }
  | { readonly k: 'break'; readonly label: string }
  | { readonly k: 'continue'; readonly label: string }
  /** Ends this grid index. In a reduce kernel `value` is the index's contribution. */
  | { readonly k: 'return'; readonly value: Expr | null }
  /**
   * Workgroup kernels: every invocation of the workgroup arrives before any goes on. `via`:
   * the call that holds it when it is not barrier() itself (workgroupUniformLoad()).
   */
  | { readonly k: 'barrier'; readonly span: Span; readonly via?: string };

/** How the reduce option combines the per-index values. */
export type ReduceSpec =
  | { readonly kind: 'sum' | 'prod' | 'min' | 'max'; readonly t: Ty }
  /** A custom associative combiner: its body, with `a` and `b` as locals, yields `result`. */
  | {
      readonly kind: 'custom';
      readonly t: Ty;
      readonly a: string;
      readonly b: string;
      readonly body: readonly Stmt[];
      readonly result: string;
    };

/** One specialised kernel, ready for codegen. */
export interface IrKernel {
  readonly name: string;
  /** Grid rank (1–3) and the names of the index variables, outermost first. */
  readonly indexNames: readonly string[];
  /** Flat, or in workgroups (see Geometry). */
  readonly geometry: Geometry;
  readonly buffers: readonly IrBuffer[];
  readonly scalars: readonly IrScalar[];
  readonly localArrays: readonly IrLocalArray[];
  readonly body: readonly Stmt[];
  readonly reduce: ReduceSpec | null;
  /** How `float` resolves: 'native' (per backend), or fixed by the precision option. */
  readonly precision: 'auto' | 'f32' | 'f64';
  /** Whether loads and stores must check bounds and throw a located RangeError. */
  readonly boundsCheck: boolean;
  /** WebGPU: the GPU's built-in f32 Math functions instead of numbat's exact-to-2-ulps ones. */
  readonly fastMath: boolean;
  /** Intrinsic features used: a backend that lacks one refuses the kernel. */
  readonly uses: {
    readonly atomics: boolean;
    readonly random: boolean;
    readonly f64: boolean;
    /** Where the source first asks for f64 (`f64(…) at line 3`), for a backend's refusal. */
    readonly f64Site?: string;
  };
}
