// The local blob store (the local runtime only; a deployment stores on Vercel Blob, and a test proves nothing of
// this ships): `PUT /_blob/upload/{token}` takes a file the API granted (api/_lib/storage/local-token.ts: one
// pathname, one content type, a size limit, 10 minutes) and keeps it under BLOB_DIR (default `.data/blob`);
// `GET /_blob/{pathname}` serves it back as Vercel Blob serves public files: its own content type, nosniff, a long
// cache, and anything but an image as a download. Only pathnames of the shape the API hands out are served, so no
// request reaches outside the folder.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, lstat, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LOCAL_BLOB_PATH, LOCAL_UPLOAD_PATH, verifyLocalUpload } from '../api/_lib/storage/local-token.js';
import { BLOB_PATHNAME, isInlineImage } from '../api/_lib/storage/pathnames.js';

/** The store's folder: BLOB_DIR (relative to the project root) or `.data/blob`. */
export const blobDirOf = (root: string, env: NodeJS.ProcessEnv = process.env) => path.resolve(root, env.BLOB_DIR || '.data/blob');

export interface BlobStoreOptions {
  /** The folder files are kept in (read per request, so a test can point it elsewhere). */
  dir: () => string;
  /** The secret the API signs upload URLs with (the app's JWT secret). */
  secret: () => string;
}

// Kept beside the files, under names no served pathname can have (every pathname starts with `w/`).
const META = '.meta';
const PARTS = '.parts';
const ONE_YEAR = 'public, max-age=31536000, immutable';
// A stored file never runs anything on this origin, whatever it holds.
const FILE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

class StoreError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/** Inside `dir`, or null: a resolved path that leaves the folder is never used. */
function inside(dir: string, relative: string): string | null {
  const target = path.resolve(dir, relative);
  return target.startsWith(dir + path.sep) ? target : null;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim();
}

function originOf(req: IncomingMessage): string {
  const host = headerValue(req, 'host') ?? 'localhost';
  return `${headerValue(req, 'x-forwarded-proto') === 'https' ? 'https' : 'http'}://${host}`;
}

/**
 * Streams the request body into `file` and answers its size. Past `maxBytes` it stops writing and rejects at
 * once, still draining the request, so the refusal can be answered before the client has finished sending.
 */
function receive(req: IncomingMessage, file: string, maxBytes: number, tooLarge: () => StoreError): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file, { flags: 'wx' });
    let size = 0;
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(out);
      out.destroy();
      req.resume();
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(tooLarge());
    });
    const interrupted = () => fail(new StoreError(400, 'validation_failed', 'The upload was interrupted'));
    req.on('close', () => {
      if (!req.complete) interrupted();
    });
    req.on('error', interrupted);
    out.on('error', fail);
    out.on('finish', () => {
      if (!failed) resolve(size);
    });
    req.pipe(out);
  });
}

async function upload(token: string, req: IncomingMessage, res: ServerResponse, options: BlobStoreOptions): Promise<void> {
  const verified = verifyLocalUpload(options.secret(), token);
  if (!verified.ok) {
    throw verified.reason === 'expired'
      ? new StoreError(403, 'forbidden', 'This upload link has expired: start the upload again')
      : new StoreError(403, 'forbidden', 'This upload link is not valid');
  }
  const { pathname, contentType, maxBytes } = verified.grant;
  const dir = options.dir();
  const target = BLOB_PATHNAME.test(pathname) ? inside(dir, pathname) : null;
  if (!target) throw new StoreError(403, 'forbidden', 'This upload link is not valid');
  const sent = (headerValue(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (sent !== contentType) throw new StoreError(415, 'unsupported_media_type', `Send the file as ${contentType}`);
  const tooLarge = () => new StoreError(413, 'payload_too_large', `The file is larger than ${maxBytes} bytes`, { connection: 'close' });
  if (Number(headerValue(req, 'content-length') ?? 0) > maxBytes) throw tooLarge();

  // Written aside, then linked into place whole: a file is either absent or complete, and never overwritten.
  await mkdir(path.join(dir, PARTS), { recursive: true });
  const part = path.join(dir, PARTS, `${randomBytes(12).toString('hex')}.part`);
  try {
    const size = await receive(req, part, maxBytes, tooLarge);
    if (size === 0) throw new StoreError(422, 'validation_failed', 'The file is empty');
    const meta = inside(dir, path.join(META, `${pathname}.json`))!;
    await mkdir(path.dirname(target), { recursive: true });
    await mkdir(path.dirname(meta), { recursive: true });
    await writeFile(meta, JSON.stringify({ contentType, size, uploadedAt: new Date().toISOString() }));
    try {
      await link(part, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new StoreError(409, 'conflict', 'A file was already uploaded with this link');
      throw err;
    }
    sendJson(res, 200, { url: `${originOf(req)}${LOCAL_BLOB_PATH}${pathname}`, pathname, contentType, size });
  } finally {
    await unlink(part).catch(() => {});
  }
}

async function serve(pathname: string, req: IncomingMessage, res: ServerResponse, options: BlobStoreOptions): Promise<void> {
  const dir = options.dir();
  const target = BLOB_PATHNAME.test(pathname) ? inside(dir, pathname) : null;
  const stats = target ? await lstat(target).catch(() => null) : null;
  // A regular file only: no folder, and no link that could lead outside.
  if (!target || !stats?.isFile()) throw new StoreError(404, 'not_found', 'No such file');
  let contentType = 'application/octet-stream';
  try {
    const meta = JSON.parse(await readFile(inside(dir, path.join(META, `${pathname}.json`))!, 'utf8')) as { contentType?: unknown };
    if (typeof meta.contentType === 'string') contentType = meta.contentType;
  } catch {
    // No record of its type: served as bytes to download.
  }
  res.statusCode = 200;
  res.setHeader('content-type', contentType);
  res.setHeader('content-length', String(stats.size));
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', ONE_YEAR);
  res.setHeader('content-security-policy', FILE_POLICY);
  res.setHeader('content-disposition', isInlineImage(contentType) ? 'inline' : `attachment; filename="${path.basename(pathname)}"`);
  if (req.method === 'HEAD') return void res.end();
  await pipeline(createReadStream(target), res);
}

/** Answers a request under `/_blob/` (`pathname` decoded, as the runtime routes it). */
export async function handleBlobRequest(pathname: string, req: IncomingMessage, res: ServerResponse, options: BlobStoreOptions): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    if (pathname.startsWith(LOCAL_UPLOAD_PATH)) {
      if (method !== 'PUT') throw new StoreError(405, 'method_not_allowed', 'Use PUT on this path', { allow: 'PUT' });
      return await upload(pathname.slice(LOCAL_UPLOAD_PATH.length), req, res, options);
    }
    req.resume(); // no body is read here
    if (method !== 'GET' && method !== 'HEAD') throw new StoreError(405, 'method_not_allowed', 'Use GET on this path', { allow: 'GET, HEAD' });
    return await serve(pathname.slice(LOCAL_BLOB_PATH.length), req, res, options);
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    if (res.headersSent) return void res.end();
    req.resume(); // an upload refused before its body was read
    sendJson(res, err.status, { error: { code: err.code, message: err.message } }, err.headers);
  }
}
