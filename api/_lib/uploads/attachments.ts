// Files an agent attaches to a message: each must be one uploaded to this workspace's storage for an attachment
// (`w/{wid}/attachment/{key}/{name}`, the pathname the uploads endpoint granted). The caller names it by the URL
// or the pathname the upload answered; whatever it gives, the message stores the storage's own URL for that
// pathname, so no link to anywhere else (another workspace's file, another site) can be passed off as a file.
import { randomUUID } from 'node:crypto';
import type { Attachment, MessageAttachmentInput } from '../../../contracts/conversations.js';
import { serverEnv } from '../env.js';
import { invalidField } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { storageConfig, type StorageConfig } from '../storage/config.js';
import { LOCAL_BLOB_PATH } from '../storage/local-token.js';
import { BLOB_PATHNAME } from '../storage/pathnames.js';
import { requestOrigin } from './service.js';

const NOT_OURS = 'Attach a file uploaded to this workspace';

/** Vercel Blob's public URL of a pathname in the store a read-write token belongs to (`vercel_blob_rw_{storeId}_…`). */
const vercelBlobUrl = (readWriteToken: string, pathname: string) =>
  `https://${readWriteToken.split('_')[3]!.toLowerCase()}.public.blob.vercel-storage.com/${pathname}`;

/** The pathname a storage URL names, or null when the URL is not one of this deployment's storage. */
function pathnameOfUrl(raw: string, config: StorageConfig, origins: string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) return null;
  let path: string;
  if (config.mode === 'vercel-blob') {
    if (url.protocol !== 'https:' || url.origin !== new URL(vercelBlobUrl(config.readWriteToken, '')).origin) return null;
    path = url.pathname.slice(1);
  } else if (config.mode === 'local') {
    if (!origins.includes(url.origin) || !url.pathname.startsWith(LOCAL_BLOB_PATH)) return null;
    path = url.pathname.slice(LOCAL_BLOB_PATH.length);
  } else return null;
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * The attachments to store for a message: each checked to be this workspace's uploaded attachment (else 422 on
 * `attachments.{i}.url` or `.pathname`, and nothing is written), with a fresh id and the storage's URL.
 */
export function workspaceAttachments(ctx: MemberContext, files: MessageAttachmentInput[]): Attachment[] {
  if (files.length === 0) return [];
  const config = storageConfig();
  const origin = requestOrigin(ctx);
  const appUrl = serverEnv().appUrl;
  const origins = [origin, ...(appUrl ? [new URL(appUrl).origin] : [])];
  const prefix = `w/${ctx.workspaceId.toLowerCase()}/attachment/`;
  return files.map((file, i) => {
    const field = `attachments.${i}.${file.pathname ? 'pathname' : 'url'}`;
    const fromUrl = file.url ? pathnameOfUrl(file.url, config, origins) : null;
    if (file.url && fromUrl === null) throw invalidField(`attachments.${i}.url`, NOT_OURS);
    if (file.pathname && fromUrl !== null && file.pathname !== fromUrl)
      throw invalidField(`attachments.${i}.pathname`, 'The pathname and the URL name different files');
    const pathname = file.pathname ?? fromUrl!;
    if (!BLOB_PATHNAME.test(pathname) || !pathname.startsWith(prefix)) throw invalidField(field, NOT_OURS);
    const url =
      config.mode === 'vercel-blob'
        ? vercelBlobUrl(config.readWriteToken, pathname)
        : config.mode === 'local'
          ? `${origin}${LOCAL_BLOB_PATH}${pathname}`
          : null;
    // No storage here: nothing can have been uploaded to it.
    if (url === null) throw invalidField(field, NOT_OURS);
    return { id: randomUUID(), name: file.name, contentType: file.contentType, size: file.size, url };
  });
}
