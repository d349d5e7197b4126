// quiet.test.ts — Dawn's own warnings stay out of the user's stderr (preflight.ts): a
// script that probes every backend, with Vulkan drivers that Dawn rejects, that do not
// load, or that work, prints nothing on stderr, and says why webgpu is unavailable in the
// backend's reason instead. NUMBAT_DEBUG=dawn lets Dawn print (which proves the check can
// see what Dawn writes).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Inside the project (ignored by git) so the external 'webgpu' import resolves.
const root = join(import.meta.dirname, '..', '..');
mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'numbat-quiet-'));
const script = join(dir, 'probeQuietly.mjs');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await build({
    entryPoints: [join(import.meta.dirname, 'fixtures', 'probeQuietly.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
    external: ['webgpu'],
  });
});

interface Report {
  available: boolean;
  reason: string | null;
  result?: number[];
}

function probe(env: Record<string, string | undefined>): { report: Report; stderr: string } {
  const base: Record<string, string | undefined> = { ...process.env, NUMBAT_CACHE: '0' };
  delete base['NUMBAT_DEBUG'];
  delete base['VK_ICD_FILENAMES'];
  const child = spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    timeout: 60_000,
    cwd: root,
    env: { ...base, ...env } as NodeJS.ProcessEnv,
  });
  expect(child.status, child.stderr).toBe(0);
  return { report: JSON.parse(child.stdout.trim().split('\n').pop()!), stderr: child.stderr };
}

describe("Dawn's warnings", () => {
  it('are not printed when no Vulkan driver loads; the reason quotes them', () => {
    const { report, stderr } = probe({ VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(stderr).toBe('');
    expect(report.available).toBe(false);
    expect(report.reason).toMatch(/no WebGPU adapter was found.*Dawn said: .*(driver|Vulkan)/i);
  });

  it("are not printed with the machine's own drivers (a GPU, lavapipe, or none), whatever runs", () => {
    const { report, stderr } = probe({});
    expect(stderr).toBe('');
    if (report.available) expect(report.result).toEqual([0, 2, 4, 6]);
    else expect(report.reason).toMatch(/WebGPU|webgpu|Vulkan|driver/);
    console.log(`[numbat tests] quiet probe: ${JSON.stringify(report)}`);
  });

  it('are printed under NUMBAT_DEBUG=dawn', () => {
    const { report, stderr } = probe({
      VK_ICD_FILENAMES: '/nonexistent/icd.json',
      NUMBAT_DEBUG: 'dawn',
    });
    expect(report.available).toBe(false);
    expect(stderr).toMatch(/Vulkan|driver/i);
  });
});
