// context.ts — state shared by the scalar and SIMD emitters while one kernel's `run`
// function is generated: the module and function builders, the structured-control stack
// (so `br` depths are computed from names), temporaries, imported helpers (Math functions,
// the bounds-check reporter), the buffer / scalar locals, and the bounds-check site table.

import type { IrKernel, Ty } from '../../ir/ir.js';
import type { DType } from '../../types/dtype.js';
import type { Span } from '../../diagnostics.js';
import { type FunctionBuilder, ModuleBuilder, type BlockType } from './assembler.js';
import type { WasmValType } from './opcodes.js';

/** A concrete scalar type (after resolving `float` to f64). */
export type ConcreteTy = 'bool' | 'i32' | 'u32' | 'f32' | 'f64';

/** One bounds-check site: which buffer, which source span. */
export interface OobSite {
  readonly kernel: string;
  readonly param: string;
  /** The IrKernel buffer accessed; null for a local array. */
  readonly buffer: number | null;
  readonly span: Span;
  readonly length: 'buffer' | number;
}

/** Locals holding one buffer's base pointer (bytes) and length (elements). */
export interface BufferLocals {
  readonly ptr: number;
  readonly len: number;
  readonly dtype: DType;
}

/** The `float` type resolves to f64 on wasm. */
export function concrete(t: Ty): ConcreteTy {
  return t === 'float' ? 'f64' : t;
}

/** The wasm value type of a scalar IR value. */
export function scalarValType(t: Ty): WasmValType {
  switch (concrete(t)) {
    case 'bool':
    case 'i32':
    case 'u32':
      return 'i32';
    case 'f32':
      return 'f32';
    case 'f64':
      return 'f64';
  }
}

/** log2 of the element size of a dtype. */
export function shiftOf(d: DType): number {
  switch (d) {
    case 'f64':
      return 3;
    case 'f32':
    case 'i32':
    case 'u32':
      return 2;
    case 'i16':
    case 'u16':
      return 1;
    case 'i8':
    case 'u8':
      return 0;
  }
}

/** A host function a module imports from `math`: Math[name], or fmod. */
export interface HostCall {
  readonly name: string;
  readonly arity: number;
}

/** The per-kernel generation state. */
export class KernelContext {
  readonly mod: ModuleBuilder;
  fn!: FunctionBuilder;
  /** Structured control stack: one entry per open block/loop/if, innermost last. */
  private readonly ctrl: string[] = [];
  private readonly freeTemps = new Map<WasmValType, number[]>();
  private labelCounter = 0;
  readonly oobSites: OobSite[] = [];
  buffers: BufferLocals[] = [];
  scalarLocals: number[] = [];
  scratchLocal = -1;

  constructor(readonly ir: IrKernel) {
    this.mod = new ModuleBuilder(ir.name);
  }

  /**
   * Imports the host helpers the kernel calls: `math` functions in the order given (see
   * hostCallsOf), and the bounds-check reporter when boundsCheck is on. Must run before
   * functions are added (imports take the first function indices).
   */
  declareImports(math: readonly HostCall[]): void {
    for (const { name, arity } of math) {
      this.mod.importFunc({
        module: 'math',
        name,
        params: Array(arity).fill('f64'),
        results: ['f64'],
      });
    }
    if (this.ir.boundsCheck)
      this.mod.importFunc({
        module: 'env',
        name: 'oob',
        params: ['i32', 'i32', 'i32'],
        results: [],
      });
  }

  importIndex(module: string, name: string): number {
    const k = this.mod.findImport(module, name);
    if (k === undefined)
      throw new Error(`numbat internal error: wasm import ${module}.${name} missing`);
    return k;
  }

  /** A fresh label name for the control stack. */
  label(prefix: string): string {
    return `${prefix}${this.labelCounter++}`;
  }

  open(kind: 'block' | 'loop' | 'if', label: string, type: BlockType = 'void'): void {
    this.fn.op(kind, type as unknown as number);
    this.ctrl.push(label);
  }

  else_(): void {
    this.fn.op('else');
  }

  close(): void {
    this.ctrl.pop();
    this.fn.op('end');
  }

  /** Branch depth to the structured block named `label`. */
  depth(label: string): number {
    const k = this.ctrl.lastIndexOf(label);
    if (k < 0) throw new Error(`numbat internal error: branch to unknown label ${label}`);
    return this.ctrl.length - 1 - k;
  }

  br(label: string): void {
    this.fn.op('br', this.depth(label));
  }

  brIf(label: string): void {
    this.fn.op('br_if', this.depth(label));
  }

  /** A temporary local of `type`; give it back with `release` when done. */
  temp(type: WasmValType): number {
    const pool = this.freeTemps.get(type);
    const reused = pool?.pop();
    return reused ?? this.fn.addLocal(type, `t${type}_${this.fn.localCount()}`);
  }

  release(local: number): void {
    const type = this.fn.localType(local);
    let pool = this.freeTemps.get(type);
    if (!pool) this.freeTemps.set(type, (pool = []));
    pool.push(local);
  }

  /** Resets per-function state when a new function starts. */
  startFunction(fn: FunctionBuilder): void {
    this.fn = fn;
    this.freeTemps.clear();
    this.ctrl.length = 0;
  }

  /** Registers a bounds-check site and returns its id. */
  oobSite(
    bufferIndex: number | null,
    localLength: number | null,
    name: string,
    span: Span,
  ): number {
    this.oobSites.push({
      kernel: this.ir.name,
      param: name,
      buffer: bufferIndex,
      span,
      length: bufferIndex === null ? (localLength ?? 0) : 'buffer',
    });
    return this.oobSites.length - 1;
  }

  // ---- small emission helpers ----

  constI32(v: number): void {
    this.fn.op('i32.const', v | 0);
  }

  get(local: number): void {
    this.fn.op('local.get', local);
  }

  set(local: number): void {
    this.fn.op('local.set', local);
  }

  tee(local: number): void {
    this.fn.op('local.tee', local);
  }
}
