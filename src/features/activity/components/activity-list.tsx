import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/button';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { activityListQueryOptions, type ActivityFilters } from '../api';
import { activitySubjectText } from '../../../../contracts/activity';
import type { Activity } from '../../../../contracts/workspaces';

function initials(name: string | undefined): string {
  if (!name) return '·';
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

const linkClass = 'font-medium text-accent underline underline-offset-2';

/** The entry's sentence with the words that name its subject a link to the subject's page (the whole sentence when they cannot be told apart). */
export function ActivitySentence({ row }: { row: Activity }): ReactNode {
  if (!row.link) return row.summary;
  const part = activitySubjectText(row.summary, row);
  if (!part) {
    return (
      <Link to={row.link} className={linkClass}>
        {row.summary}
      </Link>
    );
  }
  return (
    <>
      {row.summary.slice(0, part.start)}
      <Link to={row.link} className={linkClass}>
        {part.text}
      </Link>
      {row.summary.slice(part.start + part.text.length)}
    </>
  );
}

/** The log, newest first, a page at a time ("Load more"); `empty` is what to show when nothing matches. */
export function ActivityList({ filters, empty }: { filters: ActivityFilters; empty?: ReactNode }) {
  const activity = useInfiniteQuery(activityListQueryOptions(filters));

  if (activity.isPending) return <LoadingBlock label="Loading activity" />;
  if (activity.isError) {
    if (activity.error.status === 403)
      return <StateMessage title="Only admins and owners can see the activity log">Ask an admin of this workspace if you need it.</StateMessage>;
    return (
      <StateMessage title="Could not load the activity" tone="error" action={<Button onClick={() => activity.refetch()}>Try again</Button>}>
        {errorMessage(activity.error)}
      </StateMessage>
    );
  }

  const rows = activity.data.pages.flatMap((p) => p.data);
  if (rows.length === 0)
    return (
      empty ?? (
        <StateMessage title="No activity yet">What the team does here (conversations, customers, orders, members, settings) will show up here.</StateMessage>
      )
    );

  return (
    <>
      <ol className="divide-y divide-border rounded-lg border border-border bg-surface" data-testid="activity-list">
        {rows.map((row) => (
          <li key={row.id} className="flex items-start gap-3 px-4 py-2.5" data-action={row.action}>
            <span aria-hidden className="flex size-7 shrink-0 items-center justify-center rounded-full bg-subtle text-xs font-semibold text-muted">
              {initials(row.actor?.name)}
            </span>
            <div className="flex min-w-0 flex-1 flex-col gap-0.5 sm:flex-row sm:items-baseline sm:gap-3">
              <p className="min-w-0 flex-1 break-words">
                <ActivitySentence row={row} />
              </p>
              <time dateTime={row.createdAt} title={formatDateTime(row.createdAt)} className="shrink-0 text-xs text-muted">
                {formatRelative(row.createdAt)}
              </time>
            </div>
          </li>
        ))}
      </ol>
      {activity.hasNextPage ? (
        <div className="mt-4 flex justify-center">
          <Button onClick={() => activity.fetchNextPage()} disabled={activity.isFetchingNextPage}>
            {activity.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </div>
      ) : null}
    </>
  );
}
