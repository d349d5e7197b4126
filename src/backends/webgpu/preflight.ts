// preflight.ts — looks for a WebGPU adapter in a child process before Dawn is loaded here,
// so that Dawn's warnings never reach the user's stderr.
//
// Dawn's native code writes its warnings straight to file descriptor 2 while it looks for
// adapters ("Warning: Vulkan shaderUniform*ArrayDynamicIndexing required" for Debian's
// lavapipe, "Couldn't load Vulkan" without libvulkan1, "Found no drivers"); no flag of the
// `webgpu` package turns them off and Node cannot redirect that descriptor. So a child
// process does the search first, its stderr captured: the machine's own drivers, then
// SwiftShader as gpu.ts would. This process creates its instance only where an adapter was
// found, with the Vulkan driver that worked, which Dawn accepts without a word; otherwise
// the backend is unavailable and the reason quotes what Dawn said. Costs one short child
// process (about 0.2 s) at the first WebGPU probe. `NUMBAT_DEBUG=dawn` skips it and lets
// Dawn print.

type NodeProcess = {
  env: Record<string, string | undefined>;
  execPath: string;
  argv?: string[];
  cwd(): string;
  getBuiltinModule?: (m: string) => any;
};

/** What the child found. */
export interface Preflight {
  readonly found: boolean;
  /** Dawn's own warnings, condensed to one line (empty when it said nothing). */
  readonly said: string;
}

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** The child: import webgpu from argv[1], request an adapter, then with SwiftShader (argv[2]). */
const CHILD = `
const [url, swiftshader] = process.argv.slice(1);
const { create } = await import(url);
const attempt = async () => !!(await create([]).requestAdapter({ powerPreference: 'high-performance' }));
let found = await attempt();
let icd;
if (!found && swiftshader) {
  process.env.VK_ICD_FILENAMES = icd = swiftshader;
  found = await attempt();
}
process.stdout.write(JSON.stringify({ found, icd: found ? icd : undefined }));
process.exit(0);
`;

let once: Promise<Preflight | undefined> | undefined;

/**
 * Runs the search once per process. Undefined when it cannot run here (no Node child
 * processes, the `webgpu` package not resolvable, NUMBAT_DEBUG=dawn): then Dawn is loaded
 * as before and reports for itself.
 */
export function preflight(): Promise<Preflight | undefined> {
  once ??= run().catch(() => undefined);
  return once;
}

async function run(): Promise<Preflight | undefined> {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if ((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) return undefined;
  if (!proc?.getBuiltinModule || /\bdawn\b/.test(proc.env['NUMBAT_DEBUG'] ?? '')) return undefined;
  const { createRequire } = proc.getBuiltinModule('node:module');
  const { pathToFileURL } = proc.getBuiltinModule('node:url');
  const { spawn } = proc.getBuiltinModule('node:child_process');
  const fs = proc.getBuiltinModule('node:fs');
  // Found from the working directory or the main script, as an application's own
  // dependencies are (no import.meta: it would warn in a user's CommonJS bundle).
  let url: string | undefined;
  for (const base of [`${proc.cwd()}/`, proc.argv?.[1]]) {
    try {
      if (base) url = pathToFileURL(createRequire(base).resolve('webgpu')).href;
    } catch {
      // not found from there
    }
    if (url) break;
  }
  if (!url) return undefined; // not installed here: the import in gpu.ts says what it finds
  const fallback =
    !proc.env['VK_ICD_FILENAMES'] && !proc.env['VK_DRIVER_FILES'] && fs.existsSync(SWIFTSHADER_ICD)
      ? SWIFTSHADER_ICD
      : '';
  const env = { ...proc.env, XDG_RUNTIME_DIR: proc.env['XDG_RUNTIME_DIR'] ?? '/tmp' };
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(proc.execPath, ['--input-type=module', '-e', CHILD, url, fallback], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: unknown) => (out += String(d)));
      child.stderr.on('data', (d: unknown) => (err += String(d)));
      child.on('error', reject);
      child.on('close', () => resolve({ stdout: out, stderr: err }));
    },
  );
  const result = JSON.parse(stdout) as { found: boolean; icd?: string };
  if (result.found && result.icd) proc.env['VK_ICD_FILENAMES'] = result.icd;
  return { found: result.found, said: condense(stderr) };
}

/** Dawn's warnings on one line: the messages, without source locations and loader noise. */
function condense(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at ') && !/XDG_RUNTIME_DIR/.test(l))
    .map((l) => l.replace(/^Warning:\s*/, '').replace(/^- /, ''));
  return [...new Set(lines)].join('; ').slice(0, 400);
}
