// numbat.ts — the one place the bench imports numbat from.
//
// The bundle keeps the library external (dist/index.js). If several bench modules each
// imported `random` from it, esbuild would rename all but one (`random2`), and a kernel
// that calls `random2` is no longer a kernel numbat recognises. One importing module
// keeps every intrinsic under its own name.

export {
  type BackendName,
  backends,
  barrier,
  empty,
  groupId,
  localId,
  shared,
  f32,
  type Inspection,
  kernel,
  type Kernel,
  type NDArray,
  random,
  release,
  toDevice,
  zeros,
} from '../src/index.js';
