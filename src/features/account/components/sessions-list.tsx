import { useQuery } from '@tanstack/react-query';
import { Monitor } from 'lucide-react';
import { toast } from 'sonner';
import { Badge } from '@/components/badge';
import { Button } from '@/components/button';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { sessionsQueryOptions, useRevokeSession } from '../api';
import { describeUserAgent } from '../describe-user-agent';

/** Where the user is signed in; any session but this one can be signed out. */
export function SessionsList() {
  const sessions = useQuery(sessionsQueryOptions());
  const revoke = useRevokeSession();

  if (sessions.isPending) return <LoadingBlock label="Loading sessions" />;
  if (sessions.isError)
    return (
      <StateMessage title="Could not load your sessions" tone="error" action={<Button onClick={() => sessions.refetch()}>Try again</Button>}>
        {errorMessage(sessions.error)}
      </StateMessage>
    );
  if (sessions.data.data.length === 0) return <StateMessage title="No active sessions" />;

  return (
    <ul className="divide-y divide-border rounded-md border border-border">
      {sessions.data.data.map((session) => {
        const device = describeUserAgent(session.userAgent);
        const pending = revoke.isPending && revoke.variables === session.id;
        return (
          <li key={session.id} className="flex items-center gap-3 px-3 py-2.5">
            <Monitor aria-hidden className="size-4 shrink-0 text-muted" />
            <div className="min-w-0 flex-1">
              <p className="flex items-center gap-2 font-medium">
                {device}
                {session.current ? <Badge tone="accent">Current</Badge> : null}
              </p>
              <p className="truncate text-xs text-muted" title={session.userAgent ?? undefined}>
                Signed in{' '}
                <time dateTime={session.createdAt} title={formatDateTime(session.createdAt)}>
                  {formatRelative(session.createdAt)}
                </time>{' '}
                · last active{' '}
                <time dateTime={session.lastUsedAt} title={formatDateTime(session.lastUsedAt)}>
                  {formatRelative(session.lastUsedAt)}
                </time>
              </p>
            </div>
            {session.current ? null : (
              <Button
                size="sm"
                disabled={pending}
                aria-label={`Sign out ${device}, signed in ${formatRelative(session.createdAt)}`}
                onClick={() =>
                  revoke.mutate(session.id, {
                    onSuccess: () => toast.success(`Signed out ${device}`),
                    onError: (error) => toast.error(errorMessage(error)),
                  })
                }
              >
                {pending ? 'Signing out…' : 'Sign out'}
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
