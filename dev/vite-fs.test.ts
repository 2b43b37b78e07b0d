// `npm run dev` serves the SPA through Vite from the checkout's root: Vite must hand out what the SPA loads
// (its source, the contracts, public/, dependencies) and refuse everything else in the checkout, above all
// the files that hold secrets (.env files, the development JWT secret in .data/) and the server's code,
// whether asked for by path or through /@fs/.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentJwtSecret, DEV_JWT_SECRET_FILE } from '../api/_lib/env.js';
import { openTestDatabase } from '../tests/support/app.js';
import { startLocalRuntime, type LocalRuntime } from './server.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENV_LOCAL = path.join(ROOT, '.env.local');
const ENV_MARKER = `SWITCHBOARD_VITE_FS_PROBE=${Date.now()}`;
let createdEnvLocal = false;
let runtime: LocalRuntime;
let closeDatabase: () => Promise<void>;

beforeAll(async () => {
  // What a checkout that ran `npm run dev` holds: its development secret and an .env.local.
  developmentJwtSecret();
  if (!existsSync(ENV_LOCAL)) {
    writeFileSync(ENV_LOCAL, `${ENV_MARKER}\n`, { flag: 'wx' });
    createdEnvLocal = true;
  }
  // API requests reach a copy of the test database (handed to the functions as the local runtime does).
  const { database, drop } = await openTestDatabase();
  const { useDatabase } = await import('../api/_lib/db.js');
  useDatabase(database);
  closeDatabase = async () => {
    await database.close();
    await drop();
  };
  runtime = await startLocalRuntime({ root: ROOT, spa: 'vite', host: '127.0.0.1', port: 0 });
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  await closeDatabase?.();
  if (createdEnvLocal) rmSync(ENV_LOCAL, { force: true });
});

async function get(pathname: string) {
  const res = await fetch(`${runtime.url}${pathname}`, { headers: { accept: '*/*' } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** A distinctive line of a file that must not leave the machine through the dev server. */
function fingerprint(relative: string): string {
  const lines = readFileSync(path.join(ROOT, relative), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 24);
  if (!lines[0]) throw new Error(`${relative} has no line long enough to recognise`);
  return lines[0];
}

describe('Vite in the local runtime', () => {
  const secretFile = path.relative(ROOT, DEV_JWT_SECRET_FILE).split(path.sep).join('/');

  it.each([
    ['.env.local', '/.env.local'],
    ['.env.local', '/@fs' + ROOT + '/.env.local'],
    [secretFile, '/' + secretFile],
    [secretFile, '/@fs' + ROOT + '/' + secretFile],
    [secretFile, '/' + secretFile + '?raw'],
    ['api/_lib/env.ts', '/@fs' + ROOT + '/api/_lib/env.ts'],
    ['api/_lib/env.ts', '/@fs' + ROOT + '/api/_lib/env.ts?raw'],
    ['db/client.ts', '/db/client.ts'],
    ['db/client.ts', '/db/client.ts?import'],
    ['db/client.ts', '/@fs' + ROOT + '/db/client.ts'],
    ['dev/server.ts', '/dev/server.ts'],
    ['dev/server.ts', '/dev/server.ts?raw'],
    ['dev/server.ts', '/@fs' + ROOT + '/dev/server.ts'],
  ])('refuses %s at %s', async (file, url) => {
    const res = await get(url);
    expect(res.status).toBe(403);
    expect(res.body).not.toContain(fingerprint(file));
  });

  it('answers a server file under /api/ as an unknown endpoint, never with its source', async () => {
    const res = await get('/api/_lib/env.ts');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain(fingerprint('api/_lib/env.ts'));
  });

  it('never hands out the development secret itself', async () => {
    const secret = readFileSync(DEV_JWT_SECRET_FILE, 'utf8').trim();
    for (const url of ['/.data/jwt-secret', `/@fs${ROOT}/.data/jwt-secret`, '/.data/jwt-secret?url', '/.data/jwt-secret?import']) {
      expect((await get(url)).body, url).not.toContain(secret);
    }
  });

  it('still serves the SPA: the page, its modules, the contracts it imports, public files and the dev client', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/src/main.tsx"></script>');
    expect(page.body).toContain('/@vite/client');

    const main = await get('/src/main.tsx');
    expect(main.status).toBe(200);
    expect(main.type).toMatch(/javascript/);
    // Every module of the checkout that the entry imports loads (dependencies come pre-bundled from node_modules).
    const imports = [...main.body.matchAll(/\bfrom\s+"(\/(?:src|contracts)\/[^"]+)"/g)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(0);
    for (const url of imports) expect((await get(url)).status, url).toBe(200);

    const contract = await get('/contracts/roles.ts');
    expect(contract.status).toBe(200);
    expect(contract.body).toContain('export');
    expect((await get('/favicon.svg')).status).toBe(200);
    expect((await get('/@vite/client')).status).toBe(200);
    // App URLs fall back to the SPA's page.
    expect((await get('/w/some-workspace/inbox')).body).toContain('/src/main.tsx');
  });

  it('still runs the functions in api/ (loaded through Vite, which the denial must not touch)', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
  });
});
