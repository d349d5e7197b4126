// vitest.config.ts — two test projects: `node` (everything under test/ except
// test/browser/, in forked Node workers) and `browser` (test/browser/, in headless
// Chromium through Playwright, served cross-origin isolated so SharedArrayBuffer, the
// workers backend and shared wasm memory exist; WebGPU through SwiftShader where there
// is no GPU). `npm test` runs both. The browser project needs Debian's chromium at
// /usr/bin/chromium (CHROMIUM_PATH overrides; .ci/run installs it); never `playwright
// install`. Without it the browser project is left out, with the reason printed, unless
// NUMBAT_REQUIRE_BROWSER=1 (as .ci/run sets) makes that an error.

import { existsSync } from 'node:fs';
import { defineConfig, defaultExclude, type TestProjectInlineConfiguration } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { demoCommands } from './test/browser/commands.js';

const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const browserRequired = process.env['NUMBAT_REQUIRE_BROWSER'] === '1';
const haveChromium = existsSync(chromium);
if (!haveChromium) {
  const why = `no chromium at ${chromium} (install Debian's chromium package, or set CHROMIUM_PATH)`;
  if (browserRequired)
    throw new Error(`numbat tests: NUMBAT_REQUIRE_BROWSER=1 but there is ${why}`);
  console.log(`[numbat tests] the browser project (test/browser/) is SKIPPED: ${why}`);
}

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: [...defaultExclude, 'test/browser/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file gets its own worker: a backend's pool or device never leaks across files.
          pool: 'forks',
        },
      },
      ...browserProject(),
    ],
  },
});

/** The browser project, when there is a chromium to run it in. */
function browserProject(): TestProjectInlineConfiguration[] {
  if (!haveChromium) return [];
  return [
    {
      server: { headers: isolationHeaders },
      test: {
        name: 'browser',
        include: ['test/browser/**/*.test.ts'],
        setupFiles: ['test/browser/setup.ts'],
        testTimeout: 60_000,
        hookTimeout: 60_000,
        env: {
          NUMBAT_REQUIRE_BACKENDS:
            process.env['NUMBAT_REQUIRE_BACKENDS_BROWSER'] ??
            process.env['NUMBAT_REQUIRE_BACKENDS'] ??
            '',
        },
        browser: {
          enabled: true,
          headless: true,
          screenshotFailures: false,
          provider: playwright({
            launchOptions: {
              executablePath: chromium,
              args: ['--enable-unsafe-webgpu'],
            },
          }),
          instances: [{ browser: 'chromium' }],
          commands: demoCommands,
        },
      },
    },
  ];
}
