// compileCosts.ts — what compiling a kernel costs on each backend, learned in this process.
//
// `auto` pays a compile for every backend it tries beside the one it runs: for a kernel whose
// launches take microseconds, that compile (wasm: a module built and instantiated on every
// thread; webgpu: a pipeline) is the whole cost of exploring, many launches' worth. kernel.ts
// times each compile to its end and reports it here; the selector (select.ts) adds the
// typical figure to a trial's cost on a backend that has not compiled the kernel yet. Until a
// backend has compiled anything in this process, a default for a small kernel stands in.

import type { BackendName } from '../backends/backend.js';

/** A small kernel's compile, ms, before any is measured (rough figures from a 2-core machine). */
const DEFAULT_COMPILE_MS: Record<BackendName, number> = {
  js: 0.3,
  workers: 1,
  wasm: 2,
  webgpu: 10,
};

/** Compiles kept per backend (the typical figure is their median). */
const KEPT = 9;

const recent = new Map<BackendName, number[]>();

/** Records one compile of a kernel on `backend`, ms from its start to its end. */
export function noteCompile(backend: BackendName, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) return;
  const list = recent.get(backend) ?? [];
  list.push(ms);
  if (list.length > KEPT) list.shift();
  recent.set(backend, list);
}

/** What compiling a kernel typically costs on `backend` here, ms (the median of recent ones). */
export function typicalCompileMs(backend: BackendName): number {
  const list = recent.get(backend);
  if (!list || list.length === 0) return DEFAULT_COMPILE_MS[backend];
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
}
