// options.ts — the options numbat/esbuild and numbat/vite share, and which files they read.

/**
 * Options of the numbat/esbuild and numbat/vite plugins.
 *
 * @example
 * ```ts
 * numbat({ include: /src\/.*\.ts$/, recordAll: true });
 * ```
 */
export interface NumbatPluginOptions {
  /**
   * Files to instrument (matched against the absolute path). Default: JavaScript and
   * TypeScript files (`.js .mjs .cjs .jsx .ts .mts .cts .tsx`).
   */
  include?: RegExp;
  /** Files to leave alone. Default: anything under `node_modules` (numbat's own kernels come recorded). */
  exclude?: RegExp;
  /**
   * Also record every function that contains no other function, not only those handed to
   * numbat in the same file: for libraries that pass kernel helpers around in variables.
   * Costs bundle size (each such function's text is kept twice).
   */
  recordAll?: boolean;
}

const SCRIPT = /\.[cm]?[jt]sx?$/;
const NODE_MODULES = /[\\/]node_modules[\\/]/;

/** Whether the plugins should read `path` (a file path, without a query). */
export function wanted(path: string, options: NumbatPluginOptions): boolean {
  if (!(options.include ?? SCRIPT).test(path)) return false;
  return !(options.exclude ?? NODE_MODULES).test(path);
}
