// Files in the composer: chosen with the paperclip, pasted, or dropped on the conversation. Each one is checked
// against the attachment rules at once (too large, a refused type: its chip says why and nothing is sent),
// then uploaded straight away through the storage interface (src/lib/upload.ts) with its progress on its chip.
// The message is sent with the uploaded files' pathnames; the server checks they are this workspace's.
import { FileText, Paperclip, X } from 'lucide-react';
import { useCallback, useEffect, useRef, useState, type ClipboardEvent, type RefObject } from 'react';
import { MESSAGE_ATTACHMENTS_MAX, type MessageAttachmentInput } from '../../../../contracts/conversations';
import { IMAGE_CONTENT_TYPES, uploadRefusal } from '../../../../contracts/uploads';
import { Button } from '@/components/button';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { uploadFile } from '@/lib/upload';
import { formatFileSize } from './message-attachments';

export interface PendingFile {
  key: string;
  name: string;
  size: number;
  contentType: string;
  /** An object URL of an image, for its thumbnail (revoked when the file leaves the composer). */
  previewUrl: string | null;
  status: 'uploading' | 'uploaded' | 'failed';
  /** 0 to 1. */
  progress: number;
  error: string | null;
  pathname: string | null;
}

/** The type a file is sent with: the browser's, without parameters; an unknown type as bytes (as src/lib/upload.ts). */
const contentTypeOf = (file: File) => file.type.split(';')[0]!.trim().toLowerCase() || 'application/octet-stream';
const isImage = (type: string) => (IMAGE_CONTENT_TYPES as readonly string[]).includes(type);

let counter = 0;
const nextKey = () => `file-${++counter}`;

/**
 * The composer's files: `add` checks and uploads them, `remove` drops one (stopping its upload), `take` hands
 * the uploaded ones to a send and empties the list (`restore` puts them back when the send fails, `release`
 * frees their previews once it succeeded).
 */
export function useComposerAttachments(wid: string | undefined) {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const previews = useRef(new Set<string>());

  const patch = useCallback((key: string, change: Partial<PendingFile>) => {
    setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f)));
  }, []);

  const revoke = (url: string | null) => {
    if (!url || !previews.current.has(url)) return;
    previews.current.delete(url);
    URL.revokeObjectURL(url);
  };

  // Leaving the conversation stops the uploads and frees the previews.
  useEffect(() => {
    const running = controllers.current;
    const urls = previews.current;
    return () => {
      for (const controller of running.values()) controller.abort();
      running.clear();
      for (const url of urls) URL.revokeObjectURL(url);
      urls.clear();
    };
  }, []);

  async function upload(key: string, file: File) {
    const controller = new AbortController();
    controllers.current.set(key, controller);
    try {
      const { pathname } = await uploadFile({
        wid: wid!,
        file,
        purpose: 'attachment',
        signal: controller.signal,
        onProgress: (progress) => patch(key, { progress }),
      });
      if (!controller.signal.aborted) patch(key, { status: 'uploaded', progress: 1, pathname });
    } catch (error) {
      if (!controller.signal.aborted) patch(key, { status: 'failed', error: errorMessage(error) });
    } finally {
      controllers.current.delete(key);
    }
  }

  function add(chosen: File[]) {
    if (chosen.length === 0) return;
    let room = MESSAGE_ATTACHMENTS_MAX - files.filter((f) => f.status !== 'failed').length;
    const added: PendingFile[] = [];
    const toUpload: [string, File][] = [];
    for (const file of chosen) {
      const contentType = contentTypeOf(file);
      const refusal =
        room <= 0
          ? { message: `Attach at most ${MESSAGE_ATTACHMENTS_MAX} files to a message` }
          : file.size === 0
            ? { message: 'The file is empty' }
            : uploadRefusal({ purpose: 'attachment', filename: file.name, contentType, size: file.size });
      const key = nextKey();
      let previewUrl: string | null = null;
      if (!refusal && isImage(contentType)) {
        previewUrl = URL.createObjectURL(file);
        previews.current.add(previewUrl);
      }
      added.push({
        key,
        name: file.name || 'file',
        size: file.size,
        contentType,
        previewUrl,
        status: refusal ? 'failed' : 'uploading',
        progress: 0,
        error: refusal?.message ?? null,
        pathname: null,
      });
      if (!refusal) {
        room -= 1;
        toUpload.push([key, file]);
      }
    }
    setFiles((list) => [...list, ...added]);
    for (const [key, file] of toUpload) void upload(key, file);
  }

  function remove(key: string) {
    controllers.current.get(key)?.abort();
    controllers.current.delete(key);
    setFiles((list) => {
      revoke(list.find((f) => f.key === key)?.previewUrl ?? null);
      return list.filter((f) => f.key !== key);
    });
  }

  /** The uploaded files as the message carries them, and the list emptied for the next message. */
  function take(): { attachments: MessageAttachmentInput[]; taken: PendingFile[] } {
    const taken = files.filter((f) => f.status === 'uploaded');
    setFiles([]);
    return {
      attachments: taken.map((f) => ({ pathname: f.pathname!, name: f.name, contentType: f.contentType, size: f.size })),
      taken,
    };
  }

  /** A send failed: its files come back (unless others were added meanwhile). */
  function restore(taken: PendingFile[]) {
    setFiles((list) => (list.length === 0 ? taken : list));
  }

  function release(taken: PendingFile[]) {
    for (const f of taken) revoke(f.previewUrl);
  }

  return {
    files,
    add,
    remove,
    take,
    restore,
    release,
    uploading: files.some((f) => f.status === 'uploading'),
    failed: files.some((f) => f.status === 'failed'),
    uploaded: files.filter((f) => f.status === 'uploaded').length,
  };
}

/** Files the clipboard holds (a screenshot, files copied in a file manager), or none when it holds text. */
export function pastedFiles(event: ClipboardEvent): File[] {
  const data = event.clipboardData;
  if (!data) return [];
  if (data.files && data.files.length > 0) return Array.from(data.files);
  return Array.from(data.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.getAsFile())
    .filter((file): file is File => file !== null);
}

/** The paperclip: a hidden multiple-file input behind a labelled button. */
export function AttachButton({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement | null>(null);
  return (
    <>
      <Button size="sm" variant="ghost" aria-label="Attach files" title="Attach files" disabled={disabled} onClick={() => input.current?.click()}>
        <Paperclip aria-hidden className="size-4" />
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="composer-file-input"
        onChange={(e) => {
          onFiles(Array.from(e.target.files ?? []));
          // The same file may be chosen again after it was removed.
          e.target.value = '';
        }}
      />
    </>
  );
}

/** The pending files as chips: a thumbnail or a file icon, name, size, upload progress or why it failed, remove. */
export function AttachmentChips({ files, onRemove }: { files: PendingFile[]; onRemove: (key: string) => void }) {
  if (files.length === 0) return null;
  return (
    <ul aria-label="Attachments" className="mb-2 flex flex-wrap gap-2">
      {files.map((file) => (
        <li
          key={file.key}
          data-testid="composer-attachment"
          className={cx(
            'flex max-w-full items-center gap-2 rounded-md border bg-surface py-1 pr-1 pl-1.5 text-xs sm:max-w-72',
            file.status === 'failed' ? 'border-danger/60 dark:border-red-800' : 'border-border',
          )}
        >
          {file.previewUrl ? (
            <img src={file.previewUrl} alt="" className="size-9 shrink-0 rounded border border-border object-cover" />
          ) : (
            <span className="flex size-9 shrink-0 items-center justify-center rounded bg-subtle text-muted">
              <FileText aria-hidden className="size-4" />
            </span>
          )}
          <span className="min-w-0 flex-1">
            <span className="block truncate font-medium text-fg" title={file.name}>
              {file.name}
            </span>
            <span className="block text-muted">{formatFileSize(file.size)}</span>
            {file.status === 'uploading' ? (
              <progress
                aria-label={`Uploading ${file.name}`}
                max={100}
                value={Math.round(file.progress * 100)}
                className="mt-0.5 block h-1 w-full overflow-hidden rounded accent-accent"
              />
            ) : null}
            {file.error ? (
              <span role="alert" className="block text-danger">
                {file.error}
              </span>
            ) : null}
          </span>
          <Button size="sm" variant="ghost" className="shrink-0 px-1.5" aria-label={`Remove ${file.name}`} onClick={() => onRemove(file.key)}>
            <X aria-hidden className="size-3.5" />
          </Button>
        </li>
      ))}
    </ul>
  );
}

const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');

/**
 * Dropping files anywhere on the element around `anchor` (the composer's: the conversation, its thread and the
 * composer) attaches them. While files are dragged over it, a drop zone covers it.
 */
export function useFileDrop(anchor: RefObject<HTMLElement | null>, onFiles: (files: File[]) => void, enabled: boolean) {
  const [over, setOver] = useState<DOMRect | null>(null);
  const onFilesRef = useRef(onFiles);
  useEffect(() => {
    onFilesRef.current = onFiles;
  });
  useEffect(() => {
    const el = anchor.current?.parentElement ?? anchor.current;
    if (!el || !enabled) return;
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth += 1;
      setOver(el.getBoundingClientRect());
    };
    const overArea = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(null);
    };
    const drop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setOver(null);
      onFilesRef.current(Array.from(event.dataTransfer?.files ?? []));
    };
    el.addEventListener('dragenter', enter);
    el.addEventListener('dragover', overArea);
    el.addEventListener('dragleave', leave);
    el.addEventListener('drop', drop);
    return () => {
      el.removeEventListener('dragenter', enter);
      el.removeEventListener('dragover', overArea);
      el.removeEventListener('dragleave', leave);
      el.removeEventListener('drop', drop);
      setOver(null);
    };
  }, [anchor, enabled]);
  return over;
}

/** The drop zone shown over the conversation while files are dragged onto it. */
export function DropZone({ rect }: { rect: DOMRect | null }) {
  if (!rect) return null;
  return (
    <div
      data-testid="composer-drop-zone"
      aria-hidden
      style={{ top: rect.top, left: rect.left, width: rect.width, height: rect.height }}
      className="pointer-events-none fixed z-40 flex items-center justify-center rounded-lg border-2 border-dashed border-accent bg-accent/10 p-4 backdrop-blur-[1px] dark:bg-accent/20"
    >
      <span className="flex items-center gap-2 rounded-md bg-surface px-3 py-2 text-sm font-medium text-fg shadow">
        <Paperclip aria-hidden className="size-4" />
        Drop files to attach them
      </span>
    </div>
  );
}
