// The local runtime: one HTTP origin that serves the SPA (Vite with HMR in development, dist/ otherwise) and
// every function in api/, routed and decorated as Vercel does, with vercel.json's response headers; and,
// locally only, the stand-ins' pages under /_dev (the caught mail at /_dev/mail, Stripe's events at /_dev/stripe)
// and the blob store under /_blob (uploads and their files, dev/blob-store.ts).
import { createReadStream, existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { createBrotliCompress, createGzip } from 'node:zlib';
import type { ViteDevServer } from 'vite';
import { addVercelHelpers, BodyTooLargeError, readRawBody } from './vercel-helpers.js';
import { createRouter, headersFor, readVercelConfig, scanFunctions } from './router.js';

type FunctionModule = {
  default: (req: unknown, res: unknown) => unknown;
  config?: { api?: { bodyParser?: boolean } };
};

export interface LocalRuntimeOptions {
  root: string;
  port?: number;
  /** Interface to listen on; all interfaces when unset. */
  host?: string;
  /** 'vite': SPA through Vite (HMR, functions reloaded on edit); 'static': SPA from dist/; 'api': functions only. */
  spa: 'vite' | 'static' | 'api';
  /** Loads a function module; defaults to Vite's SSR loader in 'vite' mode and import() otherwise. */
  loadFunction?: (file: string) => Promise<FunctionModule>;
  /** The blob store's folder; default BLOB_DIR (read per request) or `.data/blob` under the root. */
  blobDir?: string;
}

export interface LocalRuntime {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|manifest\+json)|image\/svg)/;
function preferredEncoding(header: string | string[] | undefined): 'br' | 'gzip' | null {
  const accepted = String(header ?? '').toLowerCase();
  return /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
}

function errorJson(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: { code, message } }));
}

// Vite's dev client needs an inline preamble and a websocket back to this origin, and the local Pusher
// server listens on its own port: loosen the deployed policy for development only.
function devPolicy(csp: string): string {
  return csp
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace('connect-src', 'connect-src ws://localhost:* ws://127.0.0.1:* http://127.0.0.1:*');
}

// Pages of the local stand-ins under /_dev (the local runtime only: nothing under /_dev is deployed, see
// dev/vercel-routing.test.ts). Each is served by its stand-in on a loopback port that the variable names,
// since `npm run services` may run in another process, and proxied here so it lives on the app's origin.
const DEV_PAGES = [
  { prefix: '/_dev/mail', variable: 'DEV_MAIL_URL', name: 'The local mail catcher', startedBy: 'unless SMTP_URL names an SMTP relay' },
  { prefix: '/_dev/stripe', variable: 'DEV_STRIPE_URL', name: 'The local Stripe stand-in', startedBy: 'unless STRIPE_SECRET_KEY names a Stripe account' },
  {
    prefix: '/_dev/channels',
    variable: 'DEV_CHANNELS_URL',
    name: 'The local channel providers',
    startedBy: 'unless TELEGRAM_API_URL, VIBER_API_URL or TIKTOK_API_URL names a provider',
  },
];

function devText(res: ServerResponse, status: number, line: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(`${line}\n`);
}

async function serveDevPage(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // The stand-ins' pages take no request body, except the simulator's small JSON posts (`/_dev/channels/send`).
  let body: Buffer | undefined;
  if (req.method === 'POST' || req.method === 'DELETE') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > 64 * 1024) return devText(res, 413, 'The body is too large');
      chunks.push(chunk);
    }
    body = Buffer.concat(chunks);
  } else req.resume();
  const page = DEV_PAGES.find(({ prefix }) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`) || url.pathname.startsWith(`${prefix}.`));
  if (!page) return devText(res, 404, `Not found: the local pages are ${DEV_PAGES.map((p) => p.prefix).join(', ')}`);
  const target = process.env[page.variable];
  if (!target) return devText(res, 404, `${page.name} is not running (${page.variable} is not set): \`npm run dev\` starts it ${page.startedBy}.`);
  let answer: Response;
  try {
    answer = await fetch(new URL(url.pathname + url.search, target), {
      method: req.method,
      headers: { accept: String(req.headers.accept ?? '*/*'), ...(body ? { 'content-type': String(req.headers['content-type'] ?? 'application/json') } : {}) },
      body: body ? new Uint8Array(body) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(5_000),
    });
  } catch (err) {
    return devText(res, 502, `${page.name} at ${target} did not answer: ${(err as Error).message}`);
  }
  res.statusCode = answer.status;
  for (const name of ['content-type', 'cache-control', 'location', 'allow']) {
    const value = answer.headers.get(name);
    if (value) res.setHeader(name, value);
  }
  res.end(Buffer.from(await answer.arrayBuffer()));
}

/** Every file under a folder, as URL paths ('/assets/app.js'); none when the folder does not exist. */
function listFiles(dir: string): Set<string> {
  const found = new Set<string>();
  const walk = (relative: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = `${relative}/${entry.name}`;
      const stats = entry.isSymbolicLink() ? statSync(path.join(dir, child), { throwIfNoEntry: false }) : entry;
      if (stats?.isDirectory()) walk(child);
      else if (stats?.isFile()) found.add(child);
    }
  };
  walk('');
  return found;
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { root } = options;
  const config = readVercelConfig(root);
  const staticRoot = options.spa === 'static' ? path.join(root, 'dist') : path.join(root, 'public');
  // Static files are listed once (and kept current from Vite's watcher), so routing an API request touches
  // no file system: a stat per request showed up in the runtime's CPU profile.
  const staticFiles = listFiles(staticRoot);
  const isStatic = (pathname: string) => !pathname.includes('..') && (staticFiles.has(pathname) || (pathname === '/index.html' && options.spa !== 'api'));
  // The api/ tree is re-read when a function is added or removed in development.
  let router = createRouter({ functions: scanFunctions(root), config, isStatic });
  const headers = headersFor(config);

  const server = createServer();
  let vite: ViteDevServer | undefined;
  if (options.spa === 'vite') {
    const { createServer: createVite } = await import('vite');
    vite = await createVite({
      root,
      configFile: existsSync(path.join(root, 'vite.config.ts')) ? path.join(root, 'vite.config.ts') : false,
      server: { middlewareMode: true, hmr: { server } },
      appType: 'spa',
      logLevel: 'warn',
    });
    const staticPath = (file: string) => {
      const relative = path.relative(staticRoot, file);
      return relative.startsWith('..') || path.isAbsolute(relative) ? null : '/' + relative.split(path.sep).join('/');
    };
    vite.watcher.on('add', (file) => {
      if (file.includes(`${path.sep}api${path.sep}`)) router = createRouter({ functions: scanFunctions(root), config, isStatic });
      const url = staticPath(file);
      if (url) staticFiles.add(url);
    });
    vite.watcher.on('unlink', (file) => {
      if (file.includes(`${path.sep}api${path.sep}`)) router = createRouter({ functions: scanFunctions(root), config, isStatic });
      const url = staticPath(file);
      if (url) staticFiles.delete(url);
    });
  }
  // Without Vite, a module is imported once and kept, as a warm Vercel instance keeps it: import() of a loaded
  // module is cached by Node anyway, but each call still goes through the resolve hooks (tsx's loader thread),
  // which cost more per request than the handler itself.
  const imported = new Map<string, Promise<FunctionModule>>();
  const importOnce = (file: string) => {
    let mod = imported.get(file);
    if (!mod) {
      mod = import(path.join(root, file)) as Promise<FunctionModule>;
      mod.catch(() => imported.delete(file));
      imported.set(file, mod);
    }
    return mod;
  };
  const load = options.loadFunction ?? (vite ? (file: string) => vite!.ssrLoadModule(path.join(root, file)) as Promise<FunctionModule> : importOnce);

  async function invoke(file: string, params: Record<string, string>, req: IncomingMessage, res: ServerResponse) {
    let rawBody: Buffer;
    try {
      rawBody = await readRawBody(req);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        return errorJson(res, 413, 'payload_too_large', 'The request body is larger than 4.5 MB');
      }
      throw err;
    }
    const mod = await load(file);
    const helpers = addVercelHelpers(req, res, { params, rawBody, bodyParser: mod.config?.api?.bodyParser !== false });
    await mod.default(helpers.req, helpers.res);
  }

  function serveStatic(pathname: string, req: IncomingMessage, res: ServerResponse) {
    const wanted = pathname === '/' ? '/index.html' : pathname;
    const found = !wanted.includes('..') && staticFiles.has(wanted) ? wanted : staticFiles.has('/index.html') ? '/index.html' : null;
    if (!found) return errorJson(res, 404, 'not_found', 'Not found');
    const target = path.join(staticRoot, found);
    const type = MIME[path.extname(target)] ?? 'application/octet-stream';
    res.setHeader('content-type', type);
    // Compressed as Vercel's CDN serves it, so what the browser downloads here weighs what it weighs there.
    const encoding = COMPRESSIBLE.test(type) ? preferredEncoding(req.headers['accept-encoding']) : null;
    if (!encoding) return void createReadStream(target).pipe(res);
    res.setHeader('content-encoding', encoding);
    res.setHeader('vary', 'Accept-Encoding');
    pipeline(createReadStream(target), encoding === 'br' ? createBrotliCompress() : createGzip(), res, () => {});
  }

  // The blob store and the server environment (for the signing secret) load with the first /_blob request.
  async function serveBlob(pathname: string, req: IncomingMessage, res: ServerResponse) {
    const [{ blobDirOf, handleBlobRequest }, { serverEnv }] = await Promise.all([import('./blob-store.js'), import('../api/_lib/env.js')]);
    await handleBlobRequest(pathname, req, res, { dir: () => options.blobDir ?? blobDirOf(root), secret: () => serverEnv().jwtSecret });
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return errorJson(res, 400, 'bad_request', 'Malformed URL');
    }
    for (const [name, value] of Object.entries(headers(pathname))) {
      res.setHeader(name, vite && name.toLowerCase() === 'content-security-policy' ? devPolicy(value) : value);
    }
    if (pathname === '/_blob' || pathname.startsWith('/_blob/')) {
      serveBlob(pathname, req, res).catch((err: unknown) => {
        console.error('[runtime] /_blob failed:', err);
        if (!res.headersSent) errorJson(res, 500, 'internal_error', 'The local blob store failed');
        else res.end();
      });
      return;
    }
    // The widget's demo page lives on an origin of its own (dev/widget-demo.ts), as a business's site would.
    if (pathname === '/_dev/widget' && process.env.DEV_WIDGET_URL) {
      res.writeHead(302, { location: `${process.env.DEV_WIDGET_URL}/_dev/widget` }).end();
      return;
    }
    if (pathname === '/_dev' || pathname.startsWith('/_dev/')) {
      serveDevPage(url, req, res).catch((err: unknown) => {
        console.error('[runtime] /_dev failed:', err);
        if (!res.headersSent) devText(res, 500, 'The local page failed');
        else res.end();
      });
      return;
    }
    const resolution = router(pathname);
    if (resolution.type === 'function') {
      invoke(resolution.file, resolution.params, req, res).catch((err: unknown) => {
        console.error(`[runtime] ${resolution.file} crashed:`, err);
        if (!res.headersSent) errorJson(res, 500, 'internal_error', 'The function crashed');
        else res.end();
      });
      return;
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) return errorJson(res, 404, 'not_found', 'No such endpoint');
    if (vite) return vite.middlewares(req, res);
    if (options.spa === 'static') return serveStatic(pathname, req, res);
    errorJson(res, 404, 'not_found', 'Not found');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host === '127.0.0.1' ? '127.0.0.1' : 'localhost'}:${port}`,
    port,
    server,
    async close() {
      await vite?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
