// The local blob store is the local runtime's alone: `vercel build` (offline) ships no /_blob route, no stored
// file and none of the store's code, and /_blob URLs on Vercel reach the SPA's not-found page like any unknown
// address. A deployment stores on Vercel Blob (BLOB_READ_WRITE_TOKEN; without it uploads answer 503).
// VERCEL_OUTPUT_READY=1 reads the project's fresh .vercel/output (as CI has it); otherwise the build runs in a
// throwaway copy of its own, so it never races the routing test's build of .vercel/output.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOutputRouter } from '../tests/support/vercel-output-router.js';
import { stageProject } from './vercel-build.js';

const ROOT = path.resolve(import.meta.dirname, '..');
let output: string;
let stage: string | undefined;

async function buildInStage(): Promise<string> {
  stage = stageProject(ROOT);
  // The build step migrates DATABASE_URL when set: never let a test run do that.
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const log: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/vercel'), ['build', '--yes'], {
      cwd: stage,
      env: { ...env, NODE_ENV: undefined, VERCEL_INSTALL_COMPLETED: '1', SWITCHBOARD_STAGED_BUILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c: Buffer) => log.push(c));
    child.stderr.on('data', (c: Buffer) => log.push(c));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`vercel build failed (exit code ${code}):\n${Buffer.concat(log).toString().slice(-4000)}`);
  return path.join(stage, '.vercel/output');
}

beforeAll(async () => {
  output = process.env.VERCEL_OUTPUT_READY === '1' ? path.join(ROOT, '.vercel/output') : await buildInStage();
}, 300_000); // `vercel build` takes 75-140 s on a busy 2-core machine
afterAll(() => {
  if (stage) rmSync(stage, { recursive: true, force: true });
});

describe('the build output', () => {
  it('ships nothing of the local blob store: no route, no stored file, none of its code', () => {
    const files = (readdirSync(output, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/'));
    expect(files.filter((f) => /(^|\/)(_blob|\.data)(\/|$)|blob-store/.test(f))).toEqual([]);
    expect(readFileSync(path.join(output, 'config.json'), 'utf8')).not.toContain('_blob');
    // The API signs local upload URLs (inactive in a deployment); what takes and serves files is not there.
    const code = files.filter((f) => f.startsWith('functions/') && /\.[mc]?js$/.test(f));
    expect(code.length).toBeGreaterThan(0);
    const storeCode = /This upload link is not valid|A file was already uploaded with this link|handleBlobRequest/;
    expect(code.filter((f) => storeCode.test(readFileSync(path.join(output, f), 'utf8')))).toEqual([]);
  });

  it('sends /_blob addresses to the SPA, as any address the app does not know', () => {
    const oracle = loadOutputRouter(output);
    const wid = '0d6f2b1e-4a39-4c5e-9a7b-2f1c3d4e5f60';
    for (const url of ['/_blob', `/_blob/w/${wid}/product-image/${'a'.repeat(24)}/lamp.png`, `/_blob/upload/${'a'.repeat(40)}.${'b'.repeat(43)}`]) {
      expect(oracle(url).resolution, url).toEqual({ type: 'static', path: '/index.html' });
    }
  });
});
