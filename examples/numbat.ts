// numbat.ts — the one place the demo imports numbat from.
//
// The bundle keeps the library external (dist/index.js). If several demo modules each
// imported an intrinsic such as `atomicAdd` from it, esbuild would rename all but one
// (`atomicAdd2`), and a kernel calling `atomicAdd2` is no longer one numbat recognises.
// One importing module keeps every intrinsic under its own name.

export { atomicAdd, type BackendName, backends, kernel, random } from '../src/index.js';
