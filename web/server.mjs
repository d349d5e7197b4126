// server.mjs — the demo's static server (plain node:http, no framework).
//
// Serves web/ at `/` and the browser bundle dist/browser/ at `/dist/`, with the headers
// that make the page cross-origin isolated (COOP same-origin + COEP require-corp), which
// SharedArrayBuffer, the workers backend and shared wasm memory need. Query `?csp=strict`
// on a page adds a Content-Security-Policy without 'unsafe-eval' (but with
// 'wasm-unsafe-eval'), to show how each backend degrades; `?coi=0` leaves out COOP/COEP.
//
// Run: `node web/server.mjs` (PORT=8080 by default; PORT=0 picks a free port). It prints
// its URL. Importable: `startServer({ port })` resolves to `{ url, close }` (the tests
// use it).

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const webRoot = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(webRoot, '..');

/** URL prefix → directory on disk, first match wins (`/dist/` is the browser bundle). */
function mountsFor(bundleDir) {
  return [
    { prefix: '/dist/', dir: bundleDir },
    { prefix: '/vendor/gpu.js/', dir: join(projectRoot, 'node_modules', 'gpu.js', 'dist') },
    { prefix: '/', dir: webRoot },
  ];
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

/** The policy `?csp=strict` sends: no 'unsafe-eval' anywhere, wasm compilation allowed. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'";

/** Maps a URL path to a file inside one of the mounts, or null when it escapes them. */
function fileFor(mounts, pathname) {
  for (const mount of mounts) {
    if (!pathname.startsWith(mount.prefix)) continue;
    const relative = decodeURIComponent(pathname.slice(mount.prefix.length)) || 'index.html';
    const file = normalize(join(mount.dir, relative));
    if (file !== mount.dir && !file.startsWith(mount.dir + sep)) return null;
    return file;
  }
  return null;
}

/** Headers every response carries (isolation unless `?coi=0`, CSP on `?csp=strict`). */
function securityHeaders(query) {
  const headers = { 'Cross-Origin-Resource-Policy': 'same-origin', 'Cache-Control': 'no-store' };
  if (query.get('coi') !== '0') {
    headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
  }
  if (query.get('csp') === 'strict') headers['Content-Security-Policy'] = STRICT_CSP;
  return headers;
}

async function handle(mounts, request, response) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers = securityHeaders(url.searchParams);
  let file = fileFor(mounts, url.pathname);
  if (file) {
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, {
        ...headers,
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    } catch {
      // fall through to 404
    }
  }
  const hint = url.pathname.startsWith('/dist/') ? ' (run `npm run build` first)' : '';
  response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`not found: ${url.pathname}${hint}\n`);
}

/**
 * Starts the server. `port` 0 picks a free one; `bundleDir` is served at `/dist/`
 * (default dist/browser). Resolves to its base URL and a `close()` that stops it.
 */
export function startServer({
  port = 8080,
  host = '127.0.0.1',
  bundleDir = join(projectRoot, 'dist', 'browser'),
} = {}) {
  const mounts = mountsFor(bundleDir);
  const server = createServer((request, response) => {
    handle(mounts, request, response).catch((error) => {
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`server error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  return new Promise((resolveStart, rejectStart) => {
    server.once('error', rejectStart);
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolveStart({
        url: `http://localhost:${actualPort}/`,
        close: () =>
          new Promise((done) => {
            server.close(() => done(undefined));
            server.closeAllConnections();
          }),
      });
    });
  });
}

const runDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (runDirectly) {
  const port = process.env.PORT === undefined ? 8080 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(
      `web/server.mjs: PORT must be an integer in [0, 65535], got "${process.env.PORT}"`,
    );
    process.exit(1);
  }
  startServer({ port }).then(
    ({ url }) => {
      console.log(
        `numbat demo: ${url}  (cross-origin isolated; ${url}?csp=strict for a no-eval CSP)`,
      );
    },
    (error) => {
      console.error(`web/server.mjs: cannot listen on port ${port}: ${error.message}`);
      process.exit(1);
    },
  );
}
