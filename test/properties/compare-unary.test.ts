// compare-unary.test.ts — property tests of comparisons (< <= > >= === !==) and unary
// operators (- ! ~) per dtype, on every available backend.

import { declareOperatorProperties } from './suite.js';
import { COMPARISON_OPS, UNARY_OPS } from './ops.js';

await declareOperatorProperties('comparisons', COMPARISON_OPS);
await declareOperatorProperties('unary operators', UNARY_OPS);
