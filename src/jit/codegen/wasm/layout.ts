// layout.ts — the per-thread scratch area of a wasm kernel (its byte offsets).
//
// Word 0 is the status word ("this chunk contributed", for reductions). The four reduce
// lane accumulators (reduceOrder.ts; 8 bytes each: f64 for built-in reductions, the
// reduce type for custom ones) follow at SCRATCH_LANES, their "has a value" flags (custom
// combiners only, one i32 each) at SCRATCH_HAS, and the kernel's local arrays from
// SCRATCH_LOCALS.

export const SCRATCH_LANES = 16;
export const SCRATCH_HAS = 48;
export const SCRATCH_LOCALS = 64;
