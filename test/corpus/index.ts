// index.ts — the whole differential corpus, as one list.

import { atomics } from './atomics.js';
import { builtins } from './builtins.js';
import { control } from './control.js';
import { courses } from './courses.js';
import { dtypes } from './dtypes.js';
import { grids } from './grids.js';
import { locals } from './locals.js';
import { math } from './math.js';
import { ndarrays } from './ndarrays.js';
import { reduce } from './reduce.js';
import { uses } from './uses.js';
import type { CorpusEntry } from './types.js';

export type { CorpusEntry } from './types.js';

/** Every corpus entry, grouped by theme. */
export const corpus: readonly CorpusEntry[] = [
  ...courses,
  ...control,
  ...dtypes,
  ...math,
  ...grids,
  ...locals,
  ...ndarrays,
  ...atomics,
  ...reduce,
  ...uses,
  ...builtins,
];
