// `npm run dev` loads functions through Vite: an edited handler answers differently on the next request,
// without a restart, while process-wide state (where the database handle lives) survives the reload.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from './server.js';

let root: string;
let runtime: LocalRuntime;

const handler = (version: number) => `
const state = (globalThis as any).__hotReloadState ??= { opened: 0 };
if (!state.handle) { state.opened += 1; state.handle = {}; }
export default function handler(req: any, res: any) {
  res.status(200).json({ version: ${version}, opened: state.opened, query: req.query });
}
`;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'switchboard-hot-'));
  mkdirSync(path.join(root, 'api'));
  writeFileSync(path.join(root, 'vercel.json'), JSON.stringify({ rewrites: [] }));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(root, 'api', 'hello.ts'), handler(1));
  runtime = await startLocalRuntime({ root, spa: 'vite', host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await runtime.close();
  rmSync(root, { recursive: true, force: true });
});

it('serves the edited handler on the next request and keeps process state', async () => {
  const first = await (await fetch(`${runtime.url}/api/hello?x=1`)).json();
  expect(first).toEqual({ version: 1, opened: 1, query: { x: '1' } });
  writeFileSync(path.join(root, 'api', 'hello.ts'), handler(2));
  let body: { version: number; opened: number } = first;
  for (let i = 0; i < 50 && body.version !== 2; i++) {
    await new Promise((r) => setTimeout(r, 100));
    body = await (await fetch(`${runtime.url}/api/hello`)).json();
  }
  expect(body).toMatchObject({ version: 2, opened: 1 });
});

it('picks up a function file added while running', async () => {
  writeFileSync(path.join(root, 'api', 'added.ts'), 'export default (req: any, res: any) => res.send("added");');
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await fetch(`${runtime.url}/api/added`)).status;
  }
  expect(status).toBe(200);
});
