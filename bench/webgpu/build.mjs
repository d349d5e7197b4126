// build.mjs — bundles the webgpu quality bench (bench/webgpu/main.ts) into
// dist/bench/webgpu-quality.mjs: one file that needs nothing from node_modules but
// `webgpu` (Dawn), so it runs on a GPU machine through ../shared/gpu/pack.sh:
//   node bench/webgpu/build.mjs && ../shared/gpu/pack.sh dist/bench/webgpu-quality.mjs
//   (there) source .gpu/setup.sh && node .gpu/app/webgpu-quality.mjs

import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
await build({
  entryPoints: [join(root, 'bench/webgpu/main.ts')],
  outfile: join(root, 'dist/bench/webgpu-quality.mjs'),
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
console.log('built dist/bench/webgpu-quality.mjs');
