// peerInputs.ts — the inputs of each bench family as the peer libraries need them
// (cases.ts fills them in; peers.ts builds gpu.js and TensorFlow.js runs from them).

import type { Bodies } from './baselines.js';

/** One family's inputs at one size. */
export type PeerInputs =
  | {
      readonly family: 'saxpy';
      readonly a: number;
      readonly x: Float32Array;
      readonly y: Float32Array;
    }
  | { readonly family: 'sumsq'; readonly x: Float64Array }
  | { readonly family: 'pi'; readonly samples: number; readonly seed: number }
  | {
      readonly family: 'mandelbrot';
      readonly xs: Float32Array;
      readonly ys: Float32Array;
      readonly maxIter: number;
    }
  | {
      readonly family: 'matmul';
      readonly a: Float32Array;
      readonly b: Float32Array;
      readonly n: number;
    }
  | {
      readonly family: 'nbody';
      readonly bodies: Bodies;
      readonly dt: number;
      readonly softening2: number;
    };
