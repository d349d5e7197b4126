// Golden snapshots of the generated WebAssembly (as text) for the golden kernels: a
// refactor of the code generator must leave them byte-identical unless it means to change
// the output.

import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import wabtInit from 'wabt';
import { describeEachBackend } from '../harness/eachBackend.js';
import { goldenKernels } from './goldenKernels.js';

describeEachBackend('golden WebAssembly', () => {
  for (const g of goldenKernels('wasm')) {
    it(g.name, async () => {
      const info = await g.kernel.inspect(g.grid, ...g.args);
      expect(info.backend).toBe('wasm');
      await expect(kept(info.code)).toMatchFileSnapshot(`./__golden__/wasm/${g.name}.wat`);
    });
  }
  // What inspect shows is WebAssembly text format a tool reads back: one name per local (a
  // helper inlined twice had two `$a`), named imports. The Math kernels' listings included.
  it('every listing parses and validates as WebAssembly text', async () => {
    const wabt = await wabtInit();
    for (const g of goldenKernels('wasm')) {
      const { code } = await g.kernel.inspect(g.grid, ...g.args);
      const features = { simd: true, threads: true };
      const mod = wabt.parseWat(`${g.name}.wat`, code, features);
      mod.resolveNames();
      (mod.validate as (features: object) => void)(features);
      mod.destroy();
    }
  });
}, ['wasm']);

/**
 * The text kept for one module: whole up to 100 kB; above (the Math kernels inline their
 * vector Math library), its length and SHA-256, so a change still shows. Set
 * NUMBAT_GOLDEN_FULL=1 and rerun with -u into a scratch copy to diff the full text.
 */
function kept(code: string): string {
  if (code.length <= 100_000 || process.env['NUMBAT_GOLDEN_FULL'] === '1') return code;
  const sha = createHash('sha256').update(code).digest('hex');
  return `;; ${code.length} characters of WebAssembly text, SHA-256 ${sha}\n`;
}
