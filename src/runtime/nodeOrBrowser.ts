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
