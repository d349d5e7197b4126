// vitest.config.ts — two test projects: `node` (everything under test/ except
// test/browser/, in forked Node workers) and `browser` (test/browser/, in headless
// Chromium through Playwright, served cross-origin isolated so SharedArrayBuffer, the
// workers backend and shared wasm memory exist; WebGPU through SwiftShader where there
// is no GPU). `npm test` runs both. The browser project needs Debian's chromium at
// /usr/bin/chromium (CHROMIUM_PATH overrides; .ci/run installs it); never `playwright
// install`.

import { defineConfig, defaultExclude } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { demoCommands } from './test/browser/commands.js';

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
                executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
                args: ['--enable-unsafe-webgpu'],
              },
            }),
            instances: [{ browser: 'chromium' }],
            commands: demoCommands,
          },
        },
      },
    ],
  },
});
