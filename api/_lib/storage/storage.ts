// The storage interface uploads go through: it grants the browser one upload to one pathname, and the browser
// sends the file itself (a function takes at most 4.5 MB of body). Vercel Blob in a deployment (a client token
// made from BLOB_READ_WRITE_TOKEN, used with `put` from `@vercel/blob/client`); the local runtime's store in
// development and tests (a signed same-origin URL the file is PUT to, see dev/blob-store.ts).
// The server stores files itself with `put` (files a provider delivered with a customer's message): Vercel
// Blob's server SDK, or the same signed PUT to the local runtime at APP_URL.
import type { UploadMode } from '../../../contracts/uploads.js';
import { ApiError } from '../http/errors.js';
import type { StorageConfig } from './config.js';
import { LOCAL_BLOB_PATH, LOCAL_UPLOAD_PATH, signLocalUpload } from './local-token.js';

export interface UploadRequest {
  pathname: string;
  contentType: string;
  maxBytes: number;
  expiresAt: Date;
  /** The origin the browser reached the API on (the local store's files are served there). */
  origin: string;
}

export interface UploadGrant {
  mode: UploadMode;
  uploadUrl: string | null;
  token: string | null;
  publicUrl: string | null;
}

export interface BlobStorage {
  readonly mode: UploadMode;
  grantUpload(request: UploadRequest): Promise<UploadGrant>;
  /** Stores a file the server holds at `pathname` (never overwriting one); its public URL. */
  put(pathname: string, bytes: Buffer, contentType: string): Promise<{ url: string }>;
}

/** How long a signed local upload the server makes itself stays valid (it is used at once). */
const SERVER_PUT_TTL_MS = 60_000;
const SERVER_PUT_TIMEOUT_MS = 30_000;

export function vercelBlobStorage(readWriteToken: string): BlobStorage {
  return {
    mode: 'vercel-blob',
    async grantUpload({ pathname, contentType, maxBytes, expiresAt }) {
      // Only the requests that upload load the SDK.
      const { generateClientTokenFromReadWriteToken } = await import('@vercel/blob/client');
      const token = await generateClientTokenFromReadWriteToken({
        token: readWriteToken,
        pathname,
        allowedContentTypes: [contentType],
        maximumSizeInBytes: maxBytes,
        validUntil: expiresAt.getTime(),
        addRandomSuffix: false,
        allowOverwrite: false,
      });
      return { mode: 'vercel-blob', uploadUrl: null, token, publicUrl: null };
    },
    async put(pathname, bytes, contentType) {
      const { put } = await import('@vercel/blob');
      // Our pathnames are random already, so no suffix, and a pathname is never written twice.
      const blob = await put(pathname, bytes, { access: 'public', token: readWriteToken, contentType, addRandomSuffix: false, allowOverwrite: false });
      return { url: blob.url };
    },
  };
}

/**
 * The local runtime's origin for the server's own uploads: APP_URL, read at the call (`npm run dev` sets it once
 * the runtime listens; a test sets it to its app's URL).
 */
function localOrigin(): string {
  const appUrl = process.env.APP_URL?.trim();
  if (!appUrl) throw new Error('The local blob store cannot be reached: APP_URL is not set');
  return new URL(appUrl).origin;
}

export function localBlobStorage(secret: string, origin: () => string = localOrigin): BlobStorage {
  return {
    mode: 'local',
    async grantUpload({ pathname, contentType, maxBytes, expiresAt, origin }) {
      const token = signLocalUpload(secret, { pathname, contentType, maxBytes, expiresAt: expiresAt.getTime() });
      return { mode: 'local', uploadUrl: `${LOCAL_UPLOAD_PATH}${token}`, token: null, publicUrl: `${origin}${LOCAL_BLOB_PATH}${pathname}` };
    },
    async put(pathname, bytes, contentType) {
      // The same signed upload the browser makes: one pathname, this type, exactly this size.
      const token = signLocalUpload(secret, { pathname, contentType, maxBytes: bytes.length, expiresAt: Date.now() + SERVER_PUT_TTL_MS });
      const res = await fetch(`${origin()}${LOCAL_UPLOAD_PATH}${token}`, {
        method: 'PUT',
        headers: { 'content-type': contentType },
        body: new Uint8Array(bytes),
        signal: AbortSignal.timeout(SERVER_PUT_TIMEOUT_MS),
      });
      const answer = (await res.json().catch(() => null)) as { url?: unknown; error?: { message?: unknown } } | null;
      if (!res.ok || typeof answer?.url !== 'string') {
        throw new Error(`The local blob store refused the file (HTTP ${res.status}${answer?.error?.message ? `: ${String(answer.error.message)}` : ''})`);
      }
      return { url: answer.url };
    },
  };
}

/** The storage the server writes through; throws (a plain Error, not an API answer) when this deployment has none. */
export function serverBlobStorage(config: StorageConfig, secret: () => string): BlobStorage {
  if (config.mode === 'off') throw new Error(`Files cannot be stored: ${config.reason}`);
  return blobStorage(config, secret);
}

/** The storage a configuration names; 503 when this deployment has none. */
export function blobStorage(config: StorageConfig, secret: () => string): BlobStorage {
  if (config.mode === 'vercel-blob') return vercelBlobStorage(config.readWriteToken);
  if (config.mode === 'local') return localBlobStorage(secret());
  throw new ApiError(503, 'unavailable', config.reason);
}
