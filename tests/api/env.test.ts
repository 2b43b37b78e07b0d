// The server environment loader: a deployment (NODE_ENV=production or any VERCEL_ENV) must be given a
// JWT_SECRET of 32+ bytes and never falls back to a local one; a development run gets this checkout's own
// secret, generated once into .data/ and read from there.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEV_JWT_SECRET_FILE, developmentJwtSecret, loadServerEnv } from '../../api/_lib/env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
let secretFile: string;

beforeEach(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-env-'));
  dirs.push(dir);
  secretFile = path.join(dir, '.data', 'jwt-secret');
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const STRONG = 'k'.repeat(32);
const load = (env: NodeJS.ProcessEnv) => loadServerEnv(env, { devSecretFile: secretFile });
/** The loader's error message, or null when it accepted the environment. */
const failure = (env: NodeJS.ProcessEnv): string | null => {
  try {
    load(env);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('JWT_SECRET where the app is deployed', () => {
  it.each([
    ['NODE_ENV=production', { NODE_ENV: 'production' }, /JWT_SECRET: required when NODE_ENV=production/],
    ['VERCEL_ENV=production', { VERCEL_ENV: 'production' }, /JWT_SECRET: required when VERCEL_ENV is set \(production\)/],
    ['VERCEL_ENV=preview', { VERCEL_ENV: 'preview' }, /JWT_SECRET: required when VERCEL_ENV is set \(preview\)/],
    ['VERCEL_ENV=development (vercel dev)', { VERCEL_ENV: 'development' }, /JWT_SECRET: required when VERCEL_ENV is set \(development\)/],
    ['NODE_ENV=production with a blank JWT_SECRET', { NODE_ENV: 'production', JWT_SECRET: '' }, /JWT_SECRET: required/],
  ])('is required with %s, and no development secret is written', (_, env, message) => {
    expect(failure(env)).toMatch(message);
    expect(existsSync(secretFile)).toBe(false);
  });

  it('must be at least 32 bytes, counted in UTF-8, and the error does not echo it', () => {
    const short = 'x'.repeat(31);
    const message = failure({ NODE_ENV: 'production', JWT_SECRET: short });
    expect(message).toMatch(/JWT_SECRET: must be at least 32 bytes/);
    expect(message).not.toContain(short);
    // 16 characters of two bytes each: 32 bytes.
    expect(load({ NODE_ENV: 'production', JWT_SECRET: 'é'.repeat(16) }).jwtSecret).toBe('é'.repeat(16));
    expect(failure({ VERCEL_ENV: 'preview', JWT_SECRET: 'é'.repeat(15) })).toMatch(/JWT_SECRET: must be at least 32 bytes/);
  });

  it('refuses the development secret that earlier versions published in their source', () => {
    expect(failure({ VERCEL_ENV: 'production', JWT_SECRET: 'switchboard-local-development-secret-do-not-deploy' })).toMatch(
      /JWT_SECRET: is the published development secret/,
    );
  });

  it('uses the secret it is given, and touches no file', () => {
    const env = load({ NODE_ENV: 'production', VERCEL_ENV: 'production', JWT_SECRET: STRONG });
    expect(env.jwtSecret).toBe(STRONG);
    expect(env.production).toBe(true);
    expect(existsSync(path.dirname(secretFile))).toBe(false);
  });

  it('names every wrong variable in one error', () => {
    const message = failure({ NODE_ENV: 'production', PUSHER_APP_ID: 'only-one' });
    expect(message).toMatch(/^Invalid server environment:\n/);
    expect(message).toContain('JWT_SECRET: required');
    expect(message).toContain('PUSHER_APP_ID: set PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET together');
  });
});

describe('the development secret', () => {
  it.each([
    ['no NODE_ENV', {}],
    ['NODE_ENV=development', { NODE_ENV: 'development' }],
    ['NODE_ENV=test', { NODE_ENV: 'test' }],
  ])('with %s is generated into .data/jwt-secret (mode 0600) on first need and read back after', (_, env) => {
    const first = load(env).jwtSecret;
    expect(Buffer.byteLength(first)).toBeGreaterThanOrEqual(32);
    expect(readFileSync(secretFile, 'utf8').trim()).toBe(first);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(load(env).jwtSecret).toBe(first);
  });

  it('is random per checkout, not a constant of the code', () => {
    const first = load({}).jwtSecret;
    const elsewhere = path.join(path.dirname(path.dirname(secretFile)), 'other', '.data', 'jwt-secret');
    const second = loadServerEnv({}, { devSecretFile: elsewhere }).jwtSecret;
    expect(second).not.toBe(first);
    expect(readFileSync(path.join(ROOT, 'api/_lib/env.ts'), 'utf8')).not.toContain(first);
    expect(first).not.toBe('switchboard-local-development-secret-do-not-deploy');
  });

  it('keeps a secret already in the file, and refuses one that is too short, naming the file', () => {
    mkdirSync(path.dirname(secretFile), { recursive: true });
    writeFileSync(secretFile, `${'s'.repeat(40)}\n`);
    expect(load({}).jwtSecret).toBe('s'.repeat(40));
    writeFileSync(secretFile, 'short\n');
    expect(failure({})).toMatch(new RegExp(`JWT_SECRET: unset, and ${secretFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} holds fewer than 32 bytes`));
  });

  it('gives way to JWT_SECRET when one is set', () => {
    expect(load({ JWT_SECRET: STRONG }).jwtSecret).toBe(STRONG);
    expect(existsSync(secretFile)).toBe(false);
  });

  it('lives in the checkout’s .data/ folder, which git ignores', () => {
    expect(DEV_JWT_SECRET_FILE).toBe(path.resolve('.data/jwt-secret'));
    expect(readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('.data/');
  });

  it('is the same for processes that start at once', async () => {
    const script = `import { developmentJwtSecret } from ${JSON.stringify(path.join(ROOT, 'api/_lib/env.ts'))}; process.stdout.write(developmentJwtSecret(process.argv[1]));`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script, secretFile], { cwd: ROOT });
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
      });
    const secrets = await Promise.all([run(), run(), run(), run()]);
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toBe(readFileSync(secretFile, 'utf8').trim());
    expect(developmentJwtSecret(secretFile)).toBe(secrets[0]);
  });
});

describe('the rest of the environment', () => {
  it('trusts Vercel’s address header when VERCEL is set and TRUST_PROXY is not', () => {
    expect(load({ JWT_SECRET: STRONG, VERCEL: '1' }).trustProxy).toBe('vercel');
    expect(load({ JWT_SECRET: STRONG }).trustProxy).toBe(0);
    expect(load({ JWT_SECRET: STRONG, TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });
});
