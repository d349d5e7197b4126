// names.ts — how a kernel's source names an intrinsic: by its exported name (bare or as
// `ns.name`), by that name with digits a bundler appended, or through `uses`.

import { INTRINSIC_NAMES, INTRINSIC_OPS, type IntrinsicName } from './intrinsics.js';

/**
 * The intrinsic an identifier names, if any. Bundlers rename imports to avoid clashes
 * (esbuild turns a second `random` into `random2`), so a trailing number is ignored
 * when the name is otherwise unbound.
 */
export function intrinsicNamed(name: string): string | undefined {
  if (INTRINSIC_NAMES.has(name)) return name;
  // `f322` is f32 renamed: match an intrinsic's full name followed by digits.
  for (const intrinsic of INTRINSIC_NAMES) {
    if (
      name.length > intrinsic.length &&
      name.startsWith(intrinsic) &&
      /^\d+$/.test(name.slice(intrinsic.length))
    )
      return intrinsic;
  }
  return undefined;
}

/** The intrinsic a function value is (for `uses: { random }`), if any. */
export function intrinsicOf(value: unknown): IntrinsicName | undefined {
  return (Object.keys(INTRINSIC_OPS) as IntrinsicName[]).find(
    (name) => INTRINSIC_OPS[name].plain === value,
  );
}
