// index.ts — numbat's public API (documented in the README and the generated reference,
// `npm run docs`). Nothing else is exported.

export {
  kernel,
  Kernel,
  type KernelOptions,
  type KernelFunction,
  type Grid,
  type Inspection,
  type LaunchArgument,
  type LaunchArguments,
  type LaunchOptions,
  type LaunchResult,
} from './runtime/kernel.js';
export {
  vectorize,
  type VectorizeOptions,
  type VectorizeOut,
  type VectorizeArgument,
  type VectorizeResult,
  type Vectorized,
} from './runtime/vectorize.js';
export { NDArray, type HostArray } from './runtime/ndarray.js';
export { toDevice, zeros, type DTypeName, type DTypeArrays } from './runtime/device.js';
export type { ScijsNdarray as NdarrayLike } from './runtime/arguments.js';
export type { DType, TypedArray } from './jit/types/dtype.js';
export type { AbortSignalLike } from './runtime/platformTypes.js';
export { backends } from './backends/registry.js';
export { memoryUsage, type MemoryUsage } from './runtime/memory.js';
export { empty, isReleased, release } from './runtime/sharedArrays.js';
export {
  f32,
  f64,
  i32,
  u32,
  f32bits,
  f32frombits,
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
  workgroupUniformLoad,
} from './jit/ops/intrinsics.js';
export { KernelError, InternalError, type Span } from './jit/diagnostics.js';
export type { ReduceOption } from './runtime/plain.js';
export type { BackendName, BackendStatus } from './backends/backend.js';
