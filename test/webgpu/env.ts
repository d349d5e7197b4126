// env.ts — whether Dawn can run here, for the webgpu tests. With no GPU, Dawn needs
// SwiftShader (see /work/shared/ENVIRONMENT.md): when VK_ICD_FILENAMES is unset and the
// chromium package's SwiftShader ICD exists, the tests point Vulkan at it. Unavailable →
// a printed notice and skipped tests, or a failure when NUMBAT_REQUIRE_BACKENDS names webgpu.

import { existsSync } from 'node:fs';
import { webgpuBackend } from '../../src/backends/webgpu/index.js';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

if (!process.env['VK_ICD_FILENAMES'] && existsSync(SWIFTSHADER_ICD))
  process.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
process.env['XDG_RUNTIME_DIR'] ??= '/tmp';

/** Whether NUMBAT_REQUIRE_BACKENDS names webgpu (then unavailability fails the run). */
export const webgpuRequired = (process.env['NUMBAT_REQUIRE_BACKENDS'] ?? '')
  .split(',')
  .map((s) => s.trim())
  .includes('webgpu');

/** The probe result, printed once per test file. */
export const webgpuStatus = await webgpuBackend.probe();
if (webgpuStatus.available) {
  console.log(`[numbat tests] webgpu: ${JSON.stringify(webgpuStatus.info)}`);
} else {
  console.log(`[numbat tests] webgpu UNAVAILABLE, its tests are skipped: ${webgpuStatus.reason}`);
}

/** Whether the Dawn tests run (skipped visibly when not, unless required). */
export const runGpuTests = webgpuStatus.available || webgpuRequired;
