// index.ts — the `wasm` backend: WebAssembly SIMD kernels over the shared heap's memory.
//
// Probes WebAssembly, SIMD128 (by validating a tiny module) and threads (shared memory);
// compiles IR with codegen/wasm.ts and instantiates the module against `sharedHeap()`'s
// memory; keeps device-resident arrays in that heap (WasmStorage); and runs a launch by
// writing the argument block, staging host arrays into the heap, calling `run` over the
// grid and copying written host arrays back. Launches currently run on the calling
// thread (see the report for the pool hook threaded runs need).

import type { Backend, BackendStatus, CompiledKernel, DeviceStorage, LaunchArgs } from '../backend.js';
import type { IrKernel } from '../../jit/ir/ir.js';
import type { DType, TypedArray } from '../../jit/types/dtype.js';
import { BYTES, TYPED_ARRAY } from '../../jit/types/dtype.js';
import { describeSite } from '../../jit/sites.js';
import { generateWasm, type WasmModuleCode } from '../../jit/codegen/wasm.js';
import { IMPORTED_MATH } from '../../jit/codegen/wasm/context.js';
import { sharedHeap, type Heap } from '../heap.js';

/** Device storage: a block of the shared heap. */
export class WasmStorage implements DeviceStorage {
  readonly backend = 'wasm' as const;
  private freed = false;

  constructor(readonly heap: Heap, readonly dtype: DType, readonly length: number, readonly byteOffset: number) {}

  /** A view of the live bytes (rebuilt on every call: the memory may have grown). */
  view(): TypedArray {
    if (this.freed) throw new Error('numbat: this wasm array was disposed and cannot be used');
    return this.heap.view(this.dtype, this.byteOffset, this.length);
  }

  async read(): Promise<TypedArray> {
    return this.view().slice();
  }

  async write(src: TypedArray): Promise<void> {
    if (src.length !== this.length) throw new RangeError(`numbat: write of ${src.length} elements into a wasm array of ${this.length}`);
    this.view().set(src as never);
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.heap.free(this.byteOffset);
  }
}

/** The host's functions the generated modules import. */
function mathImports(): Record<string, (...xs: number[]) => number> {
  const out: Record<string, (...xs: number[]) => number> = {};
  const M = Math as unknown as Record<string, (...xs: number[]) => number>;
  for (const name of IMPORTED_MATH) out[name] = M[name]!;
  out.fmod = (a: number, b: number): number => a % b;
  return out;
}

/** A validated SIMD probe module: (func (result v128) v128.const 0). */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** Options that tests use to force the scalar path. */
export interface WasmCompileOptions {
  readonly simd?: boolean;
}

/** Compiles and instantiates one kernel; exported for tests (scalar vs SIMD). */
export function compileWasmKernel(ir: IrKernel, heap: Heap, options: WasmCompileOptions = {}): CompiledKernel & { module: WasmModuleCode } {
  const code = generateWasm(ir, { shared: heap.shared, simd: options.simd ?? true });
  let compiled: WebAssembly.Module;
  try {
    compiled = new WebAssembly.Module(code.bytes as BufferSource);
  } catch (e) {
    throw new Error(`numbat internal error (this is a bug in numbat, please report it): wasm codegen produced an invalid module for kernel '${ir.name}': ${String(e)}\n--- generated code ---\n${code.listing}`);
  }
  const sites = code.oobSites.map((s) => describeSite(ir, s.span, s.param));
  const instance = new WebAssembly.Instance(compiled, {
    env: {
      memory: heap.memory,
      oob: (site: number, index: number, length: number) => {
        throw new RangeError(`numbat: index ${index} is out of range [0, ${length}) for ${sites[site] ?? 'an array'}`);
      },
    },
    math: mathImports(),
  });
  const run = instance.exports.run as (args: number, begin: number, end: number, scratch: number) => number | undefined;
  const combine = instance.exports.combine as ((a: number, b: number) => number) | undefined;
  return {
    module: code,
    code: code.listing,
    notes: code.notes,
    run: async (args: LaunchArgs) => runOnce(ir, heap, code, run, combine, args),
  };
}

function runOnce(
  ir: IrKernel,
  heap: Heap,
  code: WasmModuleCode,
  run: (args: number, begin: number, end: number, scratch: number) => number | undefined,
  combine: ((a: number, b: number) => number) | undefined,
  args: LaunchArgs,
): number | undefined {
  const temporaries: number[] = [];
  const copyBack: { host: TypedArray; offset: number; dtype: DType; length: number }[] = [];
  try {
    const argBlock = heap.alloc(code.layout.size + 16 + code.scratchBytes, true);
    temporaries.push(argBlock);
    const scratch = argBlock + Math.ceil(code.layout.size / 16) * 16;
    const placed = ir.buffers.map((b, k) => {
      const lb = args.buffers[k]!;
      if (lb.kind === 'device' && lb.storage instanceof WasmStorage && lb.storage.heap === heap) {
        return { offset: lb.storage.byteOffset, length: lb.storage.length };
      }
      if (lb.kind === 'device') throw new Error(`numbat internal error: wasm launch got ${lb.storage.backend} storage for '${b.name}'`);
      const host = lb.data;
      const offset = heap.alloc(host.length * BYTES[b.dtype], false);
      temporaries.push(offset);
      const view = heap.view(b.dtype, offset, host.length);
      if (b.read || b.written) view.set(host as never);
      if (b.written) copyBack.push({ host, offset, dtype: b.dtype, length: host.length });
      return { offset, length: host.length };
    });
    const dv = new DataView(heap.buffer);
    placed.forEach((p, k) => {
      dv.setInt32(argBlock + code.layout.buffers[k]!, p.offset, true);
      dv.setInt32(argBlock + code.layout.buffers[k]! + 4, p.length, true);
    });
    ir.scalars.forEach((s, k) => {
      const at = argBlock + code.layout.scalars[k]!;
      const v = args.scalars[k]!;
      if (s.type === 'f64' || s.type === 'float') dv.setFloat64(at, v, true);
      else if (s.type === 'f32') dv.setFloat32(at, v, true);
      else dv.setInt32(at, s.type === 'bool' ? (v ? 1 : 0) : v | 0, true);
    });
    args.grid.forEach((g, a) => dv.setInt32(argBlock + code.layout.grid + 4 * a, g, true));

    let result: number | undefined;
    if (args.total > 0) {
      const partial = run(argBlock, 0, args.total, scratch);
      if (ir.reduce) {
        const have = new DataView(heap.buffer).getInt32(scratch, true);
        result = ir.reduce.kind === 'custom' && !have ? undefined : partial;
      }
    } else if (ir.reduce && ir.reduce.kind !== 'custom') {
      result = { sum: 0, prod: 1, min: Infinity, max: -Infinity }[ir.reduce.kind];
    }
    void combine;
    for (const c of copyBack) c.host.set(heap.view(c.dtype, c.offset, c.length) as never);
    return ir.reduce ? result : undefined;
  } finally {
    for (const t of temporaries) heap.free(t);
  }
}

let probed: BackendStatus | undefined;

/** The wasm backend connector. */
export const wasmBackend: Backend = {
  name: 'wasm',
  nativeFloat: 'f64',

  async probe(): Promise<BackendStatus> {
    if (probed) return probed;
    if (typeof WebAssembly !== 'object') {
      return (probed = { name: 'wasm', available: false, reason: 'WebAssembly is not available here', info: {} });
    }
    if (!simdSupported()) {
      return (probed = { name: 'wasm', available: false, reason: 'this engine does not support WebAssembly SIMD128', info: { simd: false } });
    }
    const heap = sharedHeap();
    const info: Record<string, unknown> = {
      simd: true,
      lanes: { f32: 4, i32: 4, f64: 2 },
      sharedMemory: heap.shared,
      threads: 1,
    };
    info.threadsNote = heap.shared
      ? 'launches run on the calling thread (pool integration pending)'
      : 'single-threaded: SharedArrayBuffer is unavailable (page not cross-origin isolated)';
    return (probed = { name: 'wasm', available: true, info });
  },

  refuse(ir: IrKernel): string | null {
    for (const b of ir.buffers) {
      if (!(b.dtype in TYPED_ARRAY)) return `the wasm backend cannot store dtype ${b.dtype}`;
    }
    if (ir.uses.atomics && ir.buffers.some((b) => b.read && b.written && BYTES[b.dtype] < 4 && b.dtype !== 'f32')) {
      // conservative: atomics on 8/16-bit arrays are not implemented
      return 'atomics on 8- or 16-bit integer arrays are not supported by the wasm backend';
    }
    return null;
  },

  async compile(ir: IrKernel): Promise<CompiledKernel> {
    return compileWasmKernel(ir, sharedHeap());
  },

  async allocate(dtype: DType, length: number): Promise<DeviceStorage> {
    const heap = sharedHeap();
    const offset = heap.alloc(length * BYTES[dtype], true);
    return new WasmStorage(heap, dtype, length, offset);
  },
};
