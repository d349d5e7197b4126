// outOfRange.test.ts — the out-of-range message exists twice: outOfRangeMessage for the wasm
// and WebGPU reports and the reference executor, and its JavaScript text (OUT_OF_RANGE_SOURCE)
// in the generated JS and the worker script. They must say the same thing.

import { expect, it } from 'vitest';
import { AXIS_FAULT, OUT_OF_RANGE_SOURCE, outOfRangeMessage } from '../../src/jit/diagnostics.js';

it("the generated code's out-of-range message is outOfRangeMessage, case for case", () => {
  const generated = new Function(`return ${OUT_OF_RANGE_SOURCE}`)() as typeof outOfRangeMessage;
  const where = "parameter 'x' of kernel 'k' (file.ts:3)";
  const cases: Array<[number, number, boolean]> = [
    [8, 8, false],
    [-3, 8, true],
    [AXIS_FAULT, 8, true], // axis 0 of a view
    [AXIS_FAULT + 2, 8, true], // axis 2
    [AXIS_FAULT + 2, 8, false], // a typed array's own index that wrapped there
    [AXIS_FAULT + 32, 8, true], // past the axes an axis fault names
  ];
  for (const [i, n, view] of cases)
    expect(generated(i, n, where, view)).toBe(outOfRangeMessage(i, n, where, view));
  expect(outOfRangeMessage(AXIS_FAULT + 2, 8, where, true)).toBe(
    `numbat: an index on axis 2 is outside the view's shape (or not an integer) for ${where}`,
  );
  expect(outOfRangeMessage(AXIS_FAULT + 2, 8, where, false)).toBe(
    `numbat: index ${AXIS_FAULT + 2} is out of range [0, 8) for ${where}`,
  );
});
