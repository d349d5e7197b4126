// fuzz.mjs — `npm run fuzz -- …`: bundles the differential fuzzer (test/fuzz/cli.ts and
// the library source it imports) with esbuild into dist/fuzz/cli-<pid>.mjs, then runs it with
// node, passing the arguments on. Works from a clean checkout after `npm install`.
// WebGPU needs the SwiftShader Vulkan driver where there is no GPU (see README); the
// fuzzer sets VK_ICD_FILENAMES to Debian's chromium one when it exists and nothing is set.
// Dawn prints WGSL compiler messages on the process's stdout natively; they go to
// dist/fuzz/native.log (`--verbose` shows them), and the fuzzer writes its own report to
// the real stdout through fd 3.

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// One bundle per run, so runs side by side never load each other's half-written file.
const outfile = join(root, 'dist', 'fuzz', `cli-${process.pid}.mjs`);

await build({
  entryPoints: [join(root, 'test', 'fuzz', 'cli.ts')],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  external: ['webgpu', 'gpu.js'],
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
});

const env = { ...process.env };
const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!env.VK_ICD_FILENAMES && existsSync(swiftshader)) env.VK_ICD_FILENAMES = swiftshader;
env.XDG_RUNTIME_DIR ??= '/tmp';

const args = process.argv.slice(2);
const native = args.includes('--verbose')
  ? 1
  : openSync(join(root, 'dist', 'fuzz', 'native.log'), 'w');
env.FUZZ_OUTPUT_FD = '3';
const run = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...args], {
  stdio: [0, native, 2, 1],
  env,
});
rmSync(outfile, { force: true });
rmSync(`${outfile}.map`, { force: true });
process.exit(run.status ?? 1);
