// The storage interface's server-side write: `put` through the local store (the same signed upload the browser
// makes, to the runtime at APP_URL) and, without a store, a clear refusal.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEnv } from '../../api/_lib/env.js';
import { storageConfigFrom } from '../../api/_lib/storage/config.js';
import { safeFilename, uploadKey, uploadPathname } from '../../api/_lib/storage/pathnames.js';
import { localBlobStorage, serverBlobStorage } from '../../api/_lib/storage/storage.js';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
let blobDir: string;
const saved = process.env.BLOB_DIR;

beforeAll(async () => {
  blobDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-put-'));
  process.env.BLOB_DIR = blobDir;
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
  rmSync(blobDir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.BLOB_DIR;
  else process.env.BLOB_DIR = saved;
});

const secret = () => serverEnv().jwtSecret;
const pathnameOf = (name: string, type: string) => uploadPathname(randomUUID(), 'attachment', uploadKey(), safeFilename(name, type));

describe('BlobStorage.put', () => {
  it('local: stores the bytes once at the pathname and answers their URL on the runtime', async () => {
    const storage = localBlobStorage(secret(), () => app.url);
    const pathname = pathnameOf('notes.txt', 'text/plain');
    const bytes = Buffer.from('line one\nline two\n');
    const { url } = await storage.put(pathname, bytes, 'text/plain');
    expect(url).toBe(`${app.url}/_blob/${pathname}`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    // A pathname is never written twice.
    await expect(storage.put(pathname, Buffer.from('other'), 'text/plain')).rejects.toThrow(/409/);
  });

  it('local: a signature made with another secret is refused by the store', async () => {
    const storage = localBlobStorage('not-the-app-secret', () => app.url);
    await expect(storage.put(pathnameOf('a.txt', 'text/plain'), Buffer.from('x'), 'text/plain')).rejects.toThrow(/403/);
  });

  it('off: a deployment without a Blob store refuses with the reason', () => {
    const config = storageConfigFrom({ VERCEL_ENV: 'production' } as NodeJS.ProcessEnv);
    expect(() => serverBlobStorage(config, secret)).toThrow(/Files cannot be stored: .*BLOB_READ_WRITE_TOKEN/);
  });

  it('local without APP_URL: says what is missing', async () => {
    const savedUrl = process.env.APP_URL;
    delete process.env.APP_URL;
    try {
      await expect(localBlobStorage(secret()).put(pathnameOf('a.txt', 'text/plain'), Buffer.from('x'), 'text/plain')).rejects.toThrow(/APP_URL/);
    } finally {
      if (savedUrl !== undefined) process.env.APP_URL = savedUrl;
    }
  });
});
