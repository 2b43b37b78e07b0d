// Uploads over HTTP: the grant (POST /api/workspaces/{wid}/uploads: roles, the rules per purpose, the pathname
// under the workspace's prefix), then the local store the runtime serves at /_blob (the file PUT with the signed
// URL, served back; bad, expired, oversized, mistyped and cross-tenant uploads refused), and the Vercel Blob
// client token a deployment hands out instead.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { getPayloadFromClientToken } from '@vercel/blob/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadTargetSchema, type UploadTarget } from '../../contracts/uploads.js';
import { serverEnv } from '../../api/_lib/env.js';
import { ApiError } from '../../api/_lib/http/errors.js';
import { storageConfigFrom } from '../../api/_lib/storage/config.js';
import { signLocalUpload, verifyLocalUpload } from '../../api/_lib/storage/local-token.js';
import { blobStorage, vercelBlobStorage } from '../../api/_lib/storage/storage.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

const MB = 1024 * 1024;
let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let base: string;
let blobDir: string;
const savedEnv = { BLOB_DIR: process.env.BLOB_DIR, BLOB_READ_WRITE_TOKEN: process.env.BLOB_READ_WRITE_TOKEN };

beforeAll(async () => {
  // A store of this test's own; the local runtime reads BLOB_DIR per request.
  blobDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'switchboard-blob-')), 'store');
  process.env.BLOB_DIR = blobDir;
  delete process.env.BLOB_READ_WRITE_TOKEN;
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  base = `/api/workspaces/${team.workspace.id}/uploads`;
});
afterAll(async () => {
  await app.close();
  rmSync(path.dirname(blobDir), { recursive: true, force: true });
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const PNG = (extra = 64) => Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(extra)]);

async function grant(body: Record<string, unknown>, token = team.agent.token, url = base): Promise<UploadTarget> {
  const res = await api.post(url, body, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return uploadTargetSchema.strict().parse(res.body);
}

const imageGrant = (extra: Record<string, unknown> = {}) =>
  grant({ filename: 'desk-lamp.png', contentType: 'image/png', size: 4_000, purpose: 'product-image', ...extra });

function put(uploadUrl: string, body: Buffer, contentType: string, headers: Record<string, string> = {}) {
  return fetch(`${app.url}${uploadUrl}`, { method: 'PUT', headers: { 'content-type': contentType, ...headers }, body: new Uint8Array(body) });
}

/** A request whose path is sent exactly as written (fetch would resolve `..` and re-encode). */
function rawGet(pathname: string) {
  const { port } = new URL(app.url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: pathname, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every file the store holds, relative to its folder (its own bookkeeping included). */
function stored(): string[] {
  if (!existsSync(blobDir)) return [];
  return (readdirSync(blobDir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(blobDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe('POST /uploads', () => {
  it('grants an agent a local upload of a product image under the workspace’s own prefix', async () => {
    const before = Date.now();
    const target = await imageGrant();
    const wid = team.workspace.id;
    expect(target.mode).toBe('local');
    expect(target.token).toBeNull();
    expect(target.pathname).toMatch(new RegExp(`^w/${wid}/product-image/[A-Za-z0-9_-]{24}/desk-lamp\\.png$`));
    expect(target.pathname.split('/')[3]).toBe(target.key);
    expect(target.uploadUrl).toMatch(/^\/_blob\/upload\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(target.publicUrl).toBe(`${app.url}/_blob/${target.pathname}`);
    expect(target.contentType).toBe('image/png');
    expect(target.maxBytes).toBe(5 * MB);
    const ttl = Date.parse(target.expiresAt) - before;
    expect(ttl).toBeGreaterThan(9.5 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000 + 1_000);
    // Every grant is a new pathname.
    expect((await imageGrant()).pathname).not.toBe(target.pathname);
  });

  it('lets agents, admins and owners upload; refuses viewers (403), strangers (404) and the signed-out (401)', async () => {
    const body = { filename: 'a.png', contentType: 'image/png', size: 10, purpose: 'product-image' };
    for (const who of [team.agent, team.admin, team.owner]) expect((await api.post(base, body, { token: who.token })).status).toBe(201);
    expect((await api.post(base, body, { token: team.viewer.token })).status).toBe(403);
    expect((await api.post(base, body, { token: team.outsider.token })).status).toBe(404);
    expect((await api.post(base, body)).status).toBe(401);
  });

  it('refuses files that break their purpose’s rules, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ filename: 'big.png', contentType: 'image/png', size: 5 * MB + 1, purpose: 'product-image' }, 'size'],
      [{ filename: 'logo.svg', contentType: 'image/svg+xml', size: 100, purpose: 'product-image' }, 'contentType'],
      [{ filename: 'sheet.pdf', contentType: 'application/pdf', size: 100, purpose: 'product-image' }, 'contentType'],
      [{ filename: 'huge.zip', contentType: 'application/zip', size: 25 * MB + 1, purpose: 'attachment' }, 'size'],
      [{ filename: 'page.html', contentType: 'text/html', size: 100, purpose: 'attachment' }, 'contentType'],
      [{ filename: 'drawing.svg', contentType: 'image/svg+xml', size: 100, purpose: 'attachment' }, 'contentType'],
      [{ filename: 'feed.xml', contentType: 'application/atom+xml', size: 100, purpose: 'attachment' }, 'contentType'],
      [{ filename: 'app.js', contentType: 'text/javascript', size: 100, purpose: 'attachment' }, 'contentType'],
      [{ filename: 'setup.exe', contentType: 'application/x-msdownload', size: 100, purpose: 'attachment' }, 'contentType'],
      // A harmless type does not make a page or a program harmless.
      [{ filename: 'invoice.html', contentType: 'text/plain', size: 100, purpose: 'attachment' }, 'filename'],
      [{ filename: 'invoice.HTM. ', contentType: 'application/octet-stream', size: 100, purpose: 'attachment' }, 'filename'],
      [{ filename: 'photo.svg', contentType: 'application/octet-stream', size: 100, purpose: 'attachment' }, 'filename'],
      [{ filename: 'run.bat', contentType: 'text/plain', size: 100, purpose: 'attachment' }, 'filename'],
      [{ filename: 'empty.txt', contentType: 'text/plain', size: 0, purpose: 'attachment' }, 'size'],
      [{ filename: 'a\u0007b.txt', contentType: 'text/plain', size: 1, purpose: 'attachment' }, 'filename'],
      [{ filename: '   ', contentType: 'text/plain', size: 1, purpose: 'attachment' }, 'filename'],
      [{ filename: 'a.txt', contentType: 'text plain', size: 1, purpose: 'attachment' }, 'contentType'],
      [{ filename: 'a.txt', contentType: 'text/plain', size: 1.5, purpose: 'attachment' }, 'size'],
      [{ filename: 'a.png', contentType: 'image/png', size: 1, purpose: 'avatar' }, 'purpose'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post(base, body, { token: team.agent.token });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(body),
      ).toContain(field);
    }
    const limit = await api.post(
      base,
      { filename: 'big.png', contentType: 'image/png', size: 5 * MB + 1, purpose: 'product-image' },
      { token: team.agent.token },
    );
    expect(limit.body.error.details[0].message).toBe('An image may be at most 5 MB');
  });

  it('takes attachments of any other type up to 25 MB', async () => {
    const pdf = await grant({ filename: 'Invoice 2026-04.pdf', contentType: 'Application/PDF', size: 25 * MB, purpose: 'attachment' });
    expect(pdf.pathname).toMatch(/\/attachment\/[A-Za-z0-9_-]{24}\/Invoice-2026-04\.pdf$/);
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.maxBytes).toBe(25 * MB);
    const unknown = await grant({ filename: 'data.bin', contentType: 'application/octet-stream', size: 3, purpose: 'attachment' });
    expect(unknown.pathname.endsWith('/data.bin')).toBe(true);
  });

  it('stores a safe version of the file name: its last segment, plain characters, an image’s own extension', async () => {
    const nameOf = async (filename: string, contentType: string, purpose = 'attachment') =>
      (await grant({ filename, contentType, size: 10, purpose })).pathname.split('/').slice(4).join('/');
    expect(await nameOf('../../../etc/passwd', 'text/plain')).toBe('passwd');
    expect(await nameOf('C:\\Users\\me\\notes.txt', 'text/plain')).toBe('notes.txt');
    expect(await nameOf('Crème brûlée (final).jpeg', 'image/jpeg', 'product-image')).toBe('Creme-brulee-final.jpeg');
    expect(await nameOf('photo', 'image/webp', 'product-image')).toBe('photo.webp');
    expect(await nameOf('picture.php', 'image/png', 'product-image')).toBe('picture.php.png');
    expect(await nameOf('…', 'text/plain')).toBe('file');
    expect(await nameOf(`${'x'.repeat(250)}.txt`, 'text/plain')).toBe(`${'x'.repeat(116)}.txt`);
  });

  it('takes no pathname from the caller: the prefix is always the URL’s workspace', async () => {
    const res = await api.post(
      base,
      { filename: 'a.png', contentType: 'image/png', size: 10, purpose: 'product-image', pathname: `w/${team.otherWorkspace.id}/product-image/x/a.png` },
      { token: team.agent.token },
    );
    expect(res.status).toBe(422);
    const upperCaseUrl = `/api/workspaces/${team.workspace.id.toUpperCase()}/uploads`;
    const upper = await grant({ filename: 'a.png', contentType: 'image/png', size: 10, purpose: 'product-image' }, team.agent.token, upperCaseUrl);
    expect(upper.pathname.startsWith(`w/${team.workspace.id}/`)).toBe(true);
  });
});

describe('the local store (/_blob)', () => {
  it('stores a file PUT with its signed URL and serves it back as an image, long cached; a product can point at it', async () => {
    const target = await imageGrant();
    const bytes = PNG(2_000);
    const res = await put(target.uploadUrl!, bytes, 'image/png');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ url: target.publicUrl, pathname: target.pathname, contentType: 'image/png', size: bytes.length });
    expect(readFileSync(path.join(blobDir, target.pathname))).toEqual(bytes);

    const served = await fetch(target.publicUrl!);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('content-disposition')).toBe('inline');

    const product = await api.post(
      `/api/workspaces/${team.workspace.id}/products`,
      { sku: 'LAMP-UPLOAD', name: 'Desk lamp', price: 4900, imageUrl: target.publicUrl },
      { token: team.admin.token },
    );
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    expect(product.body.imageUrl).toBe(target.publicUrl);
  });

  it('serves an attachment as a download with its own type', async () => {
    const text = Buffer.from('<script>alert(1)</script> is only text here');
    const target = await grant({ filename: 'notes.txt', contentType: 'text/plain', size: text.length, purpose: 'attachment' });
    expect((await put(target.uploadUrl!, text, 'text/plain')).status).toBe(200);
    const served = await fetch(target.publicUrl!);
    expect(served.headers.get('content-type')).toBe('text/plain');
    expect(served.headers.get('content-disposition')).toBe('attachment; filename="notes.txt"');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(await served.text()).toBe(text.toString());
  });

  it('takes one file per link: a second PUT is refused and the first file stays', async () => {
    const target = await imageGrant();
    const first = PNG();
    expect((await put(target.uploadUrl!, first, 'image/png')).status).toBe(200);
    const again = await put(target.uploadUrl!, PNG(), 'image/png');
    expect(again.status).toBe(409);
    expect(readFileSync(path.join(blobDir, target.pathname))).toEqual(first);
  });

  it('refuses a link whose signature was altered (403), and stores nothing', async () => {
    const target = await imageGrant();
    const url = target.uploadUrl!;
    const last = url.at(-1) === 'A' ? 'B' : 'A';
    const before = stored();
    const res = await put(url.slice(0, -1) + last, PNG(), 'image/png');
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
    expect((await put('/_blob/upload/not-a-token', PNG(), 'image/png')).status).toBe(403);
    expect(stored()).toEqual(before);
  });

  it('verifies only the exact signature: every other spelling of its last character is refused, even those decoding to the same bytes', () => {
    const secret = serverEnv().jwtSecret;
    const token = signLocalUpload(secret, { pathname: 'w/x/product-image/y/a.png', contentType: 'image/png', maxBytes: MB, expiresAt: Date.now() + 60_000 });
    expect(verifyLocalUpload(secret, token).ok).toBe(true);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const others = [...alphabet].filter((c) => c !== token.at(-1)).map((c) => token.slice(0, -1) + c);
    // Three of the 63 decode to the signature's own bytes (the character's two lowest bits are padding).
    expect(others.filter((t) => Buffer.from(t.split('.')[1]!, 'base64url').equals(Buffer.from(token.split('.')[1]!, 'base64url')))).toHaveLength(3);
    expect(others.filter((t) => verifyLocalUpload(secret, t).ok)).toEqual([]);
  });

  it('refuses an expired link (403)', async () => {
    const pathname = `w/${team.workspace.id}/product-image/${randomBytes(18).toString('base64url')}/late.png`;
    const token = signLocalUpload(serverEnv().jwtSecret, { pathname, contentType: 'image/png', maxBytes: 5 * MB, expiresAt: Date.now() - 1_000 });
    const res = await put(`/_blob/upload/${token}`, PNG(), 'image/png');
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/expired/);
    expect(existsSync(path.join(blobDir, pathname))).toBe(false);
  });

  it('refuses a file larger than its purpose allows (413) and one of another type than granted (415)', async () => {
    const target = await imageGrant();
    const tooLarge = await put(target.uploadUrl!, Buffer.alloc(5 * MB + 1, 1), 'image/png');
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error.code).toBe('payload_too_large');
    const wrongType = await put(target.uploadUrl!, PNG(), 'image/jpeg');
    expect(wrongType.status).toBe(415);
    expect((await wrongType.json()).error.code).toBe('unsupported_media_type');
    expect(existsSync(path.join(blobDir, target.pathname))).toBe(false);
    // The same link still works for the file it was granted for.
    expect((await put(target.uploadUrl!, PNG(), 'image/png')).status).toBe(200);
  });

  it('keeps another workspace’s grant in that workspace’s prefix: its link cannot be re-pointed at this one', async () => {
    const other = `/api/workspaces/${team.otherWorkspace.id}/uploads`;
    const theirs = await grant({ filename: 'theirs.png', contentType: 'image/png', size: 100, purpose: 'product-image' }, team.outsider.token, other);
    expect(theirs.pathname.startsWith(`w/${team.otherWorkspace.id}/`)).toBe(true);
    // The outsider rewrites the signed pathname into this workspace's prefix, keeping the signature.
    const [payload, signature] = theirs.uploadUrl!.slice('/_blob/upload/'.length).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { p: string };
    const hijacked = claims.p.replace(team.otherWorkspace.id, team.workspace.id);
    const forged = Buffer.from(JSON.stringify({ ...claims, p: hijacked })).toString('base64url');
    const res = await put(`/_blob/upload/${forged}.${signature}`, PNG(), 'image/png');
    expect(res.status).toBe(403);
    expect(existsSync(path.join(blobDir, hijacked))).toBe(false);
    // Their own link writes into their prefix only.
    expect((await put(theirs.uploadUrl!, PNG(), 'image/png')).status).toBe(200);
    expect(existsSync(path.join(blobDir, theirs.pathname))).toBe(true);
  });

  it('never reaches outside its folder: signed pathnames with `..` are refused, and served paths must be the store’s own', async () => {
    const secretFile = path.join(path.dirname(blobDir), 'secret.txt');
    writeFileSync(secretFile, 'not for the web');
    const key = randomBytes(18).toString('base64url');
    const escape = `w/${team.workspace.id}/attachment/${key}/../../../../../evil.txt`;
    const token = signLocalUpload(serverEnv().jwtSecret, { pathname: escape, contentType: 'text/plain', maxBytes: MB, expiresAt: Date.now() + 60_000 });
    expect((await put(`/_blob/upload/${token}`, Buffer.from('x'), 'text/plain')).status).toBe(403);
    expect(existsSync(path.join(path.dirname(blobDir), 'evil.txt'))).toBe(false);

    const target = await grant({ filename: 'ok.txt', contentType: 'text/plain', size: 2, purpose: 'attachment' });
    expect((await put(target.uploadUrl!, Buffer.from('ok'), 'text/plain')).status).toBe(200);
    const probes = [
      '/_blob/../secret.txt',
      '/_blob/..%2fsecret.txt',
      '/_blob/%2e%2e/secret.txt',
      '/_blob/%2e%2e%2fsecret.txt',
      `/_blob/${target.pathname}/..%2f..%2f..%2f..%2f..%2f..%2fsecret.txt`,
      `/_blob/w/${team.workspace.id}/attachment/${target.key}/..%2f..%2f..%2f..%2f..%2fsecret.txt`,
      '/_blob/%2fetc%2fpasswd',
      `/_blob/.meta/${target.pathname}.json`,
      `/_blob/w/${team.workspace.id}/attachment/${target.key}`,
      '/_blob/',
      '/_blob',
    ];
    for (const probe of probes) {
      const res = await rawGet(probe);
      expect(res.status, probe).toBe(404);
      expect(res.body, probe).not.toContain('not for the web');
    }
    expect((await rawGet(`/_blob/${target.pathname}`)).body).toBe('ok');
  });
});

describe('Vercel Blob', () => {
  const READ_WRITE = 'vercel_blob_rw_teststore1234_abcdefSECRET987';

  it('grants a client token bound to the pathname, the content type, the size limit and the expiry, signed with the store’s token', async () => {
    const expiresAt = new Date(Date.now() + 600_000);
    const pathname = `w/${team.workspace.id}/product-image/${randomBytes(18).toString('base64url')}/lamp.png`;
    const granted = await vercelBlobStorage(READ_WRITE).grantUpload({ pathname, contentType: 'image/png', maxBytes: 5 * MB, expiresAt, origin: 'http://x' });
    expect(granted).toMatchObject({ mode: 'vercel-blob', uploadUrl: null, publicUrl: null });
    expect(granted.token).toMatch(/^vercel_blob_client_teststore1234_/);
    expect(getPayloadFromClientToken(granted.token!)).toMatchObject({
      pathname,
      allowedContentTypes: ['image/png'],
      maximumSizeInBytes: 5 * MB,
      validUntil: expiresAt.getTime(),
      addRandomSuffix: false,
      allowOverwrite: false,
    });
    // What Vercel checks: the payload's HMAC-SHA256 under the read-write token.
    const [signature, payload] = Buffer.from(granted.token!.slice('vercel_blob_client_teststore1234_'.length), 'base64').toString().split('.') as [
      string,
      string,
    ];
    expect(signature).toBe(createHmac('sha256', READ_WRITE).update(payload).digest('hex'));
  });

  it('is chosen by BLOB_READ_WRITE_TOKEN; a deployment without it (or with a malformed one) has uploads off (503)', async () => {
    expect(storageConfigFrom({ BLOB_READ_WRITE_TOKEN: READ_WRITE })).toEqual({ mode: 'vercel-blob', readWriteToken: READ_WRITE });
    expect(storageConfigFrom({})).toEqual({ mode: 'local' });
    expect(storageConfigFrom({ VERCEL_ENV: 'preview' }).mode).toBe('off');
    expect(storageConfigFrom({ NODE_ENV: 'production' }).mode).toBe('off');
    expect(storageConfigFrom({ BLOB_READ_WRITE_TOKEN: 'nope' }).mode).toBe('off');
    const off = () => blobStorage(storageConfigFrom({ VERCEL_ENV: 'production' }), () => 'unused');
    expect(off).toThrow(ApiError);
    expect(off).toThrow(/BLOB_READ_WRITE_TOKEN/);

    const body = { filename: 'lamp.png', contentType: 'image/png', size: 100, purpose: 'product-image' };
    try {
      process.env.BLOB_READ_WRITE_TOKEN = READ_WRITE;
      const target = await grant(body);
      expect(target).toMatchObject({ mode: 'vercel-blob', uploadUrl: null, publicUrl: null });
      expect(getPayloadFromClientToken(target.token!).pathname).toBe(target.pathname);
      process.env.BLOB_READ_WRITE_TOKEN = 'not-a-blob-token';
      const res = await api.post(base, body, { token: team.agent.token });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(/BLOB_READ_WRITE_TOKEN/);
    } finally {
      delete process.env.BLOB_READ_WRITE_TOKEN;
    }
  });
});
