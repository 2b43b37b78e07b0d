// The user's saved views as quick filters above the list (one click applies a view's filters; × deletes it),
// and "Save view" to keep the current filters under a name.
import { useQuery } from '@tanstack/react-query';
import { Bookmark, X } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/button';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { savedViewsQueryOptions, useCreateSavedView, useDeleteSavedView } from '../api/saved-views';
import { fromViewFilters, sameFilters, toViewFilters, type InboxFilters } from '../inbox-filters';

export function SavedViewsBar({ wid, filters, onFiltersChange }: { wid: string; filters: InboxFilters; onFiltersChange: (next: InboxFilters) => void }) {
  const views = useQuery(savedViewsQueryOptions(wid));
  const create = useCreateSavedView(wid);
  const remove = useDeleteSavedView(wid);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError('Name the view');
    create.mutate(
      { name: name.trim(), filters: toViewFilters(filters) },
      {
        onSuccess: (view) => {
          toast.success(`View “${view.name}” saved`);
          setNaming(false);
          setName('');
          setError(null);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  }

  const list = views.data?.data ?? [];
  return (
    <div className="px-3 pb-2">
      <ul aria-label="Saved views" className="flex flex-wrap items-center gap-1">
        {list.map((view) => {
          const active = sameFilters(fromViewFilters(view.filters), filters);
          return (
            <li
              key={view.id}
              className={cx('inline-flex items-center rounded-full border text-xs', active ? 'border-accent bg-accent-soft' : 'border-border-strong')}
            >
              <button
                type="button"
                aria-pressed={active}
                onClick={() => onFiltersChange(fromViewFilters(view.filters))}
                className="rounded-l-full py-0.5 pr-1 pl-2 font-medium"
              >
                {view.name}
              </button>
              <button
                type="button"
                aria-label={`Delete view ${view.name}`}
                disabled={remove.isPending}
                onClick={() => remove.mutate(view.id, { onError: (e) => toast.error(errorMessage(e)) })}
                className="rounded-r-full py-0.5 pr-1.5 pl-0.5 text-muted hover:text-fg"
              >
                <X aria-hidden className="size-3" />
              </button>
            </li>
          );
        })}
        {!naming ? (
          <li>
            <button
              type="button"
              onClick={() => setNaming(true)}
              className="inline-flex items-center gap-1 rounded-full px-1.5 py-0.5 text-xs text-muted hover:text-fg"
            >
              <Bookmark aria-hidden className="size-3" />
              Save view
            </button>
          </li>
        ) : null}
      </ul>
      {naming ? (
        <form onSubmit={onSubmit} className="mt-1.5 flex items-center gap-1.5" aria-label="Save view">
          <label htmlFor={`${id}-name`} className="sr-only">
            View name
          </label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={60}
            placeholder="View name"
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            className="h-7 min-w-0 flex-1 rounded-md border border-border-strong bg-surface px-1.5 text-xs text-fg"
          />
          <Button type="submit" size="sm" variant="primary" disabled={create.isPending}>
            Save
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setNaming(false)}>
            Cancel
          </Button>
        </form>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
