// Golden snapshots of the generated WGSL for the golden kernels: a refactor of the
// code generator must leave them byte-identical unless it means to change the output.

import { expect, it } from 'vitest';
import { describeEachBackend } from '../harness/eachBackend.js';
import { goldenKernels } from './goldenKernels.js';

describeEachBackend('golden WGSL', () => {
  for (const g of goldenKernels('webgpu')) {
    if (g.args.some((a) => a instanceof Float64Array)) {
      it(`${g.name} is refused (WebGPU has no f64)`, async () => {
        await expect(g.kernel.inspect(g.grid, ...g.args)).rejects.toThrow(/WebGPU has no f64/);
      });
      continue;
    }
    it(g.name, async () => {
      const info = await g.kernel.inspect(g.grid, ...g.args);
      expect(info.backend).toBe('webgpu');
      await expect(info.code).toMatchFileSnapshot(`./__golden__/wgsl/${g.name}.wgsl`);
    });
  }
}, ['webgpu']);
