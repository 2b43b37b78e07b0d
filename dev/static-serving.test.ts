// The local runtime serving a built SPA ('static' mode): files from dist/, the SPA fallback, and compression
// negotiated from Accept-Encoding as Vercel's CDN does, so local page weights match deployed ones.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from './server.js';

const SCRIPT = `console.log(${JSON.stringify('switchboard '.repeat(200))});\n`;
let root: string;
let runtime: LocalRuntime;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'switchboard-static-'));
  mkdirSync(path.join(root, 'api'));
  mkdirSync(path.join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'vercel.json'), JSON.stringify({ rewrites: [{ source: '/((?!api/).*)', destination: '/index.html' }] }));
  writeFileSync(path.join(root, 'dist', 'index.html'), '<!doctype html><title>Switchboard</title>');
  writeFileSync(path.join(root, 'dist', 'assets', 'app.js'), SCRIPT);
  writeFileSync(path.join(root, 'dist', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  runtime = await startLocalRuntime({ root, spa: 'static', host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await runtime?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A raw request, so the body arrives as sent (fetch would decompress it). */
function get(pathname: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(`${runtime.url}${pathname}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static mode', () => {
  it('serves a script with brotli when the browser accepts it, else gzip, else as is', async () => {
    const br = await get('/assets/app.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    expect(br.body.length).toBeLessThan(SCRIPT.length / 10);

    const gzip = await get('/assets/app.js', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);

    const plain = await get('/assets/app.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
  });

  it('sends images as they are and answers app URLs with index.html', async () => {
    const png = await get('/logo.png', 'br');
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));

    const page = await get('/w/123/inbox', 'gzip');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(gunzipSync(page.body).toString()).toContain('<title>Switchboard</title>');
  });
});
