// The local runtime without Vite answers API requests without touching the file system: routing reads a
// list of static files made at start, and each function module is imported once (a statSync per request
// showed up in the runtime's CPU profile).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from './server.js';

let root: string;
let runtime: LocalRuntime;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-nofs-'));
  fs.mkdirSync(path.join(root, 'api', 'things'), { recursive: true });
  fs.mkdirSync(path.join(root, 'public'));
  fs.writeFileSync(path.join(root, 'public', 'robots.txt'), 'User-agent: *\n');
  fs.writeFileSync(
    path.join(root, 'vercel.json'),
    JSON.stringify({
      rewrites: [
        { source: '/api/things/:path*', destination: '/api/things/[...path]' },
        { source: '/((?!api/).*)', destination: '/index.html' },
      ],
    }),
  );
  fs.writeFileSync(path.join(root, 'api', 'hello.mjs'), 'export default (req, res) => res.json({ hello: true });');
  fs.writeFileSync(path.join(root, 'api', 'things', '[...path].mjs'), 'export default (req, res) => res.json({ path: req.query.path });');
  runtime = await startLocalRuntime({ root, spa: 'api', host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await runtime.close();
  fs.rmSync(root, { recursive: true, force: true });
});

it('routes and answers API requests with no file-system call', async () => {
  // The first request to each function imports it (that reads files, once).
  expect(await (await fetch(`${runtime.url}/api/hello`)).json()).toEqual({ hello: true });
  expect(await (await fetch(`${runtime.url}/api/things/a/b`)).json()).toEqual({ path: 'a/b' });

  const names = [
    'statSync',
    'lstatSync',
    'existsSync',
    'accessSync',
    'readFileSync',
    'readdirSync',
    'openSync',
    'realpathSync',
    'stat',
    'lstat',
    'readFile',
    'open',
  ] as const;
  const spies = names.map((name) => vi.spyOn(fs, name as 'statSync'));
  const promiseSpies = (['stat', 'lstat', 'readFile', 'open', 'access'] as const).map((name) => vi.spyOn(fs.promises, name as 'stat'));
  syncBuiltinESMExports();
  try {
    for (let i = 0; i < 10; i++) {
      expect((await fetch(`${runtime.url}/api/hello?i=${i}`)).status).toBe(200);
      expect(await (await fetch(`${runtime.url}/api/things/x/${i}`)).json()).toEqual({ path: `x/${i}` });
      expect((await fetch(`${runtime.url}/api/nothing-here`)).status).toBe(404);
    }
    const calls = [...spies, ...promiseSpies].filter((spy) => spy.mock.calls.length > 0).map((spy) => `${spy.getMockName()} ×${spy.mock.calls.length}`);
    expect(calls).toEqual([]);
  } finally {
    vi.restoreAllMocks();
    syncBuiltinESMExports();
  }
});
