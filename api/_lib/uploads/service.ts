// Starting an upload: checks the file against its purpose's rules (the contract did; the stored name is checked
// again), chooses its pathname under the caller's workspace and asks the storage for a grant. Nothing is
// written to the database: the file's URL is kept by whatever it belongs to (a product's imageUrl).
import { uploadRefusal, UPLOAD_MAX_BYTES, UPLOAD_TTL_SECONDS, type UploadTarget, type UploadPurpose } from '../../../contracts/uploads.js';
import { serverEnv } from '../env.js';
import { invalidField } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { storageConfig } from '../storage/config.js';
import { safeFilename, uploadKey, uploadPathname } from '../storage/pathnames.js';
import { blobStorage } from '../storage/storage.js';

interface UploadInput {
  filename: string;
  contentType: string;
  size: number;
  purpose: UploadPurpose;
}

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin the browser used, for the local store's file URLs: the runtime serves them on the app's own origin
 * (only the local store uses it; a deployment stores on Vercel Blob).
 */
export function requestOrigin(ctx: MemberContext): string {
  const first = (name: string) => {
    const value = ctx.req.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.trim();
  };
  const host = first('host');
  if (host && HOST.test(host)) return `${first('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${host}`;
  return new URL(serverEnv().appUrl ?? 'http://localhost:3000').origin;
}

export async function startUpload(ctx: MemberContext, input: UploadInput): Promise<UploadTarget> {
  const filename = safeFilename(input.filename, input.contentType);
  // The stored name is what a browser sees: a name that only became a refused kind once made safe is refused too.
  const refusal = uploadRefusal({ ...input, filename });
  if (refusal) throw invalidField(refusal.path, refusal.message);

  const storage = blobStorage(storageConfig(), () => serverEnv().jwtSecret);
  const key = uploadKey();
  const pathname = uploadPathname(ctx.workspaceId, input.purpose, key, filename);
  const maxBytes = UPLOAD_MAX_BYTES[input.purpose];
  const expiresAt = new Date(Date.now() + UPLOAD_TTL_SECONDS * 1000);
  const grant = await storage.grantUpload({ pathname, contentType: input.contentType, maxBytes, expiresAt, origin: requestOrigin(ctx) });
  return { key, pathname, contentType: input.contentType, maxBytes, expiresAt: expiresAt.toISOString(), ...grant };
}
