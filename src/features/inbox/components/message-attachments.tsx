import { FileText } from 'lucide-react';
import type { Attachment } from '../../../../contracts/conversations';
import { IMAGE_CONTENT_TYPES } from '../../../../contracts/uploads';

/** A size as people read it: 980 B, 48 KB, 2.4 MB. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Only web addresses are ever linked or shown (never `javascript:` or `data:` from a stored URL). */
const isWebUrl = (url: string) => /^https?:\/\//i.test(url);
const isImage = (file: Attachment) => (IMAGE_CONTENT_TYPES as readonly string[]).includes(file.contentType);

/**
 * A message's files: images as thumbnails that open full size in a new tab, anything else as a download link
 * with its name and size.
 */
export function MessageAttachments({ attachments }: { attachments: Attachment[] }) {
  const files = attachments.filter((file) => isWebUrl(file.url));
  if (files.length === 0) return null;
  return (
    <ul data-testid="message-attachments" className="mt-1 flex flex-wrap gap-2 whitespace-normal">
      {files.map((file) =>
        isImage(file) ? (
          <li key={file.id}>
            <a href={file.url} target="_blank" rel="noopener noreferrer" title={`${file.name} (${formatFileSize(file.size)})`}>
              <img src={file.url} alt={file.name} loading="lazy" className="max-h-48 max-w-full rounded border border-border object-contain" />
            </a>
          </li>
        ) : (
          <li key={file.id}>
            <a
              href={file.url}
              download={file.name}
              rel="noopener noreferrer"
              className="flex items-center gap-1.5 rounded border border-border bg-surface px-2 py-1 text-xs text-fg underline-offset-2 hover:underline"
            >
              <FileText aria-hidden className="size-3.5 shrink-0" />
              <span className="break-all">{file.name}</span>
              <span className="text-muted">{formatFileSize(file.size)}</span>
            </a>
          </li>
        ),
      )}
    </ul>
  );
}
