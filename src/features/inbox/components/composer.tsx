import { Lock, Send } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useParams } from 'react-router';
import type { CannedReply } from '../../../../contracts/canned-replies';
import { MESSAGE_MAX_LENGTH, type MessageAttachmentInput } from '../../../../contracts/conversations';
import { Button } from '@/components/button';
import { cx } from '@/lib/cx';
import { AttachButton, AttachmentChips, DropZone, pastedFiles, useComposerAttachments, useFileDrop } from './composer-attachments';

export interface ComposerInput {
  content: string;
  private: boolean;
  /** Files uploaded for this message (absent when there are none). */
  attachments?: MessageAttachmentInput[];
}

function readDraft(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function writeDraft(key: string, content: string) {
  try {
    if (content) localStorage.setItem(key, content);
    else localStorage.removeItem(key);
  } catch {
    // Storage full or blocked: the draft lives only in this page.
  }
}

/** The `/word` being typed just before the caret (a slash at the start of a word), or null. */
export function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: match.index + match[1]!.length, query: match[2]! };
}

function matchCannedReplies(replies: CannedReply[], query: string): CannedReply[] {
  const q = query.toLowerCase();
  const hits = replies.filter((r) => r.shortcut.toLowerCase().includes(q) || r.title.toLowerCase().includes(q));
  // Shortcuts that start with the text first.
  return hits.sort((a, b) => Number(!a.shortcut.toLowerCase().startsWith(q)) - Number(!b.shortcut.toLowerCase().startsWith(q))).slice(0, 8);
}

/**
 * The reply box: Enter sends, Shift+Enter starts a new line; Reply or Private note. The text clears at
 * once (the message shows optimistically in the thread) and comes back if the send fails. Typing `/` at the
 * start of a word lists the canned replies matching what follows (↑/↓, Enter or Tab inserts, Esc closes).
 * Files (the paperclip, a paste, or a drop on the conversation) upload at once and go with the message; a
 * message may be files only. The draft keeps the text, not the files.
 */
export function Composer({
  onSend,
  sending,
  error,
  disabled,
  onTyping,
  cannedReplies,
  fillCannedReply,
  draftKey,
  wid: widProp,
}: {
  onSend: (input: ComposerInput) => Promise<unknown>;
  sending: boolean;
  error: string | null;
  disabled?: boolean;
  /** Called as the agent types a reply (not a private note): a web-widget visitor sees "typing…". */
  onTyping?: () => void;
  /** The workspace's canned replies, offered after `/`. */
  cannedReplies?: CannedReply[];
  /** Fills a canned reply's variables for this conversation. */
  fillCannedReply?: (content: string) => string;
  /** Where the unsent text is kept in localStorage (per conversation), so it survives switching and reloads. */
  draftKey?: string;
  /** The workspace files are uploaded to (default: the route's). */
  wid?: string;
}) {
  const { wid: routeWid } = useParams();
  const wid = widProp ?? routeWid;
  const files = useComposerAttachments(wid);
  const formRef = useRef<HTMLFormElement | null>(null);
  const canAttach = Boolean(wid) && !disabled;
  const dropRect = useFileDrop(formRef, files.add, canAttach);
  const [content, setContent] = useState(() => (draftKey ? readDraft(draftKey) : ''));
  useEffect(() => {
    if (draftKey) writeDraft(draftKey, content);
  }, [draftKey, content]);
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const textareaRef = useRef<HTMLTextAreaElement | null>(null);
  const id = useId();
  const note = mode === 'note';
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const slash = cannedReplies?.length ? slashQuery(content, caret) : null;
  const slashKey = slash ? `${slash.start}:${slash.query}` : null;
  const suggestions = useMemo(() => (slash && cannedReplies ? matchCannedReplies(cannedReplies, slash.query) : []), [slash?.query, cannedReplies]); // eslint-disable-line react-hooks/exhaustive-deps
  const open = slash !== null && slashKey !== dismissed && suggestions.length > 0;
  const activeIndex = Math.min(active, suggestions.length - 1);
  const optionId = (index: number) => `${id}-canned-${index}`;

  function insert(reply: CannedReply) {
    if (!slash) return;
    const text = fillCannedReply ? fillCannedReply(reply.content) : reply.content;
    const next = content.slice(0, slash.start) + text + content.slice(caret);
    const position = slash.start + text.length;
    setContent(next.slice(0, MESSAGE_MAX_LENGTH));
    setCaret(position);
    setActive(0);
    requestAnimationFrame(() => textareaRef.current?.setSelectionRange(position, position));
    textareaRef.current?.focus();
  }

  const filesBlock = files.uploading || files.failed;
  const canSend = !sending && !disabled && !filesBlock && (content.trim().length > 0 || files.uploaded > 0);

  function send() {
    if (!canSend) return;
    const draft = content;
    const { attachments, taken } = files.take();
    setContent('');
    onSend({ content: draft.trim() ? draft : '', private: note, ...(attachments.length ? { attachments } : {}) }).then(
      () => files.release(taken),
      () => {
        setContent((current) => (current === '' ? draft : current));
        files.restore(taken);
      },
    );
    textareaRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open && !event.nativeEvent.isComposing) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((activeIndex + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const reply = suggestions[activeIndex];
        if (reply) insert(reply);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissed(slashKey);
        return;
      }
    }
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    send();
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className={cx('border-t border-border px-4 py-3', note ? 'bg-warning-soft' : 'bg-surface')}>
      <DropZone rect={dropRect} />
      <div role="radiogroup" aria-label="Reply or private note" className="mb-2 flex gap-1">
        {(['reply', 'note'] as const).map((value) => (
          <label
            key={value}
            className={cx(
              'inline-flex cursor-pointer items-center gap-1 rounded-md px-2 py-1 text-xs font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring',
              mode === value
                ? value === 'note'
                  ? 'bg-amber-200/70 text-warning-soft-fg dark:bg-amber-900/60'
                  : 'bg-subtle text-fg'
                : 'text-muted hover:text-fg',
            )}
          >
            <input type="radio" name={`${id}-mode`} value={value} checked={mode === value} onChange={() => setMode(value)} className="sr-only" />
            {value === 'note' ? <Lock aria-hidden className="size-3" /> : null}
            {value === 'reply' ? 'Reply' : 'Private note'}
          </label>
        ))}
      </div>
      <label htmlFor={`${id}-message`} className="sr-only">
        Message
      </label>
      <textarea
        ref={textareaRef}
        id={`${id}-message`}
        value={content}
        onChange={(e) => {
          setContent(e.target.value);
          setCaret(e.target.selectionStart ?? e.target.value.length);
          setActive(0);
          if (!note && e.target.value) onTyping?.();
        }}
        onKeyDown={onKeyDown}
        onPaste={(event) => {
          if (!canAttach) return;
          const pasted = pastedFiles(event);
          if (pasted.length === 0) return;
          event.preventDefault();
          files.add(pasted);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
        aria-autocomplete={cannedReplies?.length ? 'list' : undefined}
        aria-controls={open ? `${id}-canned` : undefined}
        aria-activedescendant={open ? optionId(activeIndex) : undefined}
        readOnly={sending}
        disabled={disabled}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        maxLength={MESSAGE_MAX_LENGTH}
        rows={3}
        placeholder={note ? 'Write a private note — only your team sees it' : 'Write a reply…'}
        className={cx(
          'block max-h-60 min-h-16 w-full resize-y rounded-md border bg-surface px-2.5 py-2 text-sm text-fg placeholder:text-muted',
          note ? 'border-amber-400 dark:border-amber-700' : 'border-border-strong',
        )}
      />
      {open ? (
        <ul
          id={`${id}-canned`}
          role="listbox"
          aria-label="Canned replies"
          className="mt-1 max-h-56 overflow-y-auto rounded-md border border-border bg-surface p-1 text-sm shadow-lg"
        >
          {suggestions.map((reply, index) => (
            <li
              key={reply.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              onMouseDown={(e) => {
                e.preventDefault();
                insert(reply);
              }}
              onMouseEnter={() => setActive(index)}
              className={cx('cursor-pointer rounded px-2 py-1', index === activeIndex ? 'bg-subtle' : '')}
            >
              <span className="font-medium text-fg">/{reply.shortcut}</span> <span className="text-muted">{reply.title}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <AttachmentChips files={files.files} onRemove={files.remove} />
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1.5 text-xs text-danger">
          {error}
        </p>
      ) : null}
      <div className="mt-2 flex items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-1">
          {wid ? <AttachButton onFiles={files.add} disabled={!canAttach} /> : null}
          <p id={`${id}-hint`} className="text-xs text-muted">
            {files.uploading
              ? 'Uploading files…'
              : files.failed
                ? 'Remove the files that cannot be attached to send'
                : `Enter to send · Shift+Enter for a new line${cannedReplies?.length ? ' · / for canned replies' : ''}`}
          </p>
        </div>
        <Button type="submit" size="sm" variant="primary" disabled={!canSend}>
          <Send aria-hidden className="size-3.5" />
          {sending ? 'Sending…' : note ? 'Add note' : 'Send'}
        </Button>
      </div>
    </form>
  );
}
