// exit.test.ts — a script that used the webgpu backend exits by itself: the backend
// releases the device and the Dawn instance when idle, so nothing keeps Node alive.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, expect, test } from 'vitest';
import { runGpuTests } from './env.js';

// Inside the project (ignored by git) so the external 'webgpu' import resolves.
const root = join(import.meta.dirname, '..', '..');
mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'numbat-webgpu-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.runIf(runGpuTests)(
  'a script that launched a kernel on webgpu exits without shutdown',
  async () => {
    const script = join(dir, 'launchAndLeave.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, 'fixtures', 'launchAndLeave.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
      external: ['webgpu'],
    });
    const started = Date.now();
    const child = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      timeout: 20_000,
      cwd: root,
    });
    expect(child.error).toBeUndefined(); // a hang shows up here as ETIMEDOUT
    expect(child.status).toBe(0);
    const report = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      available: boolean;
      last?: number;
      reason?: string;
    };
    expect(report).toEqual({ available: true, last: 2 * 999 + 1 });
    console.log(`[numbat tests] webgpu child exited after ${Date.now() - started} ms`);
  },
);
