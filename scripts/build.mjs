// build.mjs — the build: bundles the library, the demo and the bench with esbuild, and
// emits type declarations with tsc.
//
// Outputs:
//   dist/index.js            the library (ESM, for Node; `node:` builtins, npm packages and
//                            the optional `webgpu` / `gpu.js` stay external)
//   dist/examples/main.js    `npm start`  (imports ../index.js: one copy of the library)
//   dist/bench/main.js       `npm run bench` (same)
//   dist/kernels/index.js    the built-in kernels, `numbat/kernels` (same)
//   dist/browser/numbat.js   the library for browsers and bundlers (`exports` condition
//   dist/browser/kernels.js  `browser`; ESM, platform browser, minified but for its names, acorn and the
//                            worker code inlined, the backends as chunks; the Node-only
//                            paths import an empty module, and are never reached in a
//                            browser). The core's size is printed, as shipped and fully
//                            minified (what a production bundle holds), with gzip.
//   dist/plugin/esbuild.js   the bundler plugins `numbat/esbuild` and `numbat/vite`
//   dist/plugin/vite.js      (src/plugin/), for Node
//   dist/types/**.d.ts       declarations (tsc --emitDeclarationOnly -p tsconfig.build.json)
//
// The built-in kernels (src/kernels/) are bundled through numbat's own esbuild plugin with
// `recordAll`, so each kernel function and helper carries its source text as written
// (src/jit/recorded.ts): they keep working when a user minifies a bundle with numbat in it.
//
// Declarations take a few seconds, so they are emitted only for `npm run build` (or a
// direct `node scripts/build.mjs`), and skipped for `npm start` / `npm run bench`, which
// only need the JavaScript. Flags: `--types` forces them, `--no-types` skips them.

import { build, transform } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Packages never bundled: optional at run time, or native. */
const optionalExternals = ['webgpu', 'gpu.js'];

/**
 * The demo, the bench and the built-in kernels import the library's entry (`src/index.ts`,
 * as `../src/index.js` or `../index.js`), so they type-check and run from source too. In
 * the bundles that import becomes `../index.js`, i.e. the built dist/index.js, instead of
 * a second copy of the library inlined into each bundle.
 */
const libraryEntryFile = join(root, 'src', 'index.ts');
const useBuiltLibrary = {
  name: 'use-built-library',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /(^|\/)index\.js$/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts') !== libraryEntryFile)
        return undefined;
      return { path: '../index.js', external: true };
    });
  },
};

/** Options shared by every bundle. */
const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  external: optionalExternals,
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
};

/**
 * The browser bundle: everything inlined (acorn too) except Node builtins, which the
 * library only reaches through dynamic imports on Node, and the optional Node `webgpu`
 * package (the browser has navigator.gpu; __NUMBAT_BROWSER_BUILD__ drops the path that
 * loads it, which a user's bundler would otherwise follow into Dawn's `node:` imports).
 * Whitespace and syntax are minified, identifiers kept: a bundler that merges a user's
 * unminified code with a numbat whose names are minified gives the user's imports numbat's
 * short names (probe 23: a kernel's `random(…)` became `Cn(…)`, and its parameter `a`
 * became `a2`), and no kernel can be read back from that text without the plugin. A
 * user's production build minifies numbat with the rest; the sizes printed are also
 * given fully minified, as such a build ships them.
 */
const browserBundle = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome113', 'firefox120', 'safari17'],
  minifyWhitespace: true,
  minifySyntax: true,
  define: { __NUMBAT_BROWSER_BUILD__: 'true' },
  external: ['node:*', ...optionalExternals],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
};

/**
 * In the browser build, Node builtins (reached only through `import('node:…')` on paths
 * that run in Node) resolve to an empty module, so that a bundler targeting browsers
 * never meets a `node:` import it cannot resolve.
 */
const nodeBuiltinsUnreachable = {
  name: 'node-builtins-unreachable',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:/ }, (args) => ({
      path: args.path,
      namespace: 'node-builtin-unreachable',
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'node-builtin-unreachable' }, () => ({
      contents: 'export {};',
      loader: 'js',
    }));
  },
};

/**
 * numbat's own esbuild plugin (src/plugin/esbuild.ts), built in memory and loaded, set to
 * record every function of the built-in kernels.
 */
let recordKernelsPlugin;
export async function recordKernels() {
  if (!recordKernelsPlugin) {
    const built = await build({
      entryPoints: [join(root, 'src', 'plugin', 'esbuild.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'warning',
      absWorkingDir: root,
    });
    const code = Buffer.from(built.outputFiles[0].contents).toString('base64');
    const { numbat } = await import(`data:text/javascript;base64,${code}`);
    recordKernelsPlugin = numbat({
      recordAll: true,
      include: /[\\/]src[\\/]kernels[\\/][^\\/]+\.ts$/,
    });
  }
  return recordKernelsPlugin;
}

/**
 * Builds only the browser bundle as `outfile` (and `kernels.js`, the built-in kernels,
 * beside it) plus the lazily loaded chunks they share (the browser tests build a fresh
 * one for the demo page). Resolves to the sizes of the core — the entry and the chunks it
 * imports statically — and of everything.
 */
export async function buildBrowserBundle(outfile = join(dist, 'browser', 'numbat.js')) {
  const name = basename(outfile, '.js');
  const result = await build({
    ...browserBundle,
    entryPoints: {
      [name]: join(root, 'src', 'index.ts'),
      kernels: join(root, 'src', 'kernels', 'index.ts'),
    },
    outdir: dirname(outfile),
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [nodeBuiltinsUnreachable, await recordKernels()],
  });
  return browserSizes(result, outfile);
}

/**
 * Sizes, in bytes, of the core (what a page loads before it uses the wasm, workers or
 * webgpu backends, which load as chunks on first use) and of all files: as shipped, and
 * fully minified as a user's production build would (each also gzipped).
 */
async function browserSizes(result, outfile) {
  const outputs = result.metafile.outputs;
  const key = (file) => Object.keys(outputs).find((k) => resolve(root, k) === resolve(file));
  const core = new Set();
  const visit = (k) => {
    if (!k || core.has(k)) return;
    core.add(k);
    for (const imp of outputs[k].imports)
      if (imp.kind === 'import-statement') visit(key(resolve(root, imp.path)) ?? imp.path);
  };
  visit(key(outfile));
  const size = async (files) => {
    const texts = files.map((k) => readFileSync(resolve(root, k), 'utf8'));
    const shipped = Buffer.from(texts.join(''));
    const minified = await Promise.all(
      texts.map(async (code) => (await transform(code, { minify: true, format: 'esm' })).code),
    );
    const production = Buffer.from(minified.join(''));
    return {
      shipped: shipped.length,
      shippedGzip: gzipSync(shipped, { level: 9 }).length,
      minified: production.length,
      gzip: gzipSync(production, { level: 9 }).length,
    };
  };
  const all = Object.keys(outputs).filter((k) => k.endsWith('.js'));
  return { core: await size([...core]), all: await size(all) };
}

function wantTypes() {
  const argv = process.argv.slice(2);
  if (argv.includes('--no-types')) return false;
  if (argv.includes('--types')) return true;
  const event = process.env.npm_lifecycle_event;
  return event === undefined || event === 'build';
}

/** Sum of the output sizes of one esbuild result, JS files only (no source maps). */
function outputBytes(result) {
  let bytes = 0;
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.js')) bytes += info.bytes;
  }
  return bytes;
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function emitDeclarations() {
  const started = performance.now();
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(
    process.execPath,
    [tsc, '--emitDeclarationOnly', '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  const ms = performance.now() - started;
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error(`tsc --emitDeclarationOnly failed (exit ${run.status}); see the errors above`);
  }
  return ms;
}

async function main() {
  const started = performance.now();
  const libraryEntry = join(root, 'src', 'index.ts');
  if (!existsSync(libraryEntry)) {
    throw new Error(`build: ${relative(root, libraryEntry)} does not exist yet`);
  }

  // Chunk names carry content hashes: start the browser build, like the types, afresh.
  rmSync(join(dist, 'browser'), { recursive: true, force: true });
  const browserFile = join(dist, 'browser', 'numbat.js');
  const [library, browser, examples, bench, , builtins, plugins] = await Promise.all([
    build({ ...common, entryPoints: [libraryEntry], outfile: join(dist, 'index.js') }),
    buildBrowserBundle(browserFile),
    build({
      ...common,
      entryPoints: [join(root, 'examples', 'main.ts')],
      outfile: join(dist, 'examples', 'main.js'),
      plugins: [useBuiltLibrary],
    }),
    build({
      ...common,
      entryPoints: [join(root, 'bench', 'main.ts')],
      outfile: join(dist, 'bench', 'main.js'),
      plugins: [useBuiltLibrary],
    }),
    build({
      ...common,
      entryPoints: [join(root, 'bench', 'soak.ts')],
      outfile: join(dist, 'bench', 'soak.js'),
      plugins: [useBuiltLibrary],
    }),
    build({
      ...common,
      entryPoints: [join(root, 'src', 'kernels', 'index.ts')],
      outfile: join(dist, 'kernels', 'index.js'),
      plugins: [useBuiltLibrary, await recordKernels()],
    }),
    build({
      ...common,
      entryPoints: {
        esbuild: join(root, 'src', 'plugin', 'esbuild.ts'),
        vite: join(root, 'src', 'plugin', 'vite.ts'),
      },
      outdir: join(dist, 'plugin'),
    }),
  ]);
  const bundleMs = performance.now() - started;

  let typesNote = 'types skipped';
  if (wantTypes()) {
    rmSync(join(dist, 'types'), { recursive: true, force: true });
    const typesMs = emitDeclarations();
    const declaration = join(dist, 'types', 'index.d.ts');
    const size = existsSync(declaration) ? statSync(declaration).size : 0;
    typesNote = `types dist/types (index.d.ts ${kib(size)}, ${(typesMs / 1000).toFixed(1)} s)`;
  }

  console.log(
    `build: dist/index.js ${kib(outputBytes(library))}, ` +
      `dist/browser/numbat.js core ${kib(browser.core.shipped)} (${kib(browser.core.shippedGzip)} gzip); ` +
      `fully minified ${kib(browser.core.minified)} (${kib(browser.core.gzip)} gzip; ` +
      `${kib(browser.all.gzip)} gzip with every backend's chunk), ` +
      `dist/examples/main.js ${kib(outputBytes(examples))}, ` +
      `dist/bench/main.js ${kib(outputBytes(bench))}, dist/kernels/index.js ${kib(outputBytes(builtins))}, ` +
      `dist/plugin ${kib(outputBytes(plugins))} in ${Math.round(bundleMs)} ms; ${typesNote}`,
  );
}

const runDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
