// minify.test.ts — kernels survive a minifier: the consumer program (fixtures/consumer.ts)
// bundled with `minify` and numbat's esbuild or Vite plugin runs and gets every result
// right, the built-in kernels included (built recorded, as scripts/build.mjs builds them);
// without the plugin the failure is a KernelError that names it; with it, an error points
// at the original file and line. Each bundle runs in a child Node process.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build as esbuild, type Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without declarations
import { buildBrowserBundle, recordKernels } from '../../scripts/build.mjs';
import { numbat } from '../../src/plugin/esbuild.js';
import { numbat as numbatVite } from '../../src/plugin/vite.js';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(import.meta.dirname, 'fixtures');
// Inside the project (ignored by git) so the external 'webgpu' import resolves.
mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'numbat-minify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entries: Record<string, string> = {
  numbat: join(root, 'src', 'index.ts'),
  'numbat/kernels': join(root, 'src', 'kernels', 'index.ts'),
};
/** `numbat` and `numbat/kernels` resolve to the sources, as the package's exports would to dist. */
const sources: Plugin = {
  name: 'numbat-sources',
  setup(b) {
    b.onResolve({ filter: /^numbat(\/kernels)?$/ }, (args) => ({ path: entries[args.path]! }));
  },
};
const userFiles = /[\\/]test[\\/]package[\\/]fixtures[\\/]/;

async function bundle(
  entry: string,
  name: string,
  plugins: Plugin[],
  minify = true,
): Promise<string> {
  const outfile = join(dir, `${name}.mjs`);
  await esbuild({
    entryPoints: [join(fixtures, entry)],
    bundle: true,
    minify,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['webgpu'],
    logLevel: 'silent',
    plugins: [sources, await recordKernels(), ...plugins],
  });
  return outfile;
}

function run(
  file: string,
  env: Record<string, string> = {},
): { stdout: string; stderr: string; status: number | null } {
  const child = spawnSync(process.execPath, [file], {
    encoding: 'utf8',
    timeout: 120_000,
    cwd: root,
    env: { ...process.env, NUMBAT_CACHE: '0', ...env },
  });
  return { stdout: child.stdout, stderr: child.stderr, status: child.status };
}

function consumerResult(stdout: string): { ok: boolean; checks: object; error?: string } {
  const line = stdout.split('\n').find((l) => l.startsWith('numbat consumer: '));
  expect(line, stdout).toBeDefined();
  return JSON.parse(line!.slice('numbat consumer: '.length));
}

describe('a minified bundle', () => {
  it('with numbat/esbuild: every kernel compiles and every result is right', async () => {
    const file = await bundle('consumer.ts', 'with-plugin', [numbat({ include: userFiles })]);
    const { stdout, stderr, status } = run(file);
    expect(status, stderr).toBe(0);
    const result = consumerResult(stdout);
    expect(result.error).toBeUndefined();
    expect(result.checks).not.toEqual({});
    expect(Object.entries(result.checks).filter(([, ok]) => !ok)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('without the plugin: a KernelError at load that says to add it', async () => {
    const file = await bundle('consumer.ts', 'without-plugin', []);
    // The program defines its kernels at the top level: the import itself throws.
    const { stderr, status } = run(file);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/KernelError.*kernel '[^']*': .*this looks like a minified bundle/);
    expect(stderr).toMatch(/hint: add the numbat\/esbuild \(or numbat\/vite\) plugin/);
  });

  it("with the plugin: a kernel's error points at the original file and line", async () => {
    const file = await bundle('badKernel.ts', 'bad-kernel', [numbat({ include: userFiles })]);
    const { stdout } = run(file);
    expect(stdout).toMatch(
      /kernel 'kernel': `notDefinedAnywhere` is not defined inside the kernel.*badKernel\.ts:8\)/,
    );
    expect(stdout).toContain('8 |     out[i] = f32(i) + notDefinedAnywhere;');
  });

  it('unminified, names the bundler renamed to avoid a clash still resolve (compiled and NUMBAT_DISABLE_JIT)', async () => {
    const file = await bundle('collide.ts', 'collide', [], false);
    const text = readFileSync(file, 'utf8');
    // The premise: the kernel's own text calls the renamed helper, constant and intrinsic.
    expect(text).toMatch(/out\d*\[i\d*\] = helper\d\(random\d\(seed, i\d*\)\) \* SCALE\d;/);
    for (const env of [{}, { NUMBAT_DISABLE_JIT: '1' }] as Record<string, string>[]) {
      const { stdout, stderr, status } = run(file, env);
      expect(status, stderr).toBe(0);
      expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ ok: true, other: 106 });
    }
  });

  // Probe 23: merged with a numbat whose names were minified, a user's `random(…)` read
  // `Cn(…)`; the browser build also imported the `webgpu` package (a bundler followed it into
  // Dawn's node: imports) and took Node's paths where `process` says Node.
  it("unminified for browsers, without the plugin, over numbat's browser build: runs, even in Node", async () => {
    const browser = join(dir, 'browser');
    await buildBrowserBundle(join(browser, 'numbat.js'));
    const files = readdirSync(browser, { recursive: true, encoding: 'utf8' });
    for (const f of files.filter((name) => name.endsWith('.js')))
      expect(readFileSync(join(browser, f), 'utf8'), f).not.toMatch(/import\(\s*["']webgpu["']/);
    const outfile = join(dir, 'plain-browser.mjs');
    await esbuild({
      entryPoints: [join(fixtures, 'consumer.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      outfile,
      logLevel: 'silent',
      plugins: [
        {
          name: 'numbat-browser-build',
          setup(b) {
            b.onResolve({ filter: /^numbat(\/kernels)?$/ }, (args) => ({
              path: join(browser, args.path === 'numbat' ? 'numbat.js' : 'kernels.js'),
            }));
          },
        },
      ],
    });
    const { stdout, stderr, status } = run(outfile);
    expect(status, stderr).toBe(0);
    const result = consumerResult(stdout);
    expect(result.error).toBeUndefined();
    expect(Object.entries(result.checks).filter(([, ok]) => !ok)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('with numbat/vite (a Vite build, minified): every result is right', async () => {
    const { build } = await import('vite');
    const outDir = join(dir, 'vite');
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      resolve: {
        alias: [
          { find: /^numbat$/, replacement: entries['numbat']! },
          { find: /^numbat\/kernels$/, replacement: entries['numbat/kernels']! },
        ],
      },
      plugins: [
        numbatVite({ include: userFiles }),
        numbatVite({ recordAll: true, include: /[\\/]src[\\/]kernels[\\/][^\\/]+\.ts$/ }),
      ],
      ssr: { noExternal: true, external: ['webgpu'] },
      build: {
        ssr: join(fixtures, 'consumer.ts'),
        outDir,
        minify: true,
        target: 'node20',
        rollupOptions: { output: { entryFileNames: 'consumer.mjs' } },
      },
    });
    const { stdout, stderr, status } = run(join(outDir, 'consumer.mjs'));
    expect(status, stderr).toBe(0);
    const result = consumerResult(stdout);
    expect(Object.entries(result.checks).filter(([, ok]) => !ok)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
