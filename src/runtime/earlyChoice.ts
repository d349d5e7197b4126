// earlyChoice.ts — `auto`'s first launches of a cheap kernel, before this process has
// probed its backends: they run on js at once, and the probes come later.
//
// A fresh process pays, at the first choice `auto` makes, for loading and probing the
// pooled backends (node:worker_threads, the wasm code generator) and reading the cached
// profile: 8–10 ms here, before anything runs. For a kernel whose launch on js takes a few
// microseconds that is the whole cost: a 1,000-index affine map took 15–16 ms at its first
// launch under `auto` against 5.5 ms forced to js, 17–20 ms over its first 10 launches
// against 7. And the probes are only the start of moving elsewhere: a first wasm compile in a
// process takes 15–25 ms (its code generator runs cold), creating the worker threads 8, so
// moving costs about EARLY_BUDGET_MS, once. No backend can save more on a launch than the
// launch takes, so a launch that the model (default constants are enough: it only has to be
// cheap) puts under EARLY_JS_MS on js runs there without the probes, and so do the next
// ones until they have cost what moving would (ski rental: a cold first launch counts only
// beyond EARLY_COLD_MS, what running before V8 optimises it may take). Then the next launch
// waits for the probes: a kernel launched in a tight loop, or one the model thought cheap (a
// loop whose trip count depends on the data), is not kept on js for ever. They start earlier
// if the event loop turns with no launch in progress (the user's code waits on a timer,
// I/O): a launch on js yields between its slices, and probing there would only delay it
// (a 2^18-element Σx² took 47 ms at its first launch under auto, probes and all, against
// 18 forced to js). The kernel's choice after the probes is the usual one, with js's
// measured launches among its samples. A launch predicted heavier waits for the probes as
// before: it may gain more on another backend than moving costs.
// Measured in fresh processes (bench/freshProcess.ts): a 2^18 Σx² over its first 10
// launches took 1.12× js's time with the budget at 10 ms (it probed at its third launch),
// 0.84× at 30.

import type { Estimate } from './selectChoice.js';
import { codeGenerationAllowed } from '../backends/js/index.js';
import { backendByName } from '../backends/registry.js';
import type { IrKernel } from '../jit/ir/ir.js';
import { estimateWork, type WorkProfile } from '../jit/passes/workEstimate.js';
import { type ArgumentProfile, profileArguments } from './argumentTraffic.js';
import { currentProfile } from './calibrate.js';
import { defaultConstants, formatDuration, predictLaunch } from './costModel.js';
import { NDArray } from './ndarray.js';

/** A launch predicted under this on js (ms) runs there before the probes are in (a sixth of moving). */
export const EARLY_JS_MS = 5;
/** Once a kernel's early launches took this long (ms: what moving costs), its next launch waits for the probes. */
export const EARLY_BUDGET_MS = 30;
/**
 * What a first (cold) launch may take without counting (ms): its run before V8 has optimised
 * the kernel (its compile is not in the launch's time), a few times a warm run's.
 */
export const EARLY_COLD_MS = 5;

/**
 * The early choice's estimate of a launch on js, with the launch's argument profile and work
 * it was made from (the selector keeps them for the launch's samples), or undefined when the
 * launch is not cheap there.
 */
export function earlyJsEstimate(
  ir: IrKernel,
  total: number,
  args: readonly unknown[],
): { estimate: Estimate; argProfile: ArgumentProfile; work: WorkProfile } | undefined {
  // Arrays that live on a backend decide where the kernel runs: the usual choice weighs them.
  if (args.some((a) => a instanceof NDArray)) return undefined;
  // js must be able to run here (a Content-Security-Policy may forbid generated code).
  const js = backendByName('js');
  if (!js || js.refuse(ir) || !codeGenerationAllowed()) return undefined;
  const constants = currentProfile()?.backends.js ?? defaultConstants('js', undefined, 1);
  const argProfile = profileArguments(ir, args, total);
  const work = estimateWork(ir, argProfile.scalarValues);
  const model = predictLaunch(
    constants,
    work,
    total,
    argProfile.trafficFor(js),
    1,
    () => undefined,
    undefined,
  );
  if (!(model.totalMs <= EARLY_JS_MS)) return undefined;
  const estimate: Estimate = {
    backend: 'js',
    ms: model.totalMs,
    basis: `model${constants.source === 'default' ? ', default constants' : ''}: ${formatDuration(model.launchMs)} launch + ${formatDuration(model.computeMs)} compute (${Math.round(work.opsPerIndex)} ops/index)`,
    warmCount: 0,
  };
  return { estimate, argProfile, work };
}

/** Why an early launch ran on js, for `inspect`. */
export function earlyReason(ms: number): string {
  return `run on js before this process has probed its other backends: predicted ≈ ${formatDuration(ms)} there, under ${formatDuration(EARLY_JS_MS)}, less than probing them and moving there costs (≈ ${formatDuration(EARLY_BUDGET_MS)}, once per process); they are probed once the event loop turns with no launch in progress, or before this kernel's next launch once its launches have taken ${formatDuration(EARLY_BUDGET_MS)}, and weighed from then on`;
}
