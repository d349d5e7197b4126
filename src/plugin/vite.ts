// vite.ts — numbat/vite: a Vite (or Rollup) plugin that records each kernel's original
// source (instrument.ts) so that kernels survive minification.
//
//   import numbat from 'numbat/vite';
//   export default defineConfig({ plugins: [numbat()] });
//
// It runs after Vite has turned TypeScript and JSX into JavaScript and before any
// minifier, and returns a source map of its insertions, which Vite chains to the rest.

import { relative } from 'node:path';
import { instrument, mayHaveKernels } from './instrument.js';
import { type NumbatPluginOptions, wanted } from './options.js';
import { identityMap, originalLineOf, shiftMap, type SourceMapJson } from './sourceMap.js';

export type { NumbatPluginOptions };

/**
 * The part of Vite's `Plugin` type this plugin implements (Vite need not be installed to
 * type-check); it fits in Vite's and Rollup's `plugins`.
 *
 * @example
 * ```ts
 * const plugin: VitePlugin = numbat();
 * ```
 */
export interface VitePlugin {
  /** `'numbat'`. */
  name: string;
  /** Instruments one module (after Vite's TypeScript transform). */
  transform(
    this: { getCombinedSourcemap?: () => unknown },
    code: string,
    id: string,
  ): {
    /** The instrumented code. */
    code: string;
    /** The map of the insertions. */
    map: SourceMapJson;
  } | null;
}

/**
 * The numbat Vite plugin: records each kernel's original source at build time, so that
 * kernels survive minification.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import numbat from 'numbat/vite';
 *
 * export default defineConfig({ plugins: [numbat()] });
 * ```
 */
export function numbat(options: NumbatPluginOptions = {}): VitePlugin {
  return {
    name: 'numbat',
    transform(code, id) {
      if (id.startsWith('\0')) return null;
      const path = id.replace(/[?#].*$/, '');
      if (!wanted(path, options)) return null;
      if (!options.recordAll && !mayHaveKernels(code)) return null;
      // Lines in the original file: through the maps of the transforms before this one.
      let original: ((line: number, column: number) => number | undefined) | undefined;
      try {
        const combined = this.getCombinedSourcemap?.() as SourceMapJson | undefined;
        if (combined && typeof combined.mappings === 'string' && combined.mappings)
          original = originalLineOf(combined);
      } catch {
        original = undefined;
      }
      const result = instrument(code, {
        file: relative(process.cwd(), path).split('\\').join('/'),
        ...(original ? { originalLine: original } : {}),
        ...(options.recordAll ? { recordAll: true } : {}),
      });
      if (!result) return null;
      return { code: result.code, map: shiftMap(identityMap(code, path), code, result.insertions) };
    },
  };
}

/**
 * The same plugin as `numbat`, as the default export.
 *
 * @example
 * ```ts
 * import numbat from 'numbat/vite';
 * ```
 */
export default numbat;
