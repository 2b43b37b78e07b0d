// The local runtime's blob store on its own (no database, no API): what it takes with a signed URL and what it
// serves, at the edges the API tests do not reach: a body sent without a length that grows past the limit, an
// interrupted upload, links inside the folder, files without a recorded type, and the methods it answers.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, type Dirent } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEnv } from '../api/_lib/env.js';
import { signLocalUpload } from '../api/_lib/storage/local-token.js';
import { startLocalRuntime, type LocalRuntime } from './server.js';

const MB = 1024 * 1024;
const WID = '0d6f2b1e-4a39-4c5e-9a7b-2f1c3d4e5f60';
let root: string;
let store: string;
let runtime: LocalRuntime;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'switchboard-blob-store-'));
  store = path.join(root, 'store');
  mkdirSync(path.join(root, 'api'));
  writeFileSync(path.join(root, 'vercel.json'), JSON.stringify({ rewrites: [{ source: '/((?!api/).*)', destination: '/index.html' }] }));
  runtime = await startLocalRuntime({ root, spa: 'api', host: '127.0.0.1', port: 0, blobDir: store });
});
afterAll(async () => {
  await runtime?.close();
  rmSync(root, { recursive: true, force: true });
});

const pathnameOf = (name: string, purpose = 'attachment') => `w/${WID}/${purpose}/${randomBytes(18).toString('base64url')}/${name}`;
const linkFor = (pathname: string, contentType: string, maxBytes = MB) =>
  `/_blob/upload/${signLocalUpload(serverEnv().jwtSecret, { pathname, contentType, maxBytes, expiresAt: Date.now() + 60_000 })}`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: the path goes as written, and the body in chunks without a Content-Length when asked. */
function send(method: string, pathname: string, options: { headers?: Record<string, string>; chunks?: Buffer[]; abortAfter?: number } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: runtime.port, method, path: pathname, headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
    });
    // The store may answer and close before the whole body is sent: that answer is what counts.
    req.on('error', (err) => (options.abortAfter === undefined ? reject(err) : resolve({ status: 0, headers: {}, body: Buffer.alloc(0) })));
    const chunks = options.chunks ?? [];
    const write = (i: number) => {
      if (options.abortAfter !== undefined && i === options.abortAfter) return void req.destroy();
      if (i === chunks.length) return void req.end();
      if (req.write(chunks[i]!)) setImmediate(() => write(i + 1));
      else req.once('drain', () => write(i + 1));
    };
    write(0);
  });
}

const files = () => (existsSync(store) ? (readdirSync(store, { recursive: true, withFileTypes: true }) as Dirent[]).filter((e) => e.isFile()).length : 0);

describe('uploads', () => {
  it('counts a body sent without a length and refuses it (413) as soon as it passes the limit, keeping nothing', async () => {
    const pathname = pathnameOf('big.bin');
    const chunks = Array.from({ length: 12 }, () => randomBytes(128 * 1024)); // 1.5 MB in 128 KB chunks
    const answer = await send('PUT', linkFor(pathname, 'application/octet-stream'), { headers: { 'content-type': 'application/octet-stream' }, chunks });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body.toString()).error.code).toBe('payload_too_large');
    expect(existsSync(path.join(store, pathname))).toBe(false);
    expect(readdirSync(path.join(store, '.parts'))).toEqual([]);
  });

  it('takes a body sent in chunks up to the limit', async () => {
    const pathname = pathnameOf('exact.bin');
    const chunks = Array.from({ length: 8 }, () => randomBytes(128 * 1024)); // exactly 1 MB
    const answer = await send('PUT', linkFor(pathname, 'application/octet-stream'), { headers: { 'content-type': 'application/octet-stream' }, chunks });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ pathname, size: MB, url: `http://127.0.0.1:${runtime.port}/_blob/${pathname}` });
    const served = await send('GET', `/_blob/${pathname}`);
    expect(served.body.equals(Buffer.concat(chunks))).toBe(true); // (toEqual walks a megabyte byte by byte)
  });

  it('keeps nothing of an upload the client abandons halfway', async () => {
    const pathname = pathnameOf('half.bin');
    const before = files();
    await send('PUT', linkFor(pathname, 'application/octet-stream'), {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(MB) },
      chunks: Array.from({ length: 8 }, () => randomBytes(128 * 1024)),
      abortAfter: 3,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(existsSync(path.join(store, pathname))).toBe(false);
    expect(files()).toBe(before);
  });

  it('refuses an empty file (422)', async () => {
    const answer = await send('PUT', linkFor(pathnameOf('empty.txt'), 'text/plain'), { headers: { 'content-type': 'text/plain' } });
    expect(answer.status).toBe(422);
  });

  it('answers PUT only on upload links (405 with Allow)', async () => {
    const answer = await send('GET', linkFor(pathnameOf('a.txt'), 'text/plain'));
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('PUT');
  });
});

describe('serving', () => {
  it('serves HEAD with the headers of GET and no body', async () => {
    const pathname = pathnameOf('photo.png', 'product-image');
    const bytes = randomBytes(300);
    expect((await send('PUT', linkFor(pathname, 'image/png'), { headers: { 'content-type': 'image/png' }, chunks: [bytes] })).status).toBe(200);
    const head = await send('HEAD', `/_blob/${pathname}`);
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('image/png');
    expect(head.headers['content-length']).toBe('300');
    expect(head.headers['content-disposition']).toBe('inline');
    expect(head.body.length).toBe(0);
    expect((await send('DELETE', `/_blob/${pathname}`)).status).toBe(405);
    expect((await send('GET', `/_blob/${pathname}`)).body).toEqual(bytes);
  });

  it('serves a file with no recorded type as bytes to download', async () => {
    const pathname = pathnameOf('mystery.html');
    mkdirSync(path.dirname(path.join(store, pathname)), { recursive: true });
    writeFileSync(path.join(store, pathname), '<script>alert(1)</script>');
    const answer = await send('GET', `/_blob/${pathname}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(answer.headers['content-disposition']).toBe('attachment; filename="mystery.html"');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('does not follow a link inside the folder to a file outside it', async () => {
    const outside = path.join(root, 'outside.txt');
    writeFileSync(outside, 'private');
    const pathname = pathnameOf('link.txt');
    mkdirSync(path.dirname(path.join(store, pathname)), { recursive: true });
    symlinkSync(outside, path.join(store, pathname));
    const answer = await send('GET', `/_blob/${pathname}`);
    expect(answer.status).toBe(404);
    expect(answer.body.toString()).not.toContain('private');
  });

  it('serves nothing but the pathnames the API hands out', async () => {
    writeFileSync(path.join(store, 'loose.txt'), 'loose');
    for (const probe of [
      '/_blob/loose.txt',
      '/_blob/.parts',
      `/_blob/w/${WID}/other/${'a'.repeat(24)}/x.txt`,
      `/_blob/w/${WID.toUpperCase()}/attachment/${'a'.repeat(24)}/x.txt`,
    ]) {
      expect((await send('GET', probe)).status, probe).toBe(404);
    }
  });
});
