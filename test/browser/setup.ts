// setup.ts — runs before every browser test file: the shared harness (test/harness/)
// reads NUMBAT_REQUIRE_BACKENDS and NUMBAT_DISABLE_JIT from `process.env`, which a page
// does not have, so give it those two values, from the env vitest passes the browser
// (vitest.config.ts). Only `env` is provided: numbat's Node detection looks at
// `process.versions.node`, which stays absent, so the library keeps its browser paths.

const env = (import.meta as unknown as { env?: Record<string, string | undefined> }).env ?? {};
const holder = globalThis as { process?: { env: Record<string, string> } };
if (holder.process === undefined) {
  holder.process = {
    env: {
      NUMBAT_REQUIRE_BACKENDS: env['NUMBAT_REQUIRE_BACKENDS'] ?? '',
      NUMBAT_DISABLE_JIT: env['NUMBAT_DISABLE_JIT'] ?? '',
    },
  };
}
