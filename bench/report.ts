// report.ts — how the bench shows what it measured: aligned text tables, number formats,
// the PASS/MISS lines of issue 2's goals, and the JSON file of every timing.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Column alignment of a text table. */
export type Align = 'left' | 'right';

/** Render rows as a text table; the first row is the header, underlined. */
export function formatTable(rows: readonly (readonly string[])[], align: readonly Align[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, displayWidth(cell));
    });
  }
  const lines = rows.map((row) =>
    row
      .map((cell, column) => {
        const pad = ' '.repeat((widths[column] ?? 0) - displayWidth(cell));
        return (align[column] ?? 'left') === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
  if (lines.length > 1) lines.splice(1, 0, widths.map((w) => '─'.repeat(w)).join('  '));
  return lines.join('\n');
}

/** Code points, not UTF-16 units (so '×', 'Σ', 'π' count as one column). */
function displayWidth(text: string): number {
  return [...text].length;
}

/** A duration in ms with 3 significant digits (at least 2 decimals below 1 ms). */
export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

/** A throughput value with 3 significant digits. */
export function formatRate(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A speed-up factor: "1.93×". */
export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

/** A relative spread: "±3%". */
export function formatSpread(spread: number): string {
  return `±${Math.round((spread * 100) / 2)}%`;
}

/** One goal of issue 2 and whether this run met it. */
export interface GoalResult {
  readonly goal: string;
  /** What was measured, e.g. "1.93×" or "2.1 µs"; null when it could not be measured. */
  readonly measured: string | null;
  readonly met: boolean | null;
}

/** "PASS", "MISS" or "n/a" lines for the goals. */
export function formatGoals(goals: readonly GoalResult[], caveat: string | null): string {
  const rows = goals.map((goal) => [
    goal.met === null ? 'n/a ' : goal.met ? 'PASS' : 'MISS',
    goal.goal,
    goal.measured ?? '(not measured)',
  ]);
  const table = formatTable([['', 'goal', 'measured'], ...rows], ['left', 'left', 'right']);
  return caveat === null ? table : `${table}\n(${caveat})`;
}

/** bench/results/bench-<date>T<time>.json next to the bench sources. */
export function resultsPath(now: Date): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // From dist/bench/main.js or bench/report.ts alike: the repository's bench/results.
  const repositoryRoot = here.includes(`${join('dist', 'bench')}`)
    ? join(here, '..', '..')
    : join(here, '..');
  const stamp = now
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  return join(repositoryRoot, 'bench', 'results', `bench-${stamp}.json`);
}

/** Write the JSON record of a run; returns its path. */
export function writeResults(record: unknown, now: Date): string {
  const path = resultsPath(now);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}
