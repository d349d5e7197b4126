// esbuild.ts — numbat/esbuild: an esbuild plugin that records each kernel's original source
// (instrument.ts) so that kernels survive `--minify` and renaming.
//
//   import numbat from 'numbat/esbuild';
//   await esbuild.build({ entryPoints: ['app.ts'], bundle: true, minify: true, plugins: [numbat()] });
//
// It loads each script that mentions `kernel`, `vectorize` or `numbat` itself: TypeScript
// and JSX are turned into JavaScript with esbuild's own transform (reading the nearest
// tsconfig.json, as a build does), the functions handed to numbat are recorded, and the
// result goes back to esbuild as JavaScript with a source map onto the original file.

import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { instrument, mayHaveKernels } from './instrument.js';
import { type NumbatPluginOptions, wanted } from './options.js';
import {
  identityMap,
  inlineMapComment,
  originalLineOf,
  shiftMap,
  type SourceMapJson,
} from './sourceMap.js';

export type { NumbatPluginOptions };

/**
 * The part of esbuild's `Plugin` type this plugin implements (esbuild need not be
 * installed to type-check); it is assignable to esbuild's own `Plugin`.
 *
 * @example
 * ```ts
 * const plugin: EsbuildPlugin = numbat();
 * ```
 */
export interface EsbuildPlugin {
  /** `'numbat'`. */
  name: string;
  /** Registers the plugin's `onLoad` with esbuild. */
  setup(build: EsbuildPluginBuild): void;
}

/**
 * The part of esbuild's `PluginBuild` the plugin uses.
 *
 * @example
 * ```ts
 * numbat().setup(build); // what esbuild does with plugins: [numbat()]
 * ```
 */
export interface EsbuildPluginBuild {
  /** The build's options: where it runs, and how it reads TypeScript and JSX. */
  initialOptions: {
    /** Records name files relative to it. */
    absWorkingDir?: string;
    /** Passed to the TypeScript transform (else the nearest tsconfig.json). */
    tsconfigRaw?: string | object;
    /** Passed to the JSX transform. */
    jsx?: string;
    /** Passed to the JSX transform. */
    jsxFactory?: string;
    /** Passed to the JSX transform. */
    jsxFragment?: string;
    /** Passed to the JSX transform. */
    jsxImportSource?: string;
  };
  /** Registers a loader. */
  onLoad(
    options: { filter: RegExp; namespace?: string },
    callback: (args: {
      path: string;
      namespace: string;
    }) => Promise<{ contents: string; loader: 'js'; resolveDir: string } | undefined>,
  ): void;
  /** esbuild itself (for its TypeScript transform). */
  esbuild?: {
    /** Turns TypeScript or JSX into JavaScript (`options: any`: esbuild's own is generic). */
    transform(
      input: string,
      options: any,
    ): Promise<{
      /** The JavaScript. */
      code: string;
      /** Its source map, as JSON. */
      map: string;
    }>;
  };
}

type Loader = 'js' | 'jsx' | 'ts' | 'tsx';

function loaderOf(path: string): Loader {
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  if (path.endsWith('.tsx')) return 'tsx';
  if (path.endsWith('.jsx')) return 'jsx';
  return 'js';
}

/** The text of the tsconfig.json nearest to `dir`, if any (esbuild's transform reads JSONC). */
function nearestTsconfig(dir: string, cache: Map<string, string | undefined>): string | undefined {
  if (cache.has(dir)) return cache.get(dir);
  const file = join(dir, 'tsconfig.json');
  let found: string | undefined;
  if (existsSync(file)) found = readFileSync(file, 'utf8');
  else if (dirname(dir) !== dir) found = nearestTsconfig(dirname(dir), cache);
  cache.set(dir, found);
  return found;
}

/**
 * The numbat esbuild plugin: records each kernel's original source at build time, so that
 * kernels survive `minify` and renaming.
 *
 * @example
 * ```ts
 * import * as esbuild from 'esbuild';
 * import numbat from 'numbat/esbuild';
 *
 * await esbuild.build({ entryPoints: ['src/app.ts'], bundle: true, minify: true, outfile: 'dist/app.js', plugins: [numbat()] });
 * ```
 */
export function numbat(options: NumbatPluginOptions = {}): EsbuildPlugin {
  return {
    name: 'numbat',
    setup(build) {
      const initial = build.initialOptions;
      const cwd = initial.absWorkingDir ?? process.cwd();
      const tsconfigs = new Map<string, string | undefined>();
      const transform = async (
        input: string,
        transformOptions: Record<string, unknown>,
      ): Promise<{ code: string; map: string }> => {
        if (build.esbuild) return build.esbuild.transform(input, transformOptions);
        const esbuild = (await import('esbuild' as string)) as NonNullable<
          EsbuildPluginBuild['esbuild']
        >;
        return esbuild.transform(input, transformOptions);
      };
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/, namespace: 'file' }, async (args) => {
        if (!wanted(args.path, options)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!options.recordAll && !mayHaveKernels(text)) return undefined;
        const loader = loaderOf(args.path);
        let code = text;
        let map: SourceMapJson;
        if (loader === 'js') {
          map = identityMap(text, basename(args.path));
        } else {
          const tsconfigRaw = initial.tsconfigRaw ?? nearestTsconfig(dirname(args.path), tsconfigs);
          const out = await transform(text, {
            loader,
            sourcemap: 'external',
            sourcefile: basename(args.path),
            sourcesContent: true,
            ...(tsconfigRaw !== undefined ? { tsconfigRaw } : {}),
            ...(initial.jsx ? { jsx: initial.jsx } : {}),
            ...(initial.jsxFactory ? { jsxFactory: initial.jsxFactory } : {}),
            ...(initial.jsxFragment ? { jsxFragment: initial.jsxFragment } : {}),
            ...(initial.jsxImportSource ? { jsxImportSource: initial.jsxImportSource } : {}),
          });
          code = out.code;
          map = JSON.parse(out.map) as SourceMapJson;
        }
        const result = instrument(code, {
          file: relative(cwd, args.path).split('\\').join('/'),
          originalLine: originalLineOf(map),
          ...(options.recordAll ? { recordAll: true } : {}),
        });
        if (!result) return undefined;
        return {
          contents: `${result.code}${inlineMapComment(shiftMap(map, code, result.insertions))}\n`,
          loader: 'js',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

/**
 * The same plugin as `numbat`, as the default export.
 *
 * @example
 * ```ts
 * import numbat from 'numbat/esbuild';
 * ```
 */
export default numbat;
