// commands.ts — server-side (Node) commands of the browser test project: they open the
// demo page in a new tab of the test browser, served cross-origin isolated by
// web/server.mjs over a freshly built browser bundle, drive its `window.numbatDemo` hook,
// compare captured Mandelbrot pixels, and save a screenshot. Registered in
// vitest.config.ts; the tests call them through `commands` from 'vitest/browser'.

import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserCommand } from 'vitest/node';
import type { BrowserContext, Page } from 'playwright';
// @ts-expect-error -- plain ESM script without declarations
import { buildBrowserBundle } from '../../scripts/build.mjs';
// @ts-expect-error -- plain ESM script without declarations
import { startServer } from '../../web/server.mjs';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the demo test saves its screenshot (git-ignored). */
export const SCREENSHOT_PATH = join(projectRoot, 'test', 'browser', '__screenshots__', 'demo.png');

/** What `demoOpen` reports about the loaded page. */
export interface DemoPageInfo {
  readonly id: number;
  readonly crossOriginIsolated: boolean;
  readonly hasWebGpu: boolean;
  readonly backends: ReadonlyArray<{
    name: string;
    available: boolean;
    reason?: string;
    info: Record<string, unknown>;
  }>;
  readonly canvases: number;
}

/** How two captured images differ (RGBA bytes, same size). */
export interface PixelDiff {
  readonly pixels: number;
  /** Pixels where some channel differs by more than the tolerance. */
  readonly differing: number;
  readonly maxChannelDifference: number;
  /** Distinct colours in the first image (a blank canvas has 1). */
  readonly distinctColors: number;
}

interface OpenPage {
  readonly page: Page;
  readonly errors: string[];
  readonly captures: Map<string, Buffer>;
}

let server: Promise<{ url: string; close(): Promise<void> }> | undefined;
const pages = new Map<number, OpenPage>();
let nextId = 1;

/** Builds the browser bundle into a temporary folder and serves the demo over it (once). */
function demoServer(): Promise<{ url: string; close(): Promise<void> }> {
  server ??= (async () => {
    const bundleDir = join(tmpdir(), `numbat-browser-test-${process.pid}`);
    await buildBrowserBundle(join(bundleDir, 'numbat.js'));
    return startServer({ port: 0, bundleDir });
  })();
  return server;
}

function pageOf(id: number): OpenPage {
  const open = pages.get(id);
  if (!open) throw new Error(`no demo page #${id} is open`);
  return open;
}

/** Opens the demo page (`query` e.g. '?paused=1') in a new tab and waits until it is ready. */
const demoOpen: BrowserCommand<[query: string]> = async (context, query) => {
  const browserContext = (context as unknown as { context: BrowserContext }).context;
  const { url } = await demoServer();
  const page = await browserContext.newPage();
  await page.setViewportSize({ width: 1560, height: 1000 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  await page.goto(url + query);
  const info = await page.evaluate(async () => {
    const hook = (
      window as unknown as {
        numbatDemo: {
          ready: Promise<
            Array<{
              name: string;
              available: boolean;
              reason?: string;
              info: Record<string, unknown>;
            }>
          >;
        };
      }
    ).numbatDemo;
    const statuses = await hook.ready;
    return {
      crossOriginIsolated: globalThis.crossOriginIsolated,
      hasWebGpu: Boolean(
        (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu &&
          (await (
            navigator as unknown as { gpu: { requestAdapter(): Promise<unknown> } }
          ).gpu.requestAdapter()),
      ),
      backends: statuses.map((s) => ({
        name: s.name,
        available: s.available,
        ...(s.reason ? { reason: s.reason } : {}),
        info: JSON.parse(JSON.stringify(s.info)),
      })),
      canvases: document.querySelectorAll('canvas').length,
    };
  });
  const id = nextId++;
  pages.set(id, { page, errors, captures: new Map() });
  return { id, ...info } satisfies DemoPageInfo;
};

/** Calls `window.numbatDemo[method](...args)` in the page; resolves to its (JSON) result. */
const demoCall: BrowserCommand<[id: number, method: string, args: unknown[]]> = async (
  _context,
  id,
  method,
  args,
) => {
  return pageOf(id).page.evaluate(
    async ({ method: name, args: callArgs }) => {
      const hook = (
        window as unknown as { numbatDemo: Record<string, (...a: unknown[]) => unknown> }
      ).numbatDemo;
      const result = await hook[name]!(...callArgs);
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    },
    { method, args },
  );
};

/** Stores the Mandelbrot canvas's current pixels under `key` (kept on the Node side). */
const demoCapture: BrowserCommand<[id: number, key: string]> = async (_context, id, key) => {
  const open = pageOf(id);
  const base64 = await open.page.evaluate(() => {
    const hook = (window as unknown as { numbatDemo: { mandelbrotPixels(): Uint8ClampedArray } })
      .numbatDemo;
    const bytes = hook.mandelbrotPixels();
    let binary = '';
    for (let k = 0; k < bytes.length; k += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
    return btoa(binary);
  });
  open.captures.set(key, Buffer.from(base64, 'base64'));
  return null;
};

/** Compares two captures; a pixel differs when a channel differs by more than `tolerance`. */
const demoCompare: BrowserCommand<
  [id: number, keyA: string, keyB: string, tolerance: number]
> = async (_context, id, keyA, keyB, tolerance) => {
  const { captures } = pageOf(id);
  const a = captures.get(keyA);
  const b = captures.get(keyB);
  if (!a || !b) throw new Error(`no capture named ${!a ? keyA : keyB}`);
  if (a.length !== b.length)
    throw new Error(`captures differ in size: ${a.length} vs ${b.length} bytes`);
  let differing = 0;
  let maxChannelDifference = 0;
  const colors = new Set<number>();
  for (let p = 0; p < a.length; p += 4) {
    let worst = 0;
    for (let c = 0; c < 4; c++) worst = Math.max(worst, Math.abs(a[p + c]! - b[p + c]!));
    if (worst > tolerance) differing++;
    maxChannelDifference = Math.max(maxChannelDifference, worst);
    if (colors.size < 4096) colors.add(a.readUInt32LE(p));
  }
  return {
    pixels: a.length / 4,
    differing,
    maxChannelDifference,
    distinctColors: colors.size,
  } satisfies PixelDiff;
};

/** Saves a full-page screenshot of the demo to SCREENSHOT_PATH; resolves to the path. */
const demoScreenshot: BrowserCommand<[id: number]> = async (_context, id) => {
  mkdirSync(dirname(SCREENSHOT_PATH), { recursive: true });
  await pageOf(id).page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
  return SCREENSHOT_PATH;
};

/** Closes the page; resolves to the page errors seen while it was open. */
const demoClose: BrowserCommand<[id: number]> = async (_context, id) => {
  const open = pageOf(id);
  pages.delete(id);
  await open.page.close();
  if (pages.size === 0 && server) {
    const running = server;
    server = undefined;
    await (await running).close();
  }
  return open.errors;
};

/** Every command the browser project registers. */
export const demoCommands = {
  demoOpen,
  demoCall,
  demoCapture,
  demoCompare,
  demoScreenshot,
  demoClose,
};
