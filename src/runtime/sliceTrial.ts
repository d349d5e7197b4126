// sliceTrial.ts — the arithmetic of a slice trial (see select.ts's header): where in the grid
// the candidate's slice, the best's equal reference slice and the rest of the launch run,
// and what the times measured there imply for a whole launch on the candidate and what the
// trial cost. Pure: the selector runs the parts and learns from the result.

/** A part of a launch: indices [begin, end) of the flattened grid. */
export interface GridPart {
  readonly begin: number;
  readonly end: number;
}

/** Where a slice trial runs, one after another: the candidate's slice, the reference, the rest. */
export interface SlicePlan {
  /** The candidate's slice. */
  readonly trial: GridPart;
  /** The best's equal slice beside it, timed apart (absent for an edge trial). */
  readonly reference?: GridPart;
  /** What the best runs besides (one part after an edge slice: it stages the arrays once). */
  readonly rest: readonly GridPart[];
  /** The trial's share of the grid. */
  readonly fraction: number;
}

/**
 * Cuts a launch of `total` indices over `grid` for a trial of `fraction` of it: whole rows of a 2-D grid
 * (neighbouring rows cost alike), single indices of a 1-D one. A middle trial takes its
 * slice and the reference from the middle of the grid; an edge trial takes the first rows.
 * Undefined when the grid is too small for two slices and something beside them.
 */
export function planSlices(
  total: number,
  grid: readonly number[],
  fraction: number,
  edge: boolean,
): SlicePlan | undefined {
  const inner = grid.length > 1 ? grid[grid.length - 1]! : 1;
  const row = inner > 0 && total / inner >= 8 ? inner : 1;
  const rows = Math.ceil(total / row);
  const sliceRows = Math.max(1, Math.round(fraction * rows));
  if (rows < 2 * sliceRows + 1) return undefined;
  const s = sliceRows * row;
  if (edge)
    return { trial: { begin: 0, end: s }, rest: [{ begin: s, end: total }], fraction: s / total };
  const m = Math.floor((rows - 2 * sliceRows) / 2) * row;
  const rest: GridPart[] = [];
  if (m > 0) rest.push({ begin: 0, end: m });
  if (m + 2 * s < total) rest.push({ begin: m + 2 * s, end: total });
  return {
    trial: { begin: m, end: m + s },
    reference: { begin: m + s, end: m + 2 * s },
    rest,
    fraction: s / total,
  };
}

/** The model's view of one backend's whole launch, ms. */
export interface LaunchModel {
  /** The estimate of a whole launch. */
  readonly ms: number;
  /** Of which launch overhead and staging (not scaled with the slice). */
  readonly overheadMs: number;
  /** Of which launch overhead alone. */
  readonly launchMs: number;
}

/** What one slice trial measured, ms. */
export interface SliceTimes {
  readonly fraction: number;
  readonly trialMs: number;
  /** The best's equal slice (undefined for an edge trial). */
  readonly referenceMs: number | undefined;
  /** The whole split launch. */
  readonly launchMs: number;
}

/**
 * The whole launch a slice trial implies on the candidate (its overhead plus its slice's
 * compute scaled by the best's compute over the reference's), and what the trial cost: its
 * time over the reference, or over its share of the best's modelled compute for an edge
 * trial, or what the split launch took over a whole one on the best where that is more (a
 * part of a launch stages every host array whole, and copies in an output that a whole 1-D
 * launch would not: probe 13, a trial in a clamp over 2^22 floats booked at 3.9 ms, its
 * launch 10 ms over wasm's whole one).
 */
export function sliceOutcome(
  times: SliceTimes,
  best: LaunchModel,
  candidate: LaunchModel,
): { impliedMs: number; costMs: number } {
  const { fraction, trialMs, referenceMs, launchMs } = times;
  const trialCompute = Math.max(trialMs - candidate.overheadMs, 0.1 * trialMs);
  const bestCompute = Math.max(best.ms - best.overheadMs, 0.1 * best.ms);
  const referenceCompute =
    referenceMs === undefined
      ? fraction * bestCompute
      : Math.max(referenceMs - best.overheadMs, 0.1 * referenceMs);
  const impliedMs = candidate.overheadMs + (trialCompute / referenceCompute) * bestCompute;
  const costMs = Math.max(
    referenceMs === undefined
      ? Math.max(0, trialMs - fraction * bestCompute) + best.launchMs
      : Math.max(0, trialMs - referenceMs) + 2 * best.launchMs,
    launchMs - best.ms,
  );
  return { impliedMs, costMs };
}
