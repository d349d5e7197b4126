// casts.test.ts — property tests of the casts f32() i32() u32() and the idioms `| 0`,
// `>>> 0` per dtype, on every available backend.

import { declareOperatorProperties } from './suite.js';
import { CAST_OPS } from './ops.js';

await declareOperatorProperties('casts', CAST_OPS);
