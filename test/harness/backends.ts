// backends.ts — which backends the runtime reports, printed once per test file, and the
// CI contract: NUMBAT_REQUIRE_BACKENDS=webgpu,wasm (comma-separated) turns an unavailable
// backend from a printed notice into a failing test carrying the backend's reason. Also
// whether NUMBAT_DISABLE_JIT=1 makes every launch run the plain function.

import { backends } from '../../src/index.js';

/** One backend as the tests see it. */
export interface BackendAvailability {
  readonly name: string;
  readonly available: boolean;
  /** Why it cannot run here (from `backends()`), when unavailable. */
  readonly reason?: string;
  /** Named in NUMBAT_REQUIRE_BACKENDS: being unavailable fails the run. */
  readonly required: boolean;
}

/** The backend names listed in NUMBAT_REQUIRE_BACKENDS (empty when unset). */
export function requiredBackends(): string[] {
  return (process.env['NUMBAT_REQUIRE_BACKENDS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

let listing: Promise<BackendAvailability[]> | undefined;

async function probe(): Promise<BackendAvailability[]> {
  const required = requiredBackends();
  const statuses = await backends();
  const list: BackendAvailability[] = statuses.map((s) => ({
    name: s.name,
    available: s.available,
    ...(s.available ? {} : { reason: s.reason ?? 'no reason given by backends()' }),
    required: required.includes(s.name),
  }));
  for (const name of required) {
    if (!list.some((b) => b.name === name)) {
      list.push({
        name,
        available: false,
        reason: `NUMBAT_REQUIRE_BACKENDS names "${name}", which backends() does not report`,
        required: true,
      });
    }
  }
  const summary = list.map((b) =>
    b.available
      ? `${b.name}: available`
      : `${b.name}: UNAVAILABLE (${b.reason})${b.required ? ' [required]' : ''}`,
  );
  console.log(`[numbat tests] backends — ${summary.join('; ')}`);
  return list;
}

/** Every backend with its availability; probes and prints once per process. */
export function listBackends(): Promise<BackendAvailability[]> {
  listing ??= probe();
  return listing;
}

/**
 * The check an unavailable backend's visible test runs: a notice when optional, a
 * failure with the backend's reason when NUMBAT_REQUIRE_BACKENDS names it.
 */
export function checkUnavailable(backend: BackendAvailability): void {
  if (backend.required) {
    throw new Error(
      `backend ${backend.name} is required by NUMBAT_REQUIRE_BACKENDS but unavailable: ${backend.reason}`,
    );
  }
  console.log(`[numbat tests] backend ${backend.name} skipped: ${backend.reason}`);
}

/**
 * True when NUMBAT_DISABLE_JIT=1: every launch then runs the plain function, so tests of
 * the integer wrap contract hold kernels to plain JavaScript instead.
 */
export function jitDisabled(): boolean {
  return process.env['NUMBAT_DISABLE_JIT'] === '1';
}

/**
 * True under NUMBAT_DISABLE_JIT=1, after printing why the tests it guards are skipped
 * then: they check what only compiled kernels do (f32 math, a backend's documented
 * behaviour, the scheduler, the event loop), which the README lists as not reproduced by
 * plain JavaScript. Use as `describe.skipIf(compiledOnly('…'))`.
 */
export function compiledOnly(what: string): boolean {
  if (!jitDisabled()) return false;
  console.log(`[numbat tests] skipped under NUMBAT_DISABLE_JIT=1 (plain JavaScript): ${what}`);
  return true;
}
