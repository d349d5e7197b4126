// math.test.ts — property tests of Math functions (sqrt floor ceil round trunc abs sign
// exp log sin cos min max atan2 pow hypot) per dtype, on every available backend.

import { declareOperatorProperties } from './suite.js';
import { MATH_OPS } from './ops.js';

await declareOperatorProperties('Math functions', MATH_OPS);
