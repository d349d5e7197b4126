// fuzz.ts — the fuzz loop: generates cases from a seed, runs each on the backends (WebGPU
// on every n-th case, since each case compiles a fresh pipeline), tallies outcomes per
// backend (ok, refused, mismatched, threw, ill-conditioned elements skipped, time),
// shrinks the first mismatches of each class and prints them with seed and case number.
// The summary ends with exactly `fuzz: N cases, M mismatches`; mismatches of the known
// classes in known.ts are listed but not counted in M.

import type { Case } from './ast.js';
import { printKernel } from './ast.js';
import { formatNumber } from './compare.js';
import { generateCase } from './generate.js';
import { KNOWN_CLASSES, knownClassOf } from './known.js';
import { checkCase, type BackendResult } from './runCase.js';
import { shrinkCase } from './shrink.js';

export interface FuzzOptions {
  readonly seed: number;
  /** Case numbers [first, first + cases). */
  readonly first: number;
  readonly cases: number;
  readonly backends: readonly string[];
  /** WebGPU runs case n only when n % webgpuEvery === 0. */
  readonly webgpuEvery: number;
  /** Mismatches shrunk and printed in full per class (0: none shrunk). */
  readonly shrinkPerClass: number;
  readonly shrinkMs: number;
  readonly verbose: boolean;
  /** Treat the known classes of known.ts like any other mismatch (shrunk, printed, counted). */
  readonly strict?: boolean;
  readonly log: (line: string) => void;
}

export interface BackendStats {
  ran: number;
  ok: number;
  refused: number;
  mismatched: number;
  threw: number;
  known: number;
  skippedElements: number;
  illConditionedRuns: number;
  ms: number;
  refusals: Record<string, number>;
}

export interface MismatchReport {
  readonly seed: number;
  readonly caseNumber: number;
  readonly backend: string;
  /** Stable across cases of one kind: the grouping key. */
  readonly signature: string;
  /** The known class it belongs to, if any (not counted). */
  readonly known: string | null;
  readonly detail: string;
  readonly source: string;
  /** The shrunk kernel and its failure, when shrunk. */
  readonly minimal?: string;
}

export interface FuzzSummary {
  cases: number;
  oracleErrors: { caseNumber: number; message: string; source: string }[];
  backends: Record<string, BackendStats>;
  mismatches: MismatchReport[];
}

export function emptySummary(backends: readonly string[]): FuzzSummary {
  const stats = (): BackendStats => ({
    ran: 0,
    ok: 0,
    refused: 0,
    mismatched: 0,
    threw: 0,
    known: 0,
    skippedElements: 0,
    illConditionedRuns: 0,
    ms: 0,
    refusals: {},
  });
  return {
    cases: 0,
    oracleErrors: [],
    backends: Object.fromEntries(backends.map((b) => [b, stats()])),
    mismatches: [],
  };
}

/** The grouping key of a failed backend run. */
export function signatureOf(backend: string, result: BackendResult): string {
  if (result.status === 'threw') {
    const message = result.message
      .replace(/'[^']*'/g, "'…'")
      .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, 'N')
      .slice(0, 140);
    return `${backend} threw: ${message}`;
  }
  if (result.status !== 'mismatch') return `${backend} ${result.status}`;
  const where = [
    ...new Set(
      result.bad.map((b) => (b.where === 'reduce' ? 'reduce' : b.where.replace(/\[\d+\]$/, ''))),
    ),
  ].join(',');
  return `${backend} mismatch (${result.cause}) in ${where.replace(/\b[aoht]\d+\b/g, (m) => m[0]!)}`;
}

function detailOf(result: BackendResult): string {
  if (result.status === 'threw') return `threw: ${result.message}`;
  if (result.status !== 'mismatch') return result.status;
  const shown = result.bad
    .slice(0, 4)
    .map(
      (b) =>
        `${b.where}: expected ${formatNumber(b.expected)}${b.bound ? ` (±${b.bound})` : ''}, got ${formatNumber(b.got)}`,
    );
  return `${result.bad.length} element(s) differ (${result.cause}): ${shown.join('; ')}`;
}

/** Arguments as short text for a report. */
export function describeArgs(c: Case): string {
  const text = c.params.map((p) => {
    if (p.kind === 'scalar') return `${p.name} = ${formatNumber(p.value)}`;
    const shown = p.values.slice(0, 12).map(formatNumber).join(', ');
    const size = p.role === 'out' ? `grid×${p.slots}` : String(p.length);
    return `${p.name} = ${p.dtype}[${size}] ${p.role} [${shown}${p.values.length > 12 ? ', …' : ''}]`;
  });
  return `grid [${c.grid.join(', ')}]${c.reduce ? `, reduce ${typeof c.reduce === 'string' ? `'${c.reduce}'` : c.reduce.source}` : ''}\n    ${text.join('\n    ')}`;
}

/**
 * What shrinking keeps: the same error for a throw; for a mismatch, the same cause in the
 * same place (reduce result or arrays), so an unexplained mismatch cannot drift into a
 * known class (a subnormal flushed somewhere else) while it shrinks.
 */
function failureKind(backend: string, result: BackendResult): string {
  if (result.status === 'mismatch')
    return `${backend} mismatch (${result.cause}) in ${result.bad.some((b) => b.where === 'reduce') ? 'reduce' : 'arrays'}`;
  return signatureOf(backend, result);
}

async function shrinkAndDescribe(
  c: Case,
  backend: string,
  kind: string,
  ms: number,
): Promise<string> {
  const { minimal, tries, steps } = await shrinkCase(
    c,
    async (candidate) => {
      try {
        const r = await checkCase(candidate, [backend]);
        const b = r.backends[backend];
        return (
          !r.oracleError &&
          b !== undefined &&
          (b.status === 'mismatch' || b.status === 'threw') &&
          failureKind(backend, b) === kind
        );
      } catch {
        return false;
      }
    },
    { maxTries: 2000, maxMs: ms },
  );
  const again = await checkCase(minimal, [backend]);
  const result = again.backends[backend];
  const verdict = result ? `${signatureOf(backend, result)}\n  ${detailOf(result)}` : 'no result';
  return `minimal kernel (${steps} steps, ${tries} tries):\n  ${printKernel(minimal).replace(/\n/g, '\n  ')}\n  ${describeArgs(minimal)}\n  ${verdict}`;
}

/** Runs the cases and returns the summary (printing mismatches as they come). */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const summary = emptySummary(options.backends);
  const seenPerSignature = new Map<string, number>();
  for (let n = options.first; n < options.first + options.cases; n++) {
    const c = generateCase(options.seed, n);
    const backends = options.backends.filter(
      (b) => b !== 'webgpu' || n % options.webgpuEvery === 0,
    );
    const result = await checkCase(c, backends);
    summary.cases++;
    if (result.oracleError) {
      summary.oracleErrors.push({
        caseNumber: n,
        message: result.oracleError,
        source: result.source,
      });
      options.log(
        `fuzz: ORACLE ERROR seed ${options.seed} case ${n}: ${result.oracleError}\n  ${result.source.replace(/\n/g, '\n  ')}\n  ${describeArgs(c)}`,
      );
      continue;
    }
    for (const backend of backends) {
      const r = result.backends[backend]!;
      const stats = summary.backends[backend]!;
      stats.ran++;
      stats.ms += r.ms;
      if ((result.illConditioned[backend] ?? 0) > 0 || ('skipped' in r && r.skipped > 0))
        stats.illConditionedRuns++;
      if ('skipped' in r) stats.skippedElements += r.skipped;
      if (r.status === 'ok') {
        stats.ok++;
        continue;
      }
      if (r.status === 'refused') {
        stats.refused++;
        stats.refusals[r.reason] = (stats.refusals[r.reason] ?? 0) + 1;
        continue;
      }
      const signature = signatureOf(backend, r);
      const known = options.strict ? null : knownClassOf(backend, r);
      if (known) stats.known++;
      else if (r.status === 'threw') stats.threw++;
      else stats.mismatched++;
      let minimal: string | undefined;
      const seen = seenPerSignature.get(signature) ?? 0;
      seenPerSignature.set(signature, seen + 1);
      if (seen < options.shrinkPerClass && !known)
        minimal = await shrinkAndDescribe(c, backend, failureKind(backend, r), options.shrinkMs);
      const report: MismatchReport = {
        seed: options.seed,
        caseNumber: n,
        backend,
        signature,
        known,
        detail: detailOf(r),
        source: result.source,
        ...(minimal ? { minimal } : {}),
      };
      summary.mismatches.push(report);
      // Printed: each shrunk one, the first of each class, or all with --verbose.
      if (!known && (minimal || seen === 0 || options.verbose)) options.log(formatReport(report));
    }
    if (options.verbose && (n + 1) % 100 === 0) options.log(`fuzz: … case ${n + 1}`);
  }
  return summary;
}

export function formatReport(r: MismatchReport): string {
  const head = `fuzz: MISMATCH seed ${r.seed} case ${r.caseNumber} on ${r.backend}${r.known ? ` [known: ${r.known}]` : ''}\n  ${r.signature}\n  ${r.detail}`;
  const repro = `  reproduce: npm run fuzz -- --seed ${r.seed} --case ${r.caseNumber} --backends ${r.backend}`;
  if (r.minimal) return `${head}\n  ${r.minimal}\n${repro}`;
  return `${head}\n  kernel:\n    ${r.source.replace(/\n/g, '\n    ')}\n${repro}`;
}

/** Adds a child process's summary into a total. */
export function mergeSummary(total: FuzzSummary, part: FuzzSummary): void {
  total.cases += part.cases;
  total.oracleErrors.push(...part.oracleErrors);
  total.mismatches.push(...part.mismatches);
  for (const [name, s] of Object.entries(part.backends)) {
    const t = total.backends[name]!;
    for (const key of [
      'ran',
      'ok',
      'refused',
      'mismatched',
      'threw',
      'known',
      'skippedElements',
      'illConditionedRuns',
      'ms',
    ] as const)
      t[key] += s[key];
    for (const [reason, count] of Object.entries(s.refusals))
      t.refusals[reason] = (t.refusals[reason] ?? 0) + count;
  }
}

/** The counted mismatches: every failed backend run not in a known class (all with `strict`), plus oracle errors. */
export function countedMismatches(s: FuzzSummary, strict = false): number {
  return s.mismatches.filter((m) => strict || !m.known).length + s.oracleErrors.length;
}

/** The summary lines; the last is exactly `fuzz: N cases, M mismatches`. */
export function summaryLines(
  s: FuzzSummary,
  options: Pick<FuzzOptions, 'seed' | 'first' | 'cases' | 'webgpuEvery'>,
  wallMs: number,
  strict = false,
): string[] {
  const lines: string[] = [];
  lines.push(
    `fuzz: seed ${options.seed}, cases ${options.first}..${options.first + options.cases - 1}, ${(wallMs / 1000).toFixed(1)} s wall`,
  );
  for (const [name, b] of Object.entries(s.backends)) {
    const rate = b.ms > 0 ? (b.ran / (b.ms / 1000)).toFixed(1) : '-';
    const subset =
      name === 'webgpu' && options.webgpuEvery > 1 ? ` (every ${options.webgpuEvery}th case)` : '';
    const refusals = Object.entries(b.refusals)
      .map(([r, n]) => `${n} ${r}`)
      .join(', ');
    lines.push(
      `fuzz:   ${name}${subset}: ${b.ran} run, ${b.ok} ok, ${b.mismatched} mismatched, ${b.threw} threw, ${b.known} known, ` +
        `${b.refused} refused${refusals ? ` (${refusals})` : ''}; ${b.illConditionedRuns} with ill-conditioned elements skipped ` +
        `(${b.skippedElements} elements); ${rate} cases/s (compile + launch)`,
    );
  }
  const groups = new Map<string, MismatchReport[]>();
  for (const m of s.mismatches.filter((x) => !x.known))
    groups.set(m.signature, [...(groups.get(m.signature) ?? []), m]);
  if (groups.size) lines.push('fuzz: mismatch classes (count × class — first seed and case):');
  for (const [signature, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(
      `fuzz:   ${list.length} × ${signature} — --seed ${list[0]!.seed} --case ${list[0]!.caseNumber}`,
    );
  }
  const known = new Map<string, MismatchReport[]>();
  for (const m of s.mismatches.filter((x) => x.known))
    known.set(m.known!, [...(known.get(m.known!) ?? []), m]);
  if (known.size)
    lines.push(
      `fuzz: known classes (known.ts; ${strict ? 'counted: --strict' : 'not counted; --strict counts them'}):`,
    );
  for (const [id, list] of [...known].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(
      `fuzz:   ${list.length} × ${id}: ${KNOWN_CLASSES.find((k) => k.id === id)?.why ?? ''} — --seed ${list[0]!.seed} --case ${list[0]!.caseNumber}`,
    );
  }
  if (s.oracleErrors.length)
    lines.push(
      `fuzz: ${s.oracleErrors.length} oracle errors (the generator broke its own rules; cases ${s.oracleErrors
        .slice(0, 10)
        .map((o) => o.caseNumber)
        .join(', ')})`,
    );
  lines.push(`fuzz: ${s.cases} cases, ${countedMismatches(s, strict)} mismatches`);
  return lines;
}
