// consumer-test.mjs — numbat as a user gets it: `npm pack`, the tarball installed into a
// scratch project, and one program (test/package/fixtures/consumer.ts) that
//
//   1. type-checks as strict TypeScript with no @types (its @ts-expect-error lines prove
//      that wrong launches are type errors: tsc fails on one that is not),
//   2. runs in Node (tsc's output, importing the installed package),
//   3. runs bundled and minified by esbuild with the numbat/esbuild plugin (and fails
//      with a KernelError naming the plugin without it),
//   4. runs bundled and minified for the browser (the `browser` export) in headless
//      Chromium, served cross-origin isolated.
//
// Each run checks every result against plain JavaScript. Offline: the install takes the
// tarball and acorn from npm's cache (`npm ci` filled it). Step 4 is skipped, with the
// reason, when there is no chromium (CHROMIUM_PATH, default /usr/bin/chromium), unless
// NUMBAT_REQUIRE_BROWSER=1. `.ci/run` runs this after `npm test`; by hand:
// `npm run consumer-test` (about a minute: the pack builds everything).

import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test', 'package', 'fixtures');
const scratch = mkdtempSync(join(tmpdir(), 'numbat-consumer-'));
const keep = process.argv.includes('--keep');
const started = performance.now();
const failures = [];
let passed = 0;
let skipped = 0;

function step(name, f) {
  const t = performance.now();
  return Promise.resolve()
    .then(f)
    .then(
      (note) => {
        passed++;
        console.log(
          `consumer: ${name}: ok${note ? ` (${note})` : ''} [${Math.round(performance.now() - t)} ms]`,
        );
      },
      (error) => {
        failures.push(name);
        console.log(`consumer: ${name}: FAILED\n${error instanceof Error ? error.message : error}`);
      },
    );
}

function sh(command, args, cwd, env = process.env) {
  const run = spawnSync(command, args, { cwd, encoding: 'utf8', env, timeout: 300_000 });
  if (run.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${run.status}\n${run.stdout}\n${run.stderr}`,
    );
  return run.stdout;
}

/** The `numbat consumer: {…}` line of a run, checked. */
function expectAllRight(stdout, where) {
  const line = stdout.split('\n').find((l) => l.startsWith('numbat consumer: '));
  if (!line) throw new Error(`${where}: no result line in\n${stdout}`);
  const result = JSON.parse(line.slice('numbat consumer: '.length));
  const failed = Object.entries(result.checks)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  if (!result.ok || failed.length || Object.keys(result.checks).length === 0)
    throw new Error(`${where}: ${result.error ?? ''} failed checks: ${failed.join(', ')}`);
  return `${Object.keys(result.checks).length} checks`;
}

const runNode = (file) =>
  spawnSync(process.execPath, [file], {
    cwd: scratch,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NUMBAT_CACHE: '0' },
  });

let tarball;
await step('npm pack (prepack builds dist and types)', () => {
  const out = sh('npm', ['pack', '--json', '--pack-destination', scratch], root);
  const info = JSON.parse(out.slice(out.indexOf('[')))[0];
  tarball = join(scratch, info.filename);
  const files = info.files.map((f) => f.path);
  const unwanted = files.filter((f) =>
    /^(src|test|bench|examples|dist\/bench|dist\/examples)\//.test(f),
  );
  if (unwanted.length)
    throw new Error(`the tarball holds files users do not run: ${unwanted.join(', ')}`);
  for (const needed of [
    'LICENSE',
    'dist/index.js',
    'dist/browser/numbat.js',
    'dist/browser/kernels.js',
    'dist/plugin/esbuild.js',
    'dist/plugin/vite.js',
    'dist/types/index.d.ts',
  ])
    if (!files.includes(needed)) throw new Error(`the tarball lacks ${needed}`);
  return `${info.filename}, ${files.length} files, ${(info.size / 1024).toFixed(0)} KiB`;
});

await step('npm install of the tarball into a scratch project (offline)', () => {
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify(
      {
        name: 'numbat-consumer',
        private: true,
        type: 'module',
        dependencies: { numbat: `file:${tarball}` },
      },
      null,
      2,
    ),
  );
  const args = ['install', '--no-audit', '--no-fund', '--ignore-scripts'];
  try {
    sh('npm', [...args, '--offline'], scratch);
  } catch {
    sh('npm', [...args, '--prefer-offline'], scratch); // a cache without acorn: fetch it once
  }
  // A stand-in for the optional `webgpu` package (Dawn for Node), which users install
  // beside numbat: like Dawn's own loader it imports `node:` modules, so a bundle for
  // browsers that followed an import of it would fail to build (probe 23).
  const standIn = join(scratch, 'node_modules', 'webgpu');
  mkdirSync(standIn, { recursive: true });
  writeFileSync(
    join(standIn, 'package.json'),
    JSON.stringify({ name: 'webgpu', version: '0.0.0-stand-in', type: 'module', main: 'index.js' }),
  );
  writeFileSync(
    join(standIn, 'index.js'),
    [
      "import { sep } from 'node:path';",
      'export const globals = {};',
      'export function create() {',
      "  throw new Error('a stand-in for Dawn, not loadable' + sep);",
      '}',
      '',
    ].join('\n'),
  );
  mkdirSync(join(scratch, 'src'));
  for (const f of ['consumer.ts', 'consumerHelpers.ts'])
    copyFileSync(join(fixtures, f), join(scratch, 'src', f));
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          types: [],
          skipLibCheck: false,
          outDir: 'out',
          rootDir: 'src',
        },
        include: ['src'],
      },
      null,
      2,
    ),
  );
});

await step('tsc --strict over the program (no @types; every @ts-expect-error needed)', () => {
  sh(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', scratch],
    scratch,
  );
  const expected = (
    readFileSync(join(scratch, 'src', 'consumer.ts'), 'utf8').match(
      /^\s*\/\/ @ts-expect-error/gm,
    ) ?? []
  ).length;
  return `${expected} wrong launches refused`;
});

await step('the program in Node', () => {
  const run = runNode(join(scratch, 'out', 'consumer.js'));
  if (run.status !== 0) throw new Error(run.stderr);
  if (run.stderr.trim())
    throw new Error(`unexpected stderr (numbat is quiet by default):\n${run.stderr}`);
  return expectAllRight(run.stdout, 'node');
});

const installed = join(scratch, 'node_modules', 'numbat');
const { numbat } = await import(
  pathToFileURL(join(installed, 'dist', 'plugin', 'esbuild.js')).href
);

await step('esbuild --minify with numbat/esbuild, in Node', async () => {
  const outfile = join(scratch, 'bundle', 'node.mjs');
  await build({
    absWorkingDir: scratch,
    entryPoints: ['src/consumer.ts'],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['webgpu'],
    logLevel: 'warning',
    plugins: [numbat()],
  });
  const run = runNode(outfile);
  if (run.status !== 0) throw new Error(run.stderr);
  return expectAllRight(run.stdout, 'minified node bundle');
});

await step('esbuild --minify without the plugin fails with a KernelError naming it', async () => {
  const outfile = join(scratch, 'bundle', 'no-plugin.mjs');
  await build({
    absWorkingDir: scratch,
    entryPoints: ['src/consumer.ts'],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    outfile,
    external: ['webgpu'],
    logLevel: 'warning',
  });
  const run = runNode(outfile);
  if (
    run.status === 0 ||
    !/KernelError[\s\S]*add the numbat\/esbuild \(or numbat\/vite\) plugin/.test(run.stderr)
  )
    throw new Error(
      `expected a KernelError naming the plugin, got status ${run.status}\n${run.stderr.slice(-2000)}`,
    );
});

// A bundle for browsers, neither minified nor plugged in (a development build): numbat's
// browser build keeps its names, so the kernels' intrinsics read as the user wrote them,
// and it never imports the `webgpu` package (the stand-in above would fail the build).
const plainBrowserBundle = join(scratch, 'web', 'plain.js');
await step(
  'esbuild --platform=browser without the plugin or --minify builds beside `webgpu`',
  async () => {
    await build({
      absWorkingDir: scratch,
      entryPoints: ['src/consumer.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      outfile: plainBrowserBundle,
      logLevel: 'warning',
    });
    const text = readFileSync(plainBrowserBundle, 'utf8');
    if (/import\(\s*["']webgpu["']\s*\)/.test(text))
      throw new Error('the browser bundle still imports the webgpu package');
  },
);

await step('that browser bundle in Node (a browser build where `process` says Node)', () => {
  const run = runNode(plainBrowserBundle);
  if (run.status !== 0) throw new Error(run.stderr);
  return expectAllRight(run.stdout, 'browser bundle in Node');
});

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const why = `no chromium at ${chromium} (install Debian's chromium, or set CHROMIUM_PATH)`;
  if (process.env.NUMBAT_REQUIRE_BROWSER === '1') {
    failures.push('browser');
    console.log(`consumer: browser: FAILED: NUMBAT_REQUIRE_BROWSER=1 but there is ${why}`);
  } else {
    skipped++;
    console.log(`consumer: browser: SKIPPED: ${why}`);
  }
} else {
  await step(
    'both browser bundles (minified with numbat/esbuild; plain) in headless Chromium',
    async () => {
      const web = join(scratch, 'web');
      await build({
        absWorkingDir: scratch,
        entryPoints: ['src/consumer.ts'],
        bundle: true,
        minify: true,
        platform: 'browser',
        format: 'esm',
        outfile: join(web, 'app.js'),
        logLevel: 'warning',
        plugins: [numbat()],
      });
      for (const [page, script] of [
        ['index.html', 'app.js'],
        ['plain.html', 'plain.js'],
      ])
        writeFileSync(
          join(web, page),
          `<!doctype html><meta charset="utf-8"><script type="module" src="${script}"></script>\n`,
        );
      const types = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };
      const server = createServer((req, res) => {
        const file = join(
          web,
          new URL(req.url, 'http://x').pathname.replace(/^\/$/, '/index.html'),
        );
        if (!file.startsWith(web) || !existsSync(file)) return res.writeHead(404).end();
        res.writeHead(200, {
          'Content-Type': types[extname(file)] ?? 'application/octet-stream',
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
        });
        res.end(readFileSync(file));
      });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const { chromium: playwright } = await import('playwright');
      const browser = await playwright.launch({
        executablePath: chromium,
        headless: true,
        args: ['--enable-unsafe-webgpu'],
      });
      try {
        const results = [];
        for (const [path, what] of [
          ['/', 'minified bundle with the plugin'],
          ['/plain.html', 'plain bundle without the plugin'],
        ]) {
          const page = await browser.newPage();
          const errors = [];
          page.on('pageerror', (e) => errors.push(String(e)));
          const lines = [];
          page.on('console', (m) => lines.push(m.text()));
          await page.goto(`http://127.0.0.1:${server.address().port}${path}`);
          await page
            .waitForFunction(() => globalThis.__numbatConsumer !== undefined || undefined, null, {
              timeout: 60_000,
            })
            .catch(() => {});
          if (errors.length) throw new Error(`${what}: page errors: ${errors.join('\n')}`);
          const isolated = await page.evaluate(() => crossOriginIsolated);
          results.push(
            `${what}: ${expectAllRight(lines.join('\n'), what)}, crossOriginIsolated ${isolated}`,
          );
          await page.close();
        }
        return results.join('; ');
      } finally {
        await browser.close();
        server.close();
      }
    },
  );
}

if (!keep) rmSync(scratch, { recursive: true, force: true });
else console.log(`consumer: scratch project kept in ${scratch}`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failures.length) {
  console.log(`consumer: ${failures.length} step(s) failed: ${failures.join('; ')} (${seconds} s)`);
  console.log(`consumer: ${passed} passed, ${failures.length} failed, ${skipped} skipped`);
  process.exit(1);
}
console.log(`consumer: every step passed (${seconds} s)`);
console.log(`consumer: ${passed} passed, 0 failed, ${skipped} skipped`);
