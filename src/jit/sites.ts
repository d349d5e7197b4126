// sites.ts — where an IR kernel came from, for messages raised while it runs.
//
// IR stays free of source text; the kernel runtime registers each specialisation's
// SourceInfo here, and codegens ask for a description of an access site (kernel,
// parameter, file:line) to embed in bounds-check errors.

import { describeLine, type SourceInfo, type Span } from './diagnostics.js';
import type { IrKernel } from './ir/ir.js';

const sources = new WeakMap<IrKernel, { source: SourceInfo; signature: string }>();

export function registerSource(ir: IrKernel, source: SourceInfo, signature: string): void {
  sources.set(ir, { source, signature });
}

/** A target's transformed IR → the specialisation it came from (its arrays as written). */
const origins = new WeakMap<IrKernel, IrKernel>();

/** Gives `derived` (a target's transformed IR) the source of `ir`. */
export function registerSourceLike(derived: IrKernel, ir: IrKernel): void {
  const entry = sources.get(ir);
  if (entry) sources.set(derived, entry);
  origins.set(derived, origins.get(ir) ?? ir);
}

/**
 * "parameter 'x' of kernel 'k' (file.ts:12)" for an access at `span` ("local array 't'" or
 * "shared array 't'" when `param` names one of the kernel's own arrays).
 */
export function describeSite(ir: IrKernel, span: Span, param: string): string {
  // As written: phaseSplit makes a shared array a private one on CPU targets.
  const written = origins.get(ir) ?? ir;
  const local = written.buffers.some((b) => b.name === param)
    ? undefined
    : written.localArrays.find((l) => l.name === param);
  const what = !local ? 'parameter' : local.scope === 'workgroup' ? 'shared array' : 'local array';
  const entry = sources.get(ir);
  if (!entry) return `${what} '${param}' of kernel '${ir.name}'`;
  return `${what} '${param}' of kernel '${ir.name}' (${describeLine(entry.source, span.start)})`;
}

/**
 * Whether buffer `k` is a view (an ndarray or NDArray, whose shape the kernel receives): its
 * accesses check each axis under boundsCheck and may report an AXIS_FAULT (diagnostics.ts).
 */
export function isViewBuffer(ir: IrKernel, k: number): boolean {
  const arg = ir.buffers[k]?.argIndex;
  return ir.scalars.some((s) => s.source.kind === 'shape' && s.source.argIndex === arg);
}

/** Codegen options carrying the site describer and the signature for headers. */
export function codegenOptionsFor(ir: IrKernel): {
  describeSite: (span: Span, param: string) => string;
  signature?: string;
} {
  const entry = sources.get(ir);
  return {
    describeSite: (span, param) => describeSite(ir, span, param),
    ...(entry ? { signature: entry.signature } : {}),
  };
}
