// exit.test.ts — a process that used the worker pool exits on its own: the workers are
// unref()ed, so no explicit shutdown is needed.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, expect, test } from 'vitest';
import { MANDELBROT, runReference } from './kernels.js';

const dir = mkdtempSync(join(tmpdir(), 'numbat-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a script that launched a kernel on the pool exits without shutdown', async () => {
  const script = join(dir, 'launchAndLeave.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'fixtures', 'launchAndLeave.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
  });
  const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 15_000 });
  expect(child.error).toBeUndefined(); // a timeout would show up here (ETIMEDOUT)
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  const report = JSON.parse(child.stdout.trim()) as { workers: number; sum: number };
  expect(report.workers).toBe(2); // threads: 2 → two workers (the main thread only waits)
  const expected = new Int32Array(100 * 100);
  runReference(MANDELBROT, [expected], [100, 100, 200], 100 * 100);
  expect(report.sum).toBe(expected.reduce((a, b) => a + b, 0));
});
