// binary.test.ts — property tests of the binary arithmetic and bitwise operators
// (+ - * / % ** & | ^ << >> >>>) per dtype, on every available backend.

import { declareOperatorProperties } from './suite.js';
import { BINARY_OPS } from './ops.js';

await declareOperatorProperties('binary operators', BINARY_OPS);
