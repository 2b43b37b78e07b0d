import { useInfiniteQuery } from '@tanstack/react-query';
import { Button } from '@/components/button';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { activityListQueryOptions, type ActivityFilters } from '../api';
import { describeActivity } from '../../../../contracts/activity';

function initials(name: string | undefined): string {
  if (!name) return '·';
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

/** The log, newest first, a page at a time ("Load more"). */
export function ActivityList({ filters }: { filters: ActivityFilters }) {
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
  if (rows.length === 0) return <StateMessage title="No activity yet">Changes to members, roles and settings will show up here.</StateMessage>;

  return (
    <>
      <ol className="divide-y divide-border rounded-lg border border-border bg-surface">
        {rows.map((row) => (
          <li key={row.id} className="flex items-center gap-3 px-4 py-2.5">
            <span aria-hidden className="flex size-7 shrink-0 items-center justify-center rounded-full bg-subtle text-xs font-semibold text-muted">
              {initials(row.actor?.name)}
            </span>
            <p className="min-w-0 flex-1">{describeActivity(row)}</p>
            <time dateTime={row.createdAt} title={formatDateTime(row.createdAt)} className="shrink-0 text-xs text-muted">
              {formatRelative(row.createdAt)}
            </time>
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
