import { toast } from 'sonner';
import { Badge } from '@/components/badge';
import { Button } from '@/components/button';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format-time';
import { useCurrentUser } from '@/lib/session-store';
import { useRequestEmailVerification } from '../api';

/** The sign-in email and whether it is verified; an unverified one gets a link to prove it. */
export function EmailStatus() {
  const user = useCurrentUser();
  const request = useRequestEmailVerification();
  const verifiedAt = user.emailVerifiedAt;

  function send() {
    request.mutate(undefined, {
      onSuccess: () => toast.success(`Verification link sent to ${user.email}. It works for 24 hours.`),
      onError: (error) =>
        toast.error(
          error instanceof ApiError && error.status === 409 ? 'Your email address is verified already.' : `The link was not sent: ${errorMessage(error)}`,
        ),
    });
  }

  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-medium break-words">{user.email}</span>
          {verifiedAt ? <Badge tone="accent">Verified</Badge> : <Badge tone="warning">Not verified</Badge>}
        </p>
        <p className="mt-0.5 text-xs text-muted">
          {verifiedAt ? (
            <>
              Verified <time dateTime={verifiedAt}>{formatDateTime(verifiedAt)}</time>.
            </>
          ) : (
            'Verify it to accept invitations sent to this address. We email you a link that works for 24 hours.'
          )}
        </p>
      </div>
      {verifiedAt ? null : (
        <Button onClick={send} disabled={request.isPending}>
          {request.isPending ? 'Sending…' : 'Send verification link'}
        </Button>
      )}
    </div>
  );
}
