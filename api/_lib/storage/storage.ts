// The storage interface uploads go through: it grants the browser one upload to one pathname, and the browser
// sends the file itself (a function takes at most 4.5 MB of body). Vercel Blob in a deployment (a client token
// made from BLOB_READ_WRITE_TOKEN, used with `put` from `@vercel/blob/client`); the local runtime's store in
// development and tests (a signed same-origin URL the file is PUT to, see dev/blob-store.ts).
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
}

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
  };
}

export function localBlobStorage(secret: string): BlobStorage {
  return {
    mode: 'local',
    async grantUpload({ pathname, contentType, maxBytes, expiresAt, origin }) {
      const token = signLocalUpload(secret, { pathname, contentType, maxBytes, expiresAt: expiresAt.getTime() });
      return { mode: 'local', uploadUrl: `${LOCAL_UPLOAD_PATH}${token}`, token: null, publicUrl: `${origin}${LOCAL_BLOB_PATH}${pathname}` };
    },
  };
}

/** The storage a configuration names; 503 when this deployment has none. */
export function blobStorage(config: StorageConfig, secret: () => string): BlobStorage {
  if (config.mode === 'vercel-blob') return vercelBlobStorage(config.readWriteToken);
  if (config.mode === 'local') return localBlobStorage(secret());
  throw new ApiError(503, 'unavailable', config.reason);
}
