// nodeOrBrowser.ts — whether numbat runs in Node and may load Node's modules. The browser
// build (scripts/build.mjs defines __NUMBAT_BROWSER_BUILD__) has none of them: its `node:`
// imports resolve to an empty module and it never loads the `webgpu` package, so it takes
// the browser's paths even where a `process` says Node (an Electron renderer, a
// browser-platform bundle run in Node): Web Workers, navigator.gpu, no cache files.

declare const __NUMBAT_BROWSER_BUILD__: boolean | undefined;

/** True in the browser build (a constant there: the bundler drops the Node-only paths). */
export const BROWSER_BUILD: boolean =
  typeof __NUMBAT_BROWSER_BUILD__ !== 'undefined' && __NUMBAT_BROWSER_BUILD__ === true;

/** Whether this is Node (or a Node-compatible runtime), and this build can use its modules. */
export function isNodeLike(): boolean {
  if (BROWSER_BUILD) return false;
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

/**
 * A Node builtin module, loaded synchronously where the runtime can
 * (`process.getBuiltinModule`, Node ≥ 20.16), else undefined (the caller imports it). A
 * fresh process pays an `await import('node:os')` 0.5–1 ms for the ES module it wraps around
 * the builtin, where getBuiltinModule takes 0.2: `auto`'s first choice reads several.
 */
export function nodeBuiltin<T>(specifier: `node:${string}`): T | undefined {
  if (!isNodeLike()) return undefined;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof proc?.getBuiltinModule === 'function'
    ? (proc.getBuiltinModule(specifier) as T | undefined)
    : undefined;
}
