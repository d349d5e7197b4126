// bundlerRenames.ts — `uses` names that a bundler renamed inside the kernel's text.
//
// When two bundled modules declare the same top-level name, esbuild and Rollup rename one
// with a number (`helper` → `helper2`): the kernel's text then calls `helper2`, while
// `uses: { helper }` became `{ helper: helper2 }` and still says `helper`. Without a build
// plugin's record (recorded.ts), such a name is taken as the `uses` entry it was renamed
// from. (Intrinsics renamed this way are recognised by the compiler itself.)

import { recordedSource } from '../jit/recorded.js';

type Uses = Record<string, number | boolean | Function>;

/**
 * `uses` with an entry added for each `name<digits>` that the texts of the kernel and its
 * helpers mention where `uses` has `name` but not `name<digits>`; `uses` itself when none.
 */
export function withBundlerRenames(fn: Function, uses: Uses | undefined): Uses | undefined {
  if (!uses || recordedSource(fn)) return uses;
  const keys = Object.keys(uses);
  if (keys.length === 0) return uses;
  const texts = [fn, ...Object.values(uses)]
    .filter((f): f is Function => typeof f === 'function' && !recordedSource(f))
    .map((f) => f.toString());
  let added: Uses | undefined;
  for (const text of texts) {
    for (const m of text.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*?)(\d+)(?![\w$])/g)) {
      const [renamed, base] = [m[0], m[1]!];
      if (renamed in uses || !Object.hasOwn(uses, base)) continue;
      added ??= {};
      added[renamed] = uses[base]!;
    }
  }
  return added ? { ...added, ...uses } : uses;
}
