// browser-commands.d.ts — the types of the browser project's server-side commands (commands.ts)
// as the tests call them through `commands` from 'vitest/browser'.

import type { DemoPageInfo, PixelDiff } from './commands.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Opens the demo page with `query` in a new tab and waits until it is ready. */
    demoOpen(query: string): Promise<DemoPageInfo>;
    /** Calls `window.numbatDemo[method](...args)`; resolves to its JSON result. */
    demoCall(id: number, method: string, args: unknown[]): Promise<unknown>;
    /** Stores the Mandelbrot canvas pixels under `key`. */
    demoCapture(id: number, key: string): Promise<null>;
    /** Compares two captures with a per-channel tolerance. */
    demoCompare(id: number, keyA: string, keyB: string, tolerance: number): Promise<PixelDiff>;
    /** Saves a full-page screenshot; resolves to its path. */
    demoScreenshot(id: number): Promise<string>;
    /** Closes the page; resolves to the page errors it saw. */
    demoClose(id: number): Promise<string[]>;
  }
}
