// fuzz.test.ts — a fixed-seed slice of the differential fuzzer in `npm test`: 2,000
// generated kernels on every available backend (WebGPU on every 10th case only: each case
// compiles a fresh pipeline, ~0.1 s on SwiftShader), each held to the plain function
// through the interpreter's error bounds. Fails on any mismatch outside the known
// classes of known.ts and on any oracle error (a case the generator got wrong). An
// unavailable backend is a visible test that prints why (and fails when
// NUMBAT_REQUIRE_BACKENDS names it). `npm run fuzz` runs any slice from the command line.

import { describe, expect, it } from 'vitest';
import { checkUnavailable, listBackends } from '../harness/backends.js';
import { countedMismatches, formatReport, runFuzz, summaryLines } from './fuzz.js';

const SEED = 20261206;
const CASES = 2000;
const WEBGPU_EVERY = 10;

const listing = await listBackends();
const available = listing.filter((b) => b.available).map((b) => b.name);

describe('differential fuzzer, fixed-seed slice', () => {
  for (const backend of listing.filter((b) => !b.available)) {
    it(`backend ${backend.name} unavailable: ${backend.reason}`, () => checkUnavailable(backend));
  }

  it(`${CASES} cases of seed ${SEED} on ${available.join(', ')} (webgpu on every ${WEBGPU_EVERY}th)`, async () => {
    const started = performance.now();
    const reports: string[] = [];
    const options = {
      seed: SEED,
      first: 0,
      cases: CASES,
      backends: available,
      webgpuEvery: WEBGPU_EVERY,
      shrinkPerClass: 1,
      shrinkMs: 5000,
      verbose: false,
      log: (line: string) => reports.push(line),
    };
    const summary = await runFuzz(options);
    const lines = summaryLines(summary, options, performance.now() - started);
    console.log(lines.join('\n'));
    const counted = countedMismatches(summary);
    if (counted > 0) {
      const unknown = summary.mismatches
        .filter((m) => !m.known)
        .slice(0, 5)
        .map(formatReport);
      throw new Error(
        `${counted} fuzz mismatches:\n${[...reports, ...unknown].join('\n')}\n${lines.join('\n')}`,
      );
    }
    expect(summary.cases).toBe(CASES);
  }, 400_000);
});
