// section.ts — the webgpu quality bench as one section: used by the standalone entry
// (main.ts) and by `npm run bench` (bench/main.ts, BENCH_ONLY=webgpu-quality or the default
// run when WebGPU is available). Reports the device, the per-kernel ratios and the launch
// overhead; `ok` is false when a shader's results disagree or something failed.

import { withGpu } from '../../src/backends/webgpu/gpu.js';
import {
  formatQuality,
  runOverhead,
  runQuality,
  type OverheadResult,
  type QualityOptions,
  type QualityResult,
} from './quality.js';

/** The section's outcome. */
export interface QualitySection {
  readonly text: string;
  readonly json: {
    device: string;
    scale: number;
    cases: QualityResult[];
    overhead: OverheadResult | null;
    error: string | null;
  };
  readonly ok: boolean;
}

/** Runs the quality cases and the overhead measurement; never throws (errors are reported). */
export async function runWebGpuQualitySection(
  options: QualityOptions,
  progress: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<QualitySection> {
  let device = 'unknown device';
  let cases: QualityResult[] = [];
  let overhead: OverheadResult | null = null;
  let error: string | null = null;
  try {
    device = await withGpu(async (s) => {
      const info = s.adapterInfo;
      return (
        [info['vendor'], info['architecture'], info['device'], info['description']]
          .filter((v) => typeof v === 'string' && v !== '')
          .join(' / ') || 'WebGPU device'
      );
    });
    cases = await runQuality(options, progress);
    if (!options.only || options.only.has('overhead')) {
      progress('  webgpu quality: launch overhead…');
      overhead = await runOverhead(options);
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const text = formatQuality(cases, overhead, device) + (error ? `\n  ERROR ${error}` : '');
  return {
    text,
    json: { device, scale: options.scale, cases, overhead, error },
    ok: error === null && cases.every((c) => c.mismatch === null && c.error === null),
  };
}
