// index.ts — numbat's public API (see API.md). Nothing else is exported.

export {
  kernel,
  Kernel,
  type KernelOptions,
  type Grid,
  type Inspection,
} from './runtime/kernel.js';
export { vectorize, type VectorizeOptions } from './runtime/vectorize.js';
export { NDArray } from './runtime/ndarray.js';
export { toDevice, zeros } from './runtime/device.js';
export { backends } from './backends/registry.js';
export { memoryUsage, type MemoryUsage } from './runtime/memory.js';
export {
  f32,
  f64,
  i32,
  u32,
  atomicAdd,
  atomicSub,
  atomicMin,
  atomicMax,
  random,
  localId,
  groupId,
  groupCount,
  shared,
  barrier,
} from './jit/ops/intrinsics.js';
export { KernelError, InternalError } from './jit/diagnostics.js';
export type { BackendName, BackendStatus } from './backends/backend.js';
