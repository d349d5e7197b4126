// calibrationCache.ts — where the measured machine constants are kept between runs.
//
// In Node the calibration is a JSON file in the user's cache directory
// ($NUMBAT_CACHE_DIR, else $XDG_CACHE_HOME/numbat, else ~/.cache/numbat), one file per
// machine and adapter: the key (CPU model, core count, GPU adapter) names the file.
// NUMBAT_CACHE=0 keeps it in memory only. In a browser it lives in memory for the page's
// lifetime and is never written anywhere. Reading and writing never throw: a missing,
// corrupt or unwritable cache just means calibrating again in each process; when the
// directory was chosen with NUMBAT_CACHE_DIR, an unwritable one is said once on stderr.

import type { MachineProfile } from './costModel.js';
import { isNodeLike, nodeBuiltin } from './nodeOrBrowser.js';

/** Bumped when the meaning of the cached constants changes: older files are ignored. */
export const CALIBRATION_FORMAT = 4;

const memoryCache = new Map<string, MachineProfile>();

const isNode = isNodeLike();

/** Whether calibration files are read and written (NUMBAT_CACHE=0, false or off: no). */
export function cacheEnabled(env: Record<string, string | undefined>): boolean {
  return !/^(0|false|off|no)$/i.test(env.NUMBAT_CACHE ?? '');
}

let warnedUnwritable = false;

/** Says once that NUMBAT_CACHE_DIR cannot be written (the default directory stays silent). */
function warnUnwritable(error: unknown): void {
  const dir = process.env.NUMBAT_CACHE_DIR;
  if (warnedUnwritable || !dir) return;
  warnedUnwritable = true;
  const why = (error as { code?: string })?.code ?? (error as Error)?.message ?? String(error);
  console.warn(
    `numbat: cannot write the calibration cache in NUMBAT_CACHE_DIR=${dir} (${why}); each process will calibrate again. Point NUMBAT_CACHE_DIR at a writable directory, or set NUMBAT_CACHE=0 to keep the calibration in memory.`,
  );
}

/** The directory calibration files go in (Node only), from the environment. */
export function cacheDirectory(env: Record<string, string | undefined>, home: string): string {
  if (env.NUMBAT_CACHE_DIR) return env.NUMBAT_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || `${home}/.cache`;
  return `${base}/numbat`;
}

/** A file name safe on every file system for a machine key. */
export function fileNameFor(key: string): string {
  // A short stable hash keeps names short; the readable prefix helps a person find it.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const readable = key
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48);
  return `calibration-v${CALIBRATION_FORMAT}-${readable}-${hash.toString(16).padStart(8, '0')}.json`;
}

/** A backend's constants as a file may hold them: the figures the model needs, finite, ≥ 0. */
function validConstants(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  const figure = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  return (
    ['launchMs', 'nsPerOp', 'nsPerByte', 'stageNsPerByte'].every((k) => figure(c[k])) &&
    ['stageLargeNsPerByte', 'streamNsPerOp', 'coldMs'].every(
      (k) => c[k] === undefined || figure(c[k]),
    ) &&
    (c.source === 'default' || c.source === 'calibrated')
  );
}

/**
 * Whether a parsed file is a profile of `key` that choices can use: the format, the key, and
 * every backend's figures (a file that parsed but lacked them made auto weigh one backend
 * alone at "NaN s" for the whole process, and was never measured again: probe 12).
 */
function validProfile(value: unknown, key: string): value is MachineProfile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<MachineProfile> & { format?: unknown };
  return (
    v.format === CALIBRATION_FORMAT &&
    v.key === key &&
    typeof v.backends === 'object' &&
    v.backends !== null &&
    Object.values(v.backends).every(validConstants)
  );
}

/** The cached profile for `key`, or undefined (never throws). */
export async function loadProfile(key: string): Promise<MachineProfile | undefined> {
  const inMemory = memoryCache.get(key);
  if (inMemory) return inMemory;
  if (!isNode || !cacheEnabled(process.env)) return undefined;
  try {
    const path = await profilePath(key);
    // Read at once where the runtime gives the module synchronously (a few hundred bytes:
    // an asynchronous read waits for the event loop, about a millisecond, at auto's first choice).
    const fs = nodeBuiltin<typeof import('node:fs')>('node:fs');
    const text = fs
      ? fs.readFileSync(path, 'utf8')
      : await (await import('node:fs/promises')).readFile(path, 'utf8');
    const parsed: unknown = JSON.parse(text);
    if (!validProfile(parsed, key)) return undefined;
    memoryCache.set(key, parsed);
    return parsed;
  } catch {
    return undefined;
  }
}

/** Keeps `profile` for later runs; resolves to the file written (Node) or undefined. */
export async function saveProfile(profile: MachineProfile): Promise<string | undefined> {
  memoryCache.set(profile.key, profile);
  if (!isNode || !cacheEnabled(process.env)) return undefined;
  try {
    const { mkdir, writeFile, rename } = await import('node:fs/promises');
    const path = await profilePath(profile.key);
    await mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true });
    // Write then rename: a concurrent reader never sees half a file.
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(profile, null, 2)}\n`);
    await rename(temporary, path);
    return path;
  } catch (error) {
    warnUnwritable(error);
    return undefined;
  }
}

/** Forgets the in-memory copy (tests; a fresh process starts empty anyway). */
export function clearMemoryCache(): void {
  memoryCache.clear();
}

/** The calibration file for `key` (Node only). */
export async function profilePath(key: string): Promise<string> {
  const { homedir } = nodeBuiltin<typeof import('node:os')>('node:os') ?? (await import('node:os'));
  return `${cacheDirectory(process.env, homedir())}/${fileNameFor(key)}`;
}
