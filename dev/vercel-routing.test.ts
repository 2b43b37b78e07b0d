// Proves the local runtime routes like Vercel: `vercel build` runs (offline), then every URL of a table is
// routed both by dev/router.ts (from the api/ tree and vercel.json) and by an independent evaluator of the
// build's `.vercel/output/config.json`; both must pick the same function with the same path parameters, the
// same static file, or a 404. Every built function must also load from its own .func folder.
// VERCEL_OUTPUT_READY=1 skips the build when .vercel/output is known to be fresh.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../contracts/generated/routes.js';
import { loadOutputRouter, type OutputResolution } from '../tests/support/vercel-output-router.js';
import { createRouter, headersFor, readVercelConfig, scanFunctions, type Resolution } from './router.js';
import { builtFunctions, builtHandler, MAX_FUNCTIONS, runVercelBuild } from './vercel-build.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUTPUT = path.join(ROOT, '.vercel/output');
const STATIC = path.join(OUTPUT, 'static');

let oracle: ReturnType<typeof loadOutputRouter>;
let devRouter: ReturnType<typeof createRouter>;
let asset: string;

beforeAll(async () => {
  if (process.env.VERCEL_OUTPUT_READY !== '1') {
    // The build step migrates DATABASE_URL when set: never let a test run do that.
    const { DATABASE_URL: _ignored, ...env } = process.env;
    await runVercelBuild(ROOT, env);
  }
  oracle = loadOutputRouter(OUTPUT);
  const isStatic = (pathname: string) => {
    try {
      return !pathname.includes('..') && statSync(path.join(STATIC, pathname)).isFile();
    } catch {
      return false;
    }
  };
  devRouter = createRouter({ functions: scanFunctions(ROOT), config: readVercelConfig(ROOT), isStatic });
  const hashed = readdirSync(path.join(STATIC, 'assets')).find((name) => /-[\w-]{6,}\.js$/.test(name));
  if (!hashed) throw new Error('vite build produced no hashed JS file under static/assets');
  asset = `/assets/${hashed}`;
}, 300_000); // `vercel build` takes 75-140 s on a busy 2-core machine

/** Both answers in one comparable form: the function's name (= its .func path), its params, or the file. */
function fromOutput(r: OutputResolution) {
  if (r.type === 'function') return { function: r.name, params: r.query };
  if (r.type === 'static') return { static: r.path };
  return { status: r.status };
}
function fromDev(r: Resolution) {
  if (r.type === 'function') return { function: r.file.replace(/\.(ts|js|mjs)$/, ''), params: r.params };
  if (r.type === 'static') return { static: r.path };
  return { status: 404 };
}

describe('the build output', () => {
  it(`builds one function per api/ file and stays within the Hobby limit of ${MAX_FUNCTIONS}`, () => {
    const built = builtFunctions(ROOT);
    expect(built).toEqual(
      scanFunctions(ROOT)
        .map((f) => f.route.slice(1))
        .sort(),
    );
    expect(built.length).toBeLessThanOrEqual(MAX_FUNCTIONS);
  });

  it('ships nothing under /_dev: the stand-ins’ pages (the caught mail) and the mail catcher are local only', () => {
    const files = (readdirSync(OUTPUT, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/'));
    expect(files.filter((f) => /(^|\/)(_dev|smtp-server|mailparser)(\/|$)|mail-catcher|\.func\/dev\//.test(f))).toEqual([]);
    const code = files.filter((f) => f.startsWith('functions/') && /\.[mc]?js$/.test(f));
    expect(code.length).toBeGreaterThan(0);
    expect(code.filter((f) => /\/_dev\b|Switchboard mail catcher/.test(readFileSync(path.join(OUTPUT, f), 'utf8')))).toEqual([]);
    expect(readFileSync(path.join(OUTPUT, 'config.json'), 'utf8')).not.toContain('_dev');
    for (const url of ['/_dev', '/_dev/mail', '/_dev/mail.json']) expect(fromOutput(oracle(url).resolution), url).toEqual({ static: '/index.html' }); // the SPA's not-found page
  });

  it('runs the build command once, not once per function', () => {
    // @vercel/node runs a package.json script named vercel-build or now-build for EVERY function it builds
    // (so migrations and `vite build` would run N+1 times); the build command must have another name.
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    expect(Object.keys(pkg.scripts ?? {})).not.toContain('vercel-build');
    expect(Object.keys(pkg.scripts ?? {})).not.toContain('now-build');
  });
});

describe('dev/router.ts agrees with .vercel/output/config.json', () => {
  const u = () => randomUUID();
  const table = (): string[] => [
    '/api/health',
    '/api/openapi.json',
    '/api/cron/daily',
    '/api/auth/login',
    `/api/auth/sessions/${u()}`,
    '/api/auth/sessions/a%20b',
    '/api/workspaces',
    `/api/workspaces/${u()}`,
    `/api/workspaces/${u()}/members/${u()}`,
    `/api/workspaces/${u()}/conversations`,
    `/api/workspaces/${u()}/conversations/${u()}/messages`,
    `/api/workspaces/${u()}/customers/${u()}`,
    '/api/realtime/auth',
    '/api',
    '/api/',
    '/api/nope',
    '/api/health/extra',
    '/',
    '/inbox/123',
    '/settings/account',
    '/favicon.svg',
    asset,
    '/assets/missing-file.js',
  ];

  it('routes every URL of the table to the same function, params, file or 404', () => {
    const rows = table().map((url) => ({ url, vercel: fromOutput(oracle(url).resolution), dev: fromDev(devRouter(decodeURIComponent(url))) })); // the runtime decodes first
    for (const row of rows) expect(row.dev, row.url).toEqual(row.vercel);
    // The table must exercise what it claims to: a rewrite with its path, the SPA fallback, a file, a 404.
    const byUrl = Object.fromEntries(rows.map((r) => [r.url, r.vercel]));
    expect(byUrl['/api/health']).toEqual({ function: 'api/system/[...path]', params: { path: 'health' } });
    expect(byUrl['/api/cron/daily']).toEqual({ function: 'api/system/[...path]', params: { job: 'daily' } });
    expect(byUrl['/api/auth/login']).toEqual({ function: 'api/auth/[...path]', params: { path: 'login' } });
    expect(byUrl['/api/workspaces']).toEqual({ function: 'api/workspaces/[...path]', params: { path: '' } });
    expect(byUrl['/inbox/123']).toEqual({ static: '/index.html' });
    expect(byUrl['/favicon.svg']).toEqual({ static: '/favicon.svg' });
    expect(byUrl[asset]).toEqual({ static: asset });
    expect(byUrl['/api/nope']).toEqual({ status: 404 });
    expect(byUrl['/api']).toEqual({ status: 404 }); // not the SPA: the runtime answers /api with a JSON 404
    expect(byUrl['/api/health/extra']).toEqual({ status: 404 });
  });

  it('sends every endpoint of the registry to its function, on Vercel and locally', () => {
    for (const route of Object.values(ROUTES)) {
      const url = route.path.replace(/:\w+/g, () => u());
      const vercel = fromOutput(oracle(url).resolution);
      expect(vercel, url).toMatchObject({ function: `api/${route.fn}/[...path]` });
      expect(fromDev(devRouter(url)), url).toEqual(vercel);
    }
  });

  it('passes a multi-segment rest of the path as one slash-joined `path` parameter', () => {
    const wid = u();
    const userId = u();
    const url = `/api/workspaces/${wid}/members/${userId}`;
    expect(fromOutput(oracle(url).resolution)).toEqual({ function: 'api/workspaces/[...path]', params: { path: `${wid}/members/${userId}` } });
    expect(fromDev(devRouter(url))).toEqual(fromOutput(oracle(url).resolution));
  });

  it("applies vercel.json's response headers exactly as the build's header routes do", () => {
    const headers = headersFor(readVercelConfig(ROOT));
    const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    for (const url of ['/', '/assets/x.js', '/api/health', asset, '/inbox/123']) {
      expect(lower(headers(url)), url).toEqual(oracle(url).headers);
    }
    expect(oracle('/assets/x.js').headers['cache-control']).toContain('immutable');
    expect(oracle('/api/health').headers['cache-control']).toBeUndefined();
    expect(oracle('/').headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});

describe('every built function loads from its .func folder', () => {
  const funcs = () => builtFunctions(ROOT);

  it('imports each handler with the built module graph and finds a default-exported function', () => {
    const names = funcs();
    expect(names.length).toBeGreaterThan(0);
    const probe = 'const mod = await import(process.env.FUNC_URL); console.log(JSON.stringify({ type: typeof mod.default }));';
    for (const name of names) {
      const { dir, handler, runtime } = builtHandler(ROOT, name);
      expect(runtime, name).toMatch(/^nodejs(22|24)\.x$/);
      // The built files are .js; they are ES modules only because the .func folder carries package.json "type".
      if (handler.endsWith('.js')) {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { type?: string };
        expect(pkg.type, `${name}/package.json type`).toBe('module');
      }
      const { DATABASE_URL: _ignored, ...env } = process.env;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
        cwd: dir,
        env: { ...env, FUNC_URL: pathToFileURL(handler).href, NODE_OPTIONS: '' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(child.stderr, `${name} stderr`).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);
      expect(child.status, `${name}: ${child.stderr}`).toBe(0);
      const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as { type: string };
      expect(result.type, name).toBe('function');
    }
  }, 120_000);
});
