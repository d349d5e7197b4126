// Golden snapshots of the IR and of the generated JavaScript for a fixed set of kernels.

import { describe, expect, it } from 'vitest';
import { goldenKernels } from './goldenKernels.js';

describe('golden IR and JavaScript', () => {
  for (const g of goldenKernels('js')) {
    it(g.name, async () => {
      const info = await g.kernel.inspect(g.grid, ...g.args);
      expect(info.backend).toBe('js');
      await expect(info.ir).toMatchFileSnapshot(`./__golden__/ir/${g.name}.txt`);
      await expect(info.code).toMatchFileSnapshot(`./__golden__/js/${g.name}.js`);
    });
  }
});
