// Files customers send through a provider channel: each one a delivery names is fetched from the provider with
// the channel's credentials and stored through the storage interface (Vercel Blob, or the local store) under
// the workspace's attachments, `w/{wid}/attachment/{key}/{safe-name}`, before the message is stored. The same
// rules as an agent's attachment apply (at most 25 MB; no web pages, SVG/XML, scripts or programs). A file that
// cannot be fetched or is refused is not lost silently: the message keeps its label with the reason instead.
import { randomUUID } from 'node:crypto';
import type { Attachment } from '../../../contracts/conversations.js';
import { uploadRefusal, UPLOAD_MAX_BYTES } from '../../../contracts/uploads.js';
import { serverEnv } from '../env.js';
import { storageConfig } from '../storage/config.js';
import { safeFilename, uploadKey, uploadPathname } from '../storage/pathnames.js';
import { serverBlobStorage, type BlobStorage } from '../storage/storage.js';
import { servedType } from './providers/shared.js';
import type { InboundAttachment, LoadedChannel, ProviderAdapter } from './providers/types.js';

const MAX_BYTES = UPLOAD_MAX_BYTES.attachment;

/** Extensions of the types providers send most, for a file that arrives without a name. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'application/pdf': 'pdf',
};

/** The opposite, for a file whose type neither the delivery nor the provider's answer gave. */
const TYPES_BY_EXTENSION: Record<string, string> = Object.fromEntries(Object.entries(EXTENSIONS).map(([type, ext]) => [ext, type]));

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

const extensionOf = (name: string | null) => (name && name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '');

export interface StoredFiles {
  attachments: Attachment[];
  /** One line per file that could not be stored: its label and why. */
  notes: string[];
}

/** Why a file failed, for the message's text: short, and never a credential (URLs are left out). */
const reasonOf = (err: unknown) =>
  (err instanceof Error ? err.message : String(err))
    .replace(/https?:\/\/\S+/g, 'the provider')
    .replace(/bot\d+:[\w-]+/g, 'bot')
    .slice(0, 200);

/**
 * Fetches and stores a delivered message's files. Never throws: what fails becomes a note. `storage` is the
 * storage to write to (default: the one this deployment is configured with).
 */
export async function storeInboundFiles(
  channel: LoadedChannel,
  adapter: ProviderAdapter,
  files: InboundAttachment[],
  storage?: () => BlobStorage,
): Promise<StoredFiles> {
  const attachments: Attachment[] = [];
  const notes: string[] = [];
  for (const file of files) {
    try {
      attachments.push(await storeOne(channel, adapter, file, storage ?? (() => serverBlobStorage(storageConfig(), () => serverEnv().jwtSecret))));
    } catch (err) {
      notes.push(`${file.label} (the file could not be stored: ${reasonOf(err)})`);
    }
  }
  return { attachments, notes };
}

async function storeOne(channel: LoadedChannel, adapter: ProviderAdapter, file: InboundAttachment, storage: () => BlobStorage): Promise<Attachment> {
  if (!file.ref) throw new Error('the provider gave no link to it');
  if (!adapter.download) throw new Error('files from this provider are not fetched');
  if (file.size !== null && file.size > MAX_BYTES) throw new Error(`it is larger than ${MAX_BYTES / (1024 * 1024)} MB`);
  // Checked before fetching anything when the delivery says what it is.
  const declared = servedType(file.contentType);
  const early = uploadRefusal({ purpose: 'attachment', filename: file.name ?? 'file', contentType: declared ?? 'application/octet-stream', size: 1 });
  if (early) throw new Error(lowerFirst(early.message));

  const target = storage();
  const downloaded = await adapter.download(channel, file, MAX_BYTES);
  const contentType =
    declared ??
    downloaded.contentType ??
    TYPES_BY_EXTENSION[extensionOf(downloaded.name)] ??
    TYPES_BY_EXTENSION[extensionOf(file.name)] ??
    'application/octet-stream';
  // A photo or a voice message has no name of its own: named after what it is (`photo.jpg`).
  const extension = EXTENSIONS[contentType] ?? extensionOf(downloaded.name);
  const name =
    file.name ??
    `${
      file.label
        .replace(/[^A-Za-z]+/g, ' ')
        .trim()
        .toLowerCase() || 'file'
    }${extension ? `.${extension}` : ''}`;
  const filename = safeFilename(name, contentType);
  const refusal = uploadRefusal({ purpose: 'attachment', filename, contentType, size: downloaded.bytes.length });
  if (refusal) throw new Error(lowerFirst(refusal.message));
  const key = uploadKey();
  const { url } = await target.put(uploadPathname(channel.workspaceId, 'attachment', key, filename), downloaded.bytes, contentType);
  return { id: randomUUID(), name: Array.from(name).slice(0, 255).join(''), contentType, size: downloaded.bytes.length, url };
}
