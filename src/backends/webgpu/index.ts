// index.ts — the webgpu backend connector: probe, refuse, compile, allocate, shutdown.
//
// WGSL comes from the pure codegen (src/jit/codegen/wgsl.ts); the device lifecycle lives
// in gpu.ts, resident arrays in storage.ts, the launch itself in launch.ts.

import type {
  Backend,
  BackendStatus,
  CompiledKernel,
  DeviceStorage,
  LaunchArgs,
} from '../backend.js';
import type { IrKernel } from '../../jit/ir/ir.js';
import type { DType } from '../../jit/types/dtype.js';
import { InternalError } from '../../jit/diagnostics.js';
import { generateWgsl, type WgslProgram } from '../../jit/codegen/wgsl.js';
import { fewestStorageBindings, unpackedStorageBindings } from '../../jit/passes/packing.js';
import { isWidened } from '../../jit/codegen/wgsl/types.js';
import { gpuMemory, probeAdapter, release, withGpu } from './gpu.js';
import { launch, pipelinesFor, type DescribeSite } from './launch.js';
import { allocateStorage } from './storage.js';
import { codegenOptionsFor } from '../../jit/sites.js';
import { forTarget } from '../../jit/pipeline.js';
import { factsOf } from '../../jit/passes/facts.js';
import { describeWorkgroup } from '../cooperative.js';

export { WebGpuStorage } from './storage.js';
export { release as releaseWebGpu } from './gpu.js';

/** Extra compile options (the same site description the JS codegen takes). */
export interface WebGpuCompileOptions {
  /** Describes a bounds-check site for RangeErrors ("parameter 'x' at file.ts:12"). */
  readonly describeSite?: DescribeSite;
}

/** The adapter's storage-buffer limit, once a probe has seen it (WebGPU guarantees at least 8). */
let storageBufferLimit = 8;

/** Why `ir` cannot fit `limit` storage buffers per shader even with packing, or null. */
function storageBufferRefusal(ir: IrKernel, limit: number): string | null {
  const fewest = fewestStorageBindings(ir);
  if (fewest <= limit) return null;
  const needed = unpackedStorageBindings(ir);
  const packing =
    fewest < needed
      ? `, still ${fewest} with all its read-only arrays packed into one,`
      : ' (fewer than two read-only arrays to pack into one)';
  return `the kernel needs ${needed} storage buffers${packing} and this adapter allows ${limit} per shader (maxStorageBuffersPerShaderStage)`;
}

/** Why the webgpu backend cannot run `ir`, or null. */
export function refuseWebGpu(original: IrKernel): string | null {
  const storage = storageBufferRefusal(original, storageBufferLimit);
  if (storage) return storage;
  if (original.precision === 'f64')
    return "WebGPU has no f64, and precision: 'f64' asks for all float math in f64; use precision 'auto' or 'f32', or another backend";
  const f64Buffer = original.buffers.find((b) => b.dtype === 'f64');
  if (f64Buffer && original.precision !== 'f32') {
    return `WebGPU has no f64: pass precision: 'f32' to store Float64Array data as f32 (array '${f64Buffer.name}')`;
  }
  const ir = forTarget(original, 'webgpu');
  if (
    ir.uses.f64 ||
    factsOf(ir).typesUsed.has('f64') ||
    ir.localArrays.some((a) => a.dtype === 'f64')
  ) {
    const site = original.uses.f64Site ?? 'a value of the kernel';
    return `WebGPU has no f64, and ${site} computes in f64; use precision: 'f32' or another backend`;
  }
  for (const i of factsOf(ir).atomicBuffers) {
    const b = ir.buffers[i]!;
    if (isWidened(b.dtype))
      return `atomics on ${b.dtype} arrays ('${b.name}') are not supported on WebGPU (only 32-bit elements)`;
  }
  if (ir.reduce?.t === 'bool') return 'a reduce over bool values is not supported on WebGPU';
  if (ir.reduce?.kind === 'prod' && (ir.reduce.t === 'i32' || ir.reduce.t === 'u32')) {
    return 'a product of integers would wrap at 32 bits on WebGPU (the CPU backends compute it in f64, as JavaScript does); return a float, or use another backend';
  }
  if (ir.indexNames.length < 1 || ir.indexNames.length > 3)
    return `a ${ir.indexNames.length}-D grid is not supported on WebGPU (1–3)`;
  return null;
}

function notesFor(ir: IrKernel, program: WgslProgram, limit: number): string[] {
  const notes: string[] = ['float math is f32 on WebGPU'];
  const workgroup = describeWorkgroup(ir);
  if (workgroup)
    notes.push(
      `cooperative kernel: ${workgroup}; one GPU workgroup each (its invocations linearised in @workgroup_size, the last axis fastest), shared arrays in var<workgroup>`,
    );
  if (program.packed.length > 0) {
    const names = program.packed.map((i) => `'${ir.buffers[i]!.name}'`).join(', ');
    notes.push(
      `read-only arrays ${names} share one storage binding to fit this device's ${limit} storage buffers per shader: each launch places them in a pooled buffer (resident arrays are copied on the device, no host round trip)`,
    );
  }
  if (ir.buffers.some((b) => isWidened(b.dtype)))
    notes.push('8- and 16-bit arrays are widened to 32 bits on the GPU');
  const atomics = factsOf(ir).atomicBuffers;
  if ([...atomics].some((i) => ir.buffers[i]!.dtype === 'f32'))
    notes.push('f32 atomics are compare-exchange loops');
  if (ir.reduce) {
    const wide = ir.reduce.kind === 'sum' && (ir.reduce.t === 'i32' || ir.reduce.t === 'u32');
    notes.push(
      `reduce: workgroup tree (256) + a final pass, fixed order for a given size, accumulated in ${wide ? '64-bit integers' : 'f32'} (the CPU backends: f64, another order)`,
    );
  }
  return notes;
}

/** Compiles `ir` to WGSL and creates its pipelines (validating the WGSL on the device). */
export async function compileWebGpu(
  original: IrKernel,
  options: WebGpuCompileOptions = {},
): Promise<CompiledKernel> {
  const refusal = refuseWebGpu(original);
  if (refusal)
    throw new InternalError(
      `kernel '${original.name}' reached the webgpu compiler although refused: ${refusal}`,
    );
  const describeSite = options.describeSite ?? codegenOptionsFor(original).describeSite;
  const ir = forTarget(original, 'webgpu');
  const { program, limit } = await withGpu(async (s) => {
    const limit = s.device.limits.maxStorageBuffersPerShaderStage;
    const tooMany = storageBufferRefusal(ir, limit);
    if (tooMany) throw new RangeError(`numbat webgpu: kernel '${ir.name}': ${tooMany}`);
    const program: WgslProgram = generateWgsl(ir, { maxStorageBuffers: limit });
    await pipelinesFor(s, ir, program);
    return { program, limit };
  });
  return {
    code: program.code,
    notes: notesFor(ir, program, limit),
    run: (args: LaunchArgs) => withGpu((s) => launch(s, ir, program, args, describeSite)),
  };
}

/** The webgpu backend. */
export const webgpuBackend: Backend & {
  compile(ir: IrKernel, options?: WebGpuCompileOptions): Promise<CompiledKernel>;
} = {
  name: 'webgpu',
  nativeFloat: 'f32',
  async probe(): Promise<BackendStatus> {
    try {
      const info = await probeAdapter();
      if (typeof info['maxStorageBuffersPerShaderStage'] === 'number')
        storageBufferLimit = info['maxStorageBuffersPerShaderStage'];
      return { name: 'webgpu', available: true, info };
    } catch (e) {
      return { name: 'webgpu', available: false, reason: (e as Error).message, info: {} };
    }
  },
  refuse: refuseWebGpu,
  compile: compileWebGpu,
  allocate(dtype: DType, length: number): Promise<DeviceStorage> {
    return allocateStorage(dtype, length);
  },
  shutdown: release,
  memory: gpuMemory,
};
