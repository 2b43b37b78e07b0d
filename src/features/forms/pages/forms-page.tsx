// `/w/:wid/forms`: the workspace's forms with their submission counts, searchable; admins create new ones.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from '@/components/button';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { TextField } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { formatRelative } from '@/lib/format-time';
import { hasRole } from '@/lib/roles';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useWorkspaceRole } from '@/lib/workspace';
import { formListQueryOptions } from '../api';

export function FormsPage() {
  const { wid = '' } = useParams();
  const canWrite = hasRole(useWorkspaceRole(wid), 'admin');
  const [q, setQ] = useState('');
  const search = useDebouncedValue(q.trim(), 250);
  const list = useInfiniteQuery(formListQueryOptions(wid, { q: search || undefined }));
  const rows = list.data?.pages.flatMap((page) => page.data) ?? [];
  const now = Date.now();

  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="Forms"
        description="Order and contact forms with a public page each. Every submission opens a conversation, and an order when it picks products."
        actions={
          canWrite ? (
            <Link
              to={`/w/${wid}/forms/new`}
              className="inline-flex h-8 items-center gap-2 rounded-md bg-accent px-3 text-sm font-medium whitespace-nowrap text-accent-fg hover:bg-accent-hover"
            >
              <Plus aria-hidden className="size-4" />
              New form
            </Link>
          ) : null
        }
      />
      <div className="mb-3 max-w-xs">
        <TextField label="Search forms" hideLabel type="search" placeholder="Search forms" value={q} onChange={(event) => setQ(event.target.value)} />
      </div>
      {list.isPending ? (
        <LoadingBlock label="Loading forms" />
      ) : list.isError && !list.data ? (
        <StateMessage title="Could not load the forms" tone="error" action={<Button onClick={() => list.refetch()}>Try again</Button>}>
          {errorMessage(list.error)}
        </StateMessage>
      ) : rows.length === 0 ? (
        <StateMessage
          title={search ? 'No matches' : 'No forms yet'}
          action={
            !search && canWrite ? (
              <Link to={`/w/${wid}/forms/new`} className="font-medium text-accent hover:underline">
                Create the first form
              </Link>
            ) : null
          }
        >
          {search ? 'No form has that name.' : 'A form collects orders or enquiries on a public page of its own.'}
        </StateMessage>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Forms</caption>
            <thead className="border-b border-border text-xs text-muted">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Name
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Fields
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Submissions
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Updated
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {rows.map((form) => (
                <tr key={form.id} data-testid="form-row" className="hover:bg-subtle/60">
                  <td className="px-3 py-2">
                    <Link to={`/w/${wid}/forms/${form.id}`} className="font-medium text-fg hover:text-accent hover:underline">
                      {form.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    {form.active ? (
                      <span className="inline-flex rounded bg-surface px-1.5 py-0.5 text-xs font-medium text-success ring-1 ring-success/40 ring-inset">
                        Active
                      </span>
                    ) : (
                      <span className="inline-flex rounded bg-subtle px-1.5 py-0.5 text-xs font-medium text-muted">Off</span>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{form.fields.length}</td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    <Link to={`/w/${wid}/forms/${form.id}?tab=submissions`} className="hover:text-accent hover:underline">
                      {form.submissionCount} <span className="sr-only">submissions of {form.name}</span>
                    </Link>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap text-muted">{formatRelative(form.updatedAt, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage ? (
        <Button className="mt-3" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </Button>
      ) : null}
    </div>
  );
}
