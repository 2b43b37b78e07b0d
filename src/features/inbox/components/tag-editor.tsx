import { Plus, X } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { TAG_MAX_LENGTH, TAGS_MAX } from '../../../../contracts/common';
import { cx } from '@/lib/cx';

/** Tags as removable chips and an input that adds one on Enter; read-only without `onChange`. */
export function TagEditor({
  tags,
  onChange,
  disabled,
  label = 'Tags',
}: {
  tags: string[];
  onChange?: (tags: string[]) => void;
  disabled?: boolean;
  label?: string;
}) {
  const [draft, setDraft] = useState('');
  const [adding, setAdding] = useState(false);
  const inputId = useId();

  function add(event: FormEvent) {
    event.preventDefault();
    const tag = draft.trim();
    if (!tag || !onChange) return;
    if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) onChange([...tags, tag]);
    setDraft('');
  }

  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label={label}>
      {tags.map((tag) => (
        <span key={tag} className="inline-flex items-center gap-0.5 rounded bg-subtle px-1.5 py-0.5 text-xs text-fg">
          {tag}
          {onChange ? (
            <button
              type="button"
              disabled={disabled}
              onClick={() => onChange(tags.filter((t) => t !== tag))}
              aria-label={`Remove tag ${tag}`}
              className="-mr-0.5 rounded p-px text-muted hover:bg-border hover:text-fg disabled:opacity-50"
            >
              <X aria-hidden className="size-3" />
            </button>
          ) : null}
        </span>
      ))}
      {tags.length === 0 && !onChange ? <span className="text-xs text-muted">No tags</span> : null}
      {onChange && tags.length < TAGS_MAX ? (
        adding ? (
          <form onSubmit={add} className="inline-flex">
            <label htmlFor={inputId} className="sr-only">
              New tag
            </label>
            <input
              id={inputId}
              autoFocus
              value={draft}
              maxLength={TAG_MAX_LENGTH}
              disabled={disabled}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  setDraft('');
                  setAdding(false);
                }
              }}
              onBlur={() => {
                if (!draft.trim()) setAdding(false);
              }}
              placeholder="Tag, then Enter"
              className="h-6 w-28 rounded border border-border-strong bg-surface px-1.5 text-xs text-fg placeholder:text-muted"
            />
          </form>
        ) : (
          <button
            type="button"
            disabled={disabled}
            onClick={() => setAdding(true)}
            className={cx('inline-flex items-center gap-0.5 rounded px-1.5 py-0.5 text-xs text-muted hover:bg-subtle hover:text-fg disabled:opacity-50')}
          >
            <Plus aria-hidden className="size-3" />
            Add tag
          </button>
        )
      ) : null}
    </div>
  );
}
