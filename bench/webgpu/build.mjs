// build.mjs — bundles the standalone webgpu benches, the quality bench (bench/webgpu/main.ts)
// into dist/bench/webgpu-quality.mjs and the gemm bench (bench/webgpu/gemm.ts) into
// dist/bench/webgpu-gemm.mjs: files that need nothing from node_modules but `webgpu`
// (Dawn), so they run on a GPU machine through ../shared/gpu/pack.sh:
//   node bench/webgpu/build.mjs && ../shared/gpu/pack.sh dist/bench/webgpu-quality.mjs dist/bench/webgpu-gemm.mjs
//   (there) source .gpu/setup.sh && node .gpu/app/webgpu-quality.mjs && node .gpu/app/webgpu-gemm.mjs

import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entries = { 'webgpu-quality': 'bench/webgpu/main.ts', 'webgpu-gemm': 'bench/webgpu/gemm.ts' };
await build({
  entryPoints: Object.entries(entries).map(([out, src]) => ({ out, in: join(root, src) })),
  outdir: join(root, 'dist/bench'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['webgpu'],
  banner: {
    js: "import { createRequire as nbCreateRequire } from 'node:module'; const require = nbCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  absWorkingDir: root,
});
console.log(
  `built ${Object.keys(entries)
    .map((e) => `dist/bench/${e}.mjs`)
    .join(', ')}`,
);
