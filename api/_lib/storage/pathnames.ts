// Where an upload lives: `w/{wid}/{purpose}/{key}/{safe-filename}`. The workspace comes from the URL the caller
// is a member of and the key is random, so no tenant can name a path in another's prefix, and no pathname is
// ever reused. The same shape is all the local store serves, which keeps every request inside its folder.
import { randomBytes } from 'node:crypto';
import { IMAGE_CONTENT_TYPES, type UploadPurpose } from '../../../contracts/uploads.js';

const MAX_FILENAME = 120;

/** Every pathname this app hands out, and nothing else. */
export const BLOB_PATHNAME =
  /^w\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/(product-image|attachment)\/[A-Za-z0-9_-]{16,64}\/[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;

/** The file extensions an image type is written with; the first one is given to a file that has none of them. */
const IMAGE_EXTENSIONS: Record<(typeof IMAGE_CONTENT_TYPES)[number], string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
  'image/avif': ['avif'],
};

/** Image types a browser may show inline; every other stored file is served as a download. */
export const isInlineImage = (contentType: string) => (IMAGE_CONTENT_TYPES as readonly string[]).includes(contentType);

/** 144 random bits, base64url (24 characters). */
export const uploadKey = () => randomBytes(18).toString('base64url');

/**
 * A file name safe in a URL path and a Content-Disposition header: the last path segment of what the user gave,
 * accents dropped, anything but letters, digits, `.`, `_` and `-` turned into `-`, starting with a letter or
 * digit, at most 120 characters with its extension kept. An image gets an extension matching its type.
 */
export function safeFilename(name: string, contentType: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  let safe = last
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
  const dot = safe.lastIndexOf('.');
  let stem = dot > 0 ? safe.slice(0, dot) : safe;
  let extension = dot > 0 ? safe.slice(dot + 1) : '';
  const imageExtensions = IMAGE_EXTENSIONS[contentType as keyof typeof IMAGE_EXTENSIONS];
  if (imageExtensions && !imageExtensions.includes(extension.toLowerCase())) {
    if (extension) stem = safe;
    extension = imageExtensions[0]!;
  }
  if (!stem) stem = 'file';
  extension = extension.slice(0, 16);
  const room = MAX_FILENAME - (extension ? extension.length + 1 : 0);
  stem = stem.slice(0, room).replace(/[^A-Za-z0-9]+$/, '') || 'file';
  safe = extension ? `${stem}.${extension}` : stem;
  return safe;
}

export function uploadPathname(workspaceId: string, purpose: UploadPurpose, key: string, filename: string): string {
  return `w/${workspaceId.toLowerCase()}/${purpose}/${key}/${filename}`;
}
