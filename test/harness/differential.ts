// differential.ts — run a corpus entry on a backend and hold it to the plain function.
//
// The plain function (plain.ts) is the specification. For a backend, the entry is compiled
// with `kernel(fn, { ...options, backend })`, launched on fresh arguments, and every array
// argument plus the reduce result is compared (compare.ts). Where API.md says a backend
// must refuse a kernel (f64 data on WebGPU), the refusal itself is what is checked.

import { kernel } from '../../src/index.js';
import type { CorpusEntry } from '../corpus/types.js';
import { diffRuns } from './compare.js';
import { gridExtents, runPlain, storageOf, type RunResult } from './plain.js';

/** A refusal a backend must (or may) give instead of running an entry. */
export interface ExpectedRefusal {
  /** What the error message must mention. */
  readonly pattern: RegExp;
  /** True when the backend may either run the entry correctly or refuse it. */
  readonly optional: boolean;
  readonly why: string;
}

const SMALL_INT_ARRAYS = [Int8Array, Uint8Array, Int16Array, Uint16Array];

/** Whether (and why) `backend` is expected to refuse `entry`, per API.md's precision rules. */
export function expectedRefusal(entry: CorpusEntry, backend: string): ExpectedRefusal | undefined {
  if (backend !== 'webgpu') return undefined;
  const args = entry.makeArgs();
  const storages = args.map(storageOf).filter((s) => s !== undefined);
  const helperSources = Object.values(entry.options?.uses ?? {})
    .filter((u) => typeof u === 'function')
    .map(String);
  const mentionsF64 = [entry.fn.toString(), ...helperSources].some((src) =>
    /Float64Array|\bf64\(/.test(src),
  );
  const precision = entry.options?.precision ?? 'auto';
  if (
    precision === 'f64' ||
    (precision !== 'f32' && (mentionsF64 || storages.some((s) => s instanceof Float64Array)))
  ) {
    return {
      pattern: /f64|float64/i,
      optional: false,
      why: 'f64 data or math has no WGSL form (API.md, Precision)',
    };
  }
  if (storages.some((s) => SMALL_INT_ARRAYS.some((kind) => s instanceof kind))) {
    return {
      pattern: /int8|int16|\bu?i(8|16)\b/i,
      optional: true,
      why: '8/16-bit arrays may be unsupported on WebGPU (API.md, arguments)',
    };
  }
  return undefined;
}

/** Launch the entry on one backend with fresh arguments. */
export async function runOnBackend(entry: CorpusEntry, backend: string): Promise<RunResult> {
  const args = entry.makeArgs();
  const compiled = kernel(entry.fn, { ...entry.options, backend } as Parameters<typeof kernel>[1]);
  const grid = typeof entry.grid === 'number' ? entry.grid : gridExtents(entry.grid);
  const value: unknown = await compiled.launch(grid, ...args);
  if (entry.options?.reduce !== undefined && typeof value !== 'number') {
    throw new Error(`reduce launch resolved to ${String(value)}, not a number`);
  }
  return { args, value: typeof value === 'number' ? value : undefined, terms: [] };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Check one entry on one backend against the plain run; throws a readable error naming
 * the entry, the backend and the first mismatches. Resolves to a note when the backend
 * refused as allowed.
 */
export async function checkEntry(entry: CorpusEntry, backend: string): Promise<string | undefined> {
  const refusal = expectedRefusal(entry, backend);
  let got: RunResult;
  try {
    got = await runOnBackend(entry, backend);
  } catch (error) {
    const message = messageOf(error);
    if (refusal?.pattern.test(message))
      return `refused as allowed (${refusal.why}): ${message.split('\n')[0]}`;
    throw new Error(`${entry.name} on ${backend} threw: ${message}`, { cause: error });
  }
  if (refusal && !refusal.optional) {
    throw new Error(
      `${entry.name} on ${backend}: expected a clear error (${refusal.why}), but it ran`,
    );
  }
  const expected = runPlain(entry);
  const problems = diffRuns(entry, expected, got, backend);
  if (problems.length > 0) {
    throw new Error(
      `${entry.name} on ${backend} differs from the plain function:\n  ${problems.join('\n  ')}`,
    );
  }
  return undefined;
}
