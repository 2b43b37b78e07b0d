import { Lock, Send } from 'lucide-react';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { MESSAGE_MAX_LENGTH } from '../../../../contracts/conversations';
import { Button } from '@/components/button';
import { cx } from '@/lib/cx';

export interface ComposerInput {
  content: string;
  private: boolean;
}

/**
 * The reply box: Enter sends, Shift+Enter starts a new line; Reply or Private note. The text clears at
 * once (the message shows optimistically in the thread) and comes back if the send fails.
 */
export function Composer({
  onSend,
  sending,
  error,
  disabled,
  onTyping,
}: {
  onSend: (input: ComposerInput) => Promise<unknown>;
  sending: boolean;
  error: string | null;
  disabled?: boolean;
  /** Called as the agent types a reply (not a private note): a web-widget visitor sees "typing…". */
  onTyping?: () => void;
}) {
  const [content, setContent] = useState('');
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const textareaRef = useRef<HTMLTextAreaElement | null>(null);
  const id = useId();
  const note = mode === 'note';

  function send() {
    if (sending || disabled || !content.trim()) return;
    const draft = content;
    setContent('');
    onSend({ content: draft, private: note }).catch(() => {
      setContent((current) => (current === '' ? draft : current));
    });
    textareaRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    send();
  }

  return (
    <form onSubmit={onSubmit} className={cx('border-t border-border px-4 py-3', note ? 'bg-warning-soft' : 'bg-surface')}>
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
          if (!note && e.target.value) onTyping?.();
        }}
        onKeyDown={onKeyDown}
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
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1.5 text-xs text-danger">
          {error}
        </p>
      ) : null}
      <div className="mt-2 flex items-center justify-between gap-2">
        <p id={`${id}-hint`} className="text-xs text-muted">
          Enter to send · Shift+Enter for a new line
        </p>
        <Button type="submit" size="sm" variant="primary" disabled={sending || disabled || !content.trim()}>
          <Send aria-hidden className="size-3.5" />
          {sending ? 'Sending…' : note ? 'Add note' : 'Send'}
        </Button>
      </div>
    </form>
  );
}
