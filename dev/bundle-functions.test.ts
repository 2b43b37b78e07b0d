// The deployment's function bundles (dev/bundle-functions.ts), built in a staged copy of the project as
// `npm run build:vercel` builds them: the bundled code answers real requests through the local runtime
// (Vercel's routing and helpers) against this file's own database, PGlite stays out of the bundles, and the
// stubs that replace the api/ entries keep what Vercel reads statically. (That `vercel build` turns the stubs
// into .func folders that load is checked by dev/vercel-routing.test.ts.)
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDatabase } from '../api/_lib/db.js';
import { openTestDatabase, ROOT } from '../tests/support/app.js';
import { client } from '../tests/support/http.js';
import { signUp, uniqueEmail } from '../tests/support/users.js';
import { BUNDLE_DIR, bundleInPlace, entryStub, inThrowawayBuild, staticConfigSource, type Bundles } from './bundle-functions.js';
import { scanFunctions } from './router.js';
import { startLocalRuntime, type LocalRuntime } from './server.js';
import { stageProject } from './vercel-build.js';

let stage: string;
let bundles: Bundles;
let runtime: LocalRuntime;
let closeDatabase: () => Promise<void>;
let api: ReturnType<typeof client>;
const loaded: string[] = [];

beforeAll(async () => {
  stage = stageProject(ROOT);
  bundles = await bundleInPlace(stage);
  const { database, drop } = await openTestDatabase();
  // On Postgres (TEST_DATABASE_URL) the bundles open it with their own bundled driver; PGlite, which the
  // bundles leave out, is handed in on globalThis, where the bundles' copy of api/_lib/db.ts looks first.
  if (database.target.kind === 'postgres') process.env.DATABASE_URL = database.target.url;
  else useDatabase(database);
  closeDatabase = async () => {
    await database.close();
    await drop();
  };
  runtime = await startLocalRuntime({
    root: stage,
    spa: 'api',
    host: '127.0.0.1',
    port: 0,
    loadFunction: async (file) => {
      const bundle = bundles.functions.find((f) => f.entry === file);
      if (!bundle) throw new Error(`no bundle for ${file}`);
      loaded.push(bundle.bundle);
      return import(pathToFileURL(path.join(stage, bundle.bundle)).href);
    },
  });
  api = client(runtime.url);
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  await closeDatabase?.();
  if (stage) rmSync(stage, { recursive: true, force: true });
});

describe('function bundles', () => {
  it('bundles every function and points its api/ entry at the bundle', () => {
    expect(bundles.functions.map((f) => f.entry)).toEqual(scanFunctions(ROOT).map((f) => f.file));
    for (const { entry, bundle } of bundles.functions) {
      const stub = readFileSync(path.join(stage, entry), 'utf8');
      const specifier = path.posix.relative(path.posix.dirname(entry), bundle);
      expect(stub, entry).toContain(`export { default } from ${JSON.stringify(specifier)};`);
      expect(stub, entry).toContain(`export * from ${JSON.stringify(specifier)};`);
      expect(bundle.startsWith(`${BUNDLE_DIR}/`)).toBe(true);
    }
  });

  it('leaves the embedded database out and keeps the drivers a deployment uses', () => {
    expect(bundles.modules.filter((m) => /node_modules\/@electric-sql\/|node_modules\/drizzle-orm\/pglite\//.test(m))).toEqual([]);
    expect(bundles.modules.some((m) => m.includes('node_modules/pg/'))).toBe(true);
    expect(bundles.modules.some((m) => m.includes('node_modules/@neondatabase/serverless/'))).toBe(true);
  });

  it('answers requests with the bundled code: sign-up, sign-in, an authenticated call, health', async () => {
    const email = uniqueEmail('bundle');
    const me = await signUp(api, { email });
    const login = await api.post('/api/auth/login', { email, password: 'Correct-Horse-9' });
    expect(login.status).toBe(200);
    const unknown = await api.post('/api/auth/login', { email: uniqueEmail('nobody'), password: 'Correct-Horse-9' });
    expect(unknown.status).toBe(401);
    const invalid = await api.post('/api/auth/login', { email: 'not-an-email' });
    expect(invalid.status).toBe(422);
    const created = await api.post('/api/workspaces', { name: 'Bundled' }, { token: me.token });
    expect(created.status).toBe(201);
    const list = await api.get('/api/workspaces', { token: me.token });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain('Bundled');
    const health = await api.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', db: 'ok' });
    // Every answer came from a bundle, not from the api/ sources.
    expect(new Set(loaded).size).toBeGreaterThanOrEqual(3);
    expect(loaded.every((file) => file.startsWith(`${BUNDLE_DIR}/`))).toBe(true);
  });
});

/** GET /api/health from the bundles in a fresh process (no database handed in), with `env` added. */
function healthInFreshProcess(env: Record<string, string>) {
  const bundleUrls = Object.fromEntries(bundles.functions.map((f) => [f.entry, pathToFileURL(path.join(stage, f.bundle)).href]));
  const probe = `
    const { startLocalRuntime } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dev/server.ts')).href)});
    const bundles = ${JSON.stringify(bundleUrls)};
    const runtime = await startLocalRuntime({ root: ${JSON.stringify(stage)}, spa: 'api', host: '127.0.0.1', port: 0, loadFunction: (file) => import(bundles[file]) });
    const res = await fetch(runtime.url + '/api/health');
    console.log(JSON.stringify({ status: res.status, body: await res.json() }));
    await runtime.close();
    process.exit(0);`;
  const { DATABASE_URL: _ignored, ...parentEnv } = process.env;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], {
    cwd: ROOT,
    env: { ...parentEnv, NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) throw new Error(`probe failed (${child.status}): ${child.stderr}`);
  return { ...(JSON.parse(child.stdout.trim().split('\n').pop()!) as { status: number; body: Record<string, unknown> }), stderr: child.stderr };
}

describe('bundled database drivers', () => {
  it('connect with the bundled node-postgres driver (an unreachable server is a 503, not a crash)', () => {
    const res = healthInFreshProcess({ DATABASE_URL: 'postgres://postgres@127.0.0.1:9/none' });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ db: 'unavailable' });
    expect(res.stderr).toMatch(/database check failed: .*ECONNREFUSED/);
  }, 60_000);

  it('refuse the embedded database with a logged message naming DATABASE_URL', () => {
    const res = healthInFreshProcess({});
    expect(res.status).toBe(500); // the kernel answers a misconfigured deployment as an internal error
    expect(JSON.stringify(res.body)).not.toContain('DATABASE_URL');
    expect(res.stderr).toMatch(/pglite \(the embedded database\) is not part of deployed functions: set DATABASE_URL/);
  }, 60_000);
});

describe('entry stubs', () => {
  it('carry a literal `export const config` for Vercel to read statically', () => {
    const source =
      "import x from './x.js';\nexport const config = { maxDuration: 30, regions: ['fra1'], api: { bodyParser: false } } as const;\nexport default x;\n";
    expect(staticConfigSource('api/x.ts', source)).toBe("export const config = { maxDuration: 30, regions: ['fra1'], api: { bodyParser: false } } as const;");
    const stub = entryStub('api/webhooks/[...path].ts', 'dist-functions/api/webhooks/[...path].mjs', source);
    expect(stub).toContain('export const config = { maxDuration: 30');
    expect(stub).toContain('export { default } from "../../dist-functions/api/webhooks/[...path].mjs";');
    expect(staticConfigSource('api/y.ts', 'export default () => null;\n')).toBeNull();
  });

  it('refuse a config that is not a literal', () => {
    expect(() => staticConfigSource('api/x.ts', 'const d = 30;\nexport const config = { maxDuration: d };\n')).toThrow(/must be a literal/);
  });

  it('replace entry files only in a throwaway checkout inside `vercel build`', () => {
    expect(inThrowawayBuild({ VERCEL: '1', CI: '1' })).toBe(true);
    expect(inThrowawayBuild({ VERCEL: '1', SWITCHBOARD_STAGED_BUILD: '1' })).toBe(true);
    expect(inThrowawayBuild({ VERCEL: '1' })).toBe(false); // `vercel build` in a working checkout
    expect(inThrowawayBuild({ VERCEL: '1', CI: 'false' })).toBe(false);
    expect(inThrowawayBuild({ CI: '1' })).toBe(false); // `npm run build:deploy` by hand
  });
});
