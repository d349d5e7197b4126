// minified.ts — telling a kernel broken by a minifier from a kernel with a mistake in it.
//
// Kernels compile from their source text. Without the numbat/esbuild or numbat/vite plugin
// a minified bundle hands numbat renamed, rewritten text (`f32` is `Sn`), and the first
// error would be about code the user never wrote. When a function numbat was handed has
// no recorded source and its text looks minified, the error says so and names the plugin.

import { KernelError } from '../jit/diagnostics.js';
import { recordedSource } from '../jit/recorded.js';
import type { KernelOptions } from './definition.js';

/**
 * Whether a function's text looks like a minifier's: one line, and none of the spaces
 * people put after commas, around `=>` or around binary operators.
 */
export function looksMinified(text: string): boolean {
  const t = text.trim();
  if (t.length < 12 || t.includes('\n')) return false;
  return !/[,;]\s|\s(=>|[-+*/%<>=!&|?:^]{1,3})\s/.test(t);
}

/** The functions of a kernel definition whose text the minifier left unrecorded: [what, fn]. */
function unrecordedMinified(fn: Function, options: KernelOptions): string[] {
  const found: string[] = [];
  const look = (what: string, f: unknown): void => {
    if (typeof f === 'function' && !recordedSource(f) && looksMinified(f.toString()))
      found.push(what);
  };
  look('the kernel function', fn);
  for (const [name, value] of Object.entries(options.uses ?? {})) look(`uses.${name}`, value);
  look('the reduce combiner', options.reduce);
  return found;
}

/**
 * `e` with the likely cause added when the kernel's source looks minified and was not
 * recorded; `e` itself otherwise.
 */
export function explainMinified(e: unknown, fn: Function, options: KernelOptions): unknown {
  if (!(e instanceof KernelError) || e.code === 'E_NATIVE') return e; // bound, not minified
  const unrecorded = unrecordedMinified(fn, options);
  if (unrecorded.length === 0) return e;
  const pluginRan = recordedSource(fn) !== undefined;
  const hint = pluginRan
    ? `the plugin recorded the kernel but not ${unrecorded.join(', ')}: define helpers inline in the kernel() call or in the same file, or give the plugin { recordAll: true }`
    : "add the numbat/esbuild (or numbat/vite) plugin to the build, which records each kernel's original source: import numbat from 'numbat/esbuild'; … plugins: [numbat()] (see the README, \"Bundlers and minifiers\")";
  const lines = e.message.split('\n').filter((l) => !l.startsWith('hint: '));
  lines[0] += `; this looks like a minified bundle (${unrecorded.join(', ')} ${unrecorded.length === 1 ? 'has' : 'have'} no recorded source)`;
  const at = lines.findIndex((l) => l.startsWith('kernel defined at '));
  lines.splice(at < 0 ? lines.length : at, 0, `hint: ${hint}`);
  e.message = lines.join('\n');
  Object.defineProperty(e, 'hint', { value: hint });
  return e;
}
