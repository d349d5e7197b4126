// source.ts — where the user's kernel lives: the call site of `kernel()` and the line
// of the user's file that the function text starts on, so errors point at their code.

/** "file:line:col" of the frame that called `fn` (V8 stack traces), if available. */
export function callerOf(fn: Function): string | undefined {
  const holder: { stack?: string } = {};
  const capture = (Error as { captureStackTrace?: (o: object, f: Function) => void }).captureStackTrace;
  if (!capture) return undefined;
  capture(holder, fn);
  const frame = holder.stack?.split('\n').slice(1).find((l) => /:\d+:\d+\)?\s*$/.test(l));
  if (!frame) return undefined;
  const m = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/.exec(frame.trim());
  return m ? `${relativeToCwd(m[1]!.replace(/^file:\/\//, ''))}:${m[2]}:${m[3]}` : undefined;
}

/** A path relative to the working directory when it lies inside it (shorter, and stable across clones). */
function relativeToCwd(path: string): string {
  const proc = (globalThis as { process?: { cwd?: () => string } }).process;
  const cwd = proc?.cwd?.();
  return cwd && path.startsWith(cwd + '/') ? path.slice(cwd.length + 1) : path;
}

/**
 * The 1-based line of `callSite`'s file on which the function `text` starts. In Node the
 * file is read and the function's body lines are looked up near the call; elsewhere (or
 * when nothing matches) the call's own line is assumed.
 */
export function locateFunction(callSite: string | undefined, text: string): number | undefined {
  if (!callSite) return undefined;
  const m = /^(.*):(\d+):(\d+)$/.exec(callSite);
  if (!m) return undefined;
  const callLine = Number(m[2]);
  const fileLines = readLines(m[1]!);
  if (!fileLines) return callLine;
  const fnLines = text.split('\n');
  for (let k = 1; k < fnLines.length; k++) {
    const needle = fnLines[k]!.trim();
    if (needle.length < 8) continue;
    let best: number | undefined;
    fileLines.forEach((line, idx) => {
      if (line.trim() !== needle) return;
      const start = idx + 1 - k; // the file line the function would start on
      if (start < 1) return;
      if (best === undefined || Math.abs(start - callLine) < Math.abs(best - callLine)) best = start;
    });
    if (best !== undefined) return best;
  }
  return callLine;
}

const fileCache = new Map<string, string[] | null>();

function readLines(path: string): string[] | null {
  if (fileCache.has(path)) return fileCache.get(path)!;
  let lines: string[] | null = null;
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (m: string) => any } }).process;
    const fs = proc?.getBuiltinModule?.('node:fs');
    if (fs) lines = String(fs.readFileSync(path, 'utf8')).split('\n');
  } catch {
    lines = null;
  }
  fileCache.set(path, lines);
  return lines;
}

/** The variable a kernel is assigned to at its call site (`const saxpy = kernel(…)`), if any. */
export function nameAtCallSite(callSite: string | undefined): string | undefined {
  const m = callSite ? /^(.*):(\d+):(\d+)$/.exec(callSite) : null;
  if (!m) return undefined;
  const lines = readLines(m[1]!);
  const line = lines?.[Number(m[2]) - 1];
  const found = line ? /(?:const|let|var)?\s*([A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?(?:[\w$]+\.)?kernel\s*\(/.exec(line) : null;
  return found?.[1];
}
