import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Invitation } from '../../../../contracts/invitations';
import type { User } from '../../../../contracts/auth';
import { roleLabel } from '@/components/badge';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { FocusTarget } from '@/components/focus-target';
import { FormError } from '@/components/form-error';
import { Notice } from '@/components/notice';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format-time';
import { useSession } from '@/lib/session-store';
import { invitationQueryOptions, useAcceptInvitation, useDeclineInvitation, useLogout, useRequestEmailVerification } from '../api';
import { LinkPageFrame } from '../components/link-page-frame';
import { RegisterForm } from '../components/register-form';

const linkClass = 'font-medium text-accent hover:underline';
const buttonLinkClass =
  'inline-flex h-8 items-center justify-center rounded-md border border-border-strong bg-surface px-3 text-sm font-medium text-fg hover:bg-subtle';

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * `/invite/:token`: the link from an invitation email. Anyone holding it sees the workspace, who invited, the role
 * and the expiry. Signed out: create an account with the invited email (which accepts) or sign in and come back.
 * Signed in as the invited email: accept or decline. Signed in as someone else: says so and offers to sign out.
 */
export function InvitePage() {
  const { token = '' } = useParams();
  const invitation = useQuery(invitationQueryOptions(token));
  const [declined, setDeclined] = useState<string | null>(null);

  let content;
  if (declined !== null)
    content = (
      <FocusTarget>
        <StateMessage
          title="Invitation declined"
          level={1}
          action={
            <Link to="/" className={linkClass}>
              Go to Switchboard
            </Link>
          }
        >
          You will not join {declined}. The link no longer works; if this was a mistake, ask for a new invitation.
        </StateMessage>
      </FocusTarget>
    );
  else if (invitation.isPending) content = <LoadingBlock label="Loading the invitation" />;
  else if (invitation.isError) content = <InvitationError error={invitation.error} onRetry={() => invitation.refetch()} />;
  else content = <InvitationDetails token={token} invitation={invitation.data} onDeclined={() => setDeclined(invitation.data.workspace.name)} />;

  return (
    <LinkPageFrame>
      <title>Invitation · Switchboard</title>
      {content}
    </LinkPageFrame>
  );
}

function InvitationError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const home = (
    <Link to="/" className={linkClass}>
      Go to Switchboard
    </Link>
  );
  if (error.status === 410)
    return (
      <StateMessage title="This invitation is no longer valid" level={1} action={home}>
        It expired, was withdrawn, or was answered already. Ask the person who invited you to send a new one.
      </StateMessage>
    );
  if (error.status === 404 || error.code === 'validation_failed')
    return (
      <StateMessage title="This invitation link is not valid" level={1} action={home}>
        Check that you opened the whole link from the email, or ask for a new invitation.
      </StateMessage>
    );
  return (
    <StateMessage title="Could not load the invitation" tone="error" level={1} action={<Button onClick={onRetry}>Try again</Button>}>
      {errorMessage(error)}
    </StateMessage>
  );
}

function InvitationDetails({ token, invitation, onDeclined }: { token: string; invitation: Invitation; onDeclined: () => void }) {
  const session = useSession();
  const [declining, setDeclining] = useState(false);
  // Kept while the account is created: registering signs in, and the form must stay until it has moved on.
  const [registering, setRegistering] = useState(false);
  const decline = useDeclineInvitation(token);
  const { workspace, email, role, invitedBy, expiresAt } = invitation;

  let answer;
  if (session.status !== 'signed-in' || registering)
    answer = <SignedOut token={token} invitation={invitation} registering={registering} onRegistering={setRegistering} onDecline={() => setDeclining(true)} />;
  else if (!sameEmail(session.user.email, email)) answer = <OtherAccount invitedEmail={email} user={session.user} />;
  else answer = <SignedInAsInvited token={token} invitation={invitation} user={session.user} onDecline={() => setDeclining(true)} />;

  return (
    <>
      <h1 className="mb-1 text-lg font-semibold tracking-tight">Join {workspace.name}</h1>
      <p className="mb-4 text-sm text-muted">
        {invitedBy ? `${invitedBy.name} invited ${email}` : `${email} is invited`} to join {workspace.name} on Switchboard as {roleLabel(role).toLowerCase()}.
      </p>
      <dl className="mb-5 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 rounded-md border border-border bg-subtle px-3 py-2 text-sm">
        <dt className="text-muted">Workspace</dt>
        <dd className="font-medium">{workspace.name}</dd>
        <dt className="text-muted">Invited by</dt>
        <dd>{invitedBy?.name ?? 'A workspace admin'}</dd>
        <dt className="text-muted">Role</dt>
        <dd>{roleLabel(role)}</dd>
        <dt className="text-muted">For</dt>
        <dd className="[overflow-wrap:anywhere]">{email}</dd>
        <dt className="text-muted">Expires</dt>
        <dd>
          <time dateTime={expiresAt}>{formatDateTime(expiresAt)}</time>
        </dd>
      </dl>
      {answer}
      <ConfirmDialog
        open={declining}
        onOpenChange={(open) => {
          if (!open) decline.reset();
          setDeclining(open);
        }}
        title="Decline invitation?"
        description={`You will not join ${workspace.name}, and this link stops working.`}
        confirmLabel="Decline invitation"
        cancelLabel="Keep invitation"
        pendingLabel="Declining…"
        pending={decline.isPending}
        error={decline.error ? errorMessage(decline.error) : null}
        onConfirm={() =>
          decline.mutate(undefined, {
            onSuccess: () => {
              setDeclining(false);
              onDeclined();
            },
          })
        }
      />
    </>
  );
}

function SignedOut({
  token,
  invitation,
  registering,
  onRegistering,
  onDecline,
}: {
  token: string;
  invitation: Invitation;
  registering: boolean;
  onRegistering: (registering: boolean) => void;
  onDecline: () => void;
}) {
  const navigate = useNavigate();
  const here = `/invite/${token}`;

  if (registering)
    return (
      <section aria-labelledby="invite-register-heading" className="space-y-4 border-t border-border pt-4">
        <FocusTarget>
          <h2 id="invite-register-heading" className="text-sm font-semibold">
            Create your account
          </h2>
          <p className="text-xs text-muted">You join {invitation.workspace.name} as soon as your account is created.</p>
        </FocusTarget>
        <RegisterForm invitation={{ email: invitation.email, token }} onRegistered={() => navigate(`/w/${invitation.workspace.id}`, { replace: true })} />
        <button type="button" className="w-full rounded text-center text-sm text-muted hover:text-fg hover:underline" onClick={() => onRegistering(false)}>
          Back
        </button>
      </section>
    );

  return (
    <div className="space-y-3">
      <p className="text-sm">
        New to Switchboard? Create an account with <strong className="font-medium break-words">{invitation.email}</strong>. Already have one? Sign in with that
        address.
      </p>
      <div className="grid grid-cols-2 gap-2">
        <Button variant="primary" onClick={() => onRegistering(true)}>
          Create account
        </Button>
        <Link to={`/sign-in?next=${encodeURIComponent(here)}`} className={buttonLinkClass}>
          Sign in
        </Link>
      </div>
      <p className="text-center text-xs text-muted">
        Not for you?{' '}
        <button type="button" className="rounded font-medium text-accent hover:underline" onClick={onDecline}>
          Decline invitation
        </button>
      </p>
    </div>
  );
}

function OtherAccount({ invitedEmail, user }: { invitedEmail: string; user: User }) {
  const logout = useLogout();
  return (
    <div className="space-y-3">
      <Notice tone="warning" live={false}>
        This invitation is for <strong className="font-medium break-words">{invitedEmail}</strong>, and you are signed in as{' '}
        <strong className="font-medium break-words">{user.email}</strong>. Sign out, then sign in or create an account with {invitedEmail}.
      </Notice>
      <Button variant="primary" className="w-full" disabled={logout.isPending} onClick={() => logout.mutate()}>
        {logout.isPending ? 'Signing out…' : `Sign out of ${user.email}`}
      </Button>
    </div>
  );
}

function SignedInAsInvited({ token, invitation, user, onDecline }: { token: string; invitation: Invitation; user: User; onDecline: () => void }) {
  const navigate = useNavigate();
  const accept = useAcceptInvitation(token);
  const acceptError = accept.error instanceof ApiError ? accept.error : null;
  const mismatch = acceptError?.code === 'email_mismatch';
  const notVerified = user.emailVerifiedAt === null || acceptError?.code === 'email_not_verified';

  if (mismatch) return <OtherAccount invitedEmail={invitation.email} user={user} />;

  return (
    <div className="space-y-3">
      {notVerified ? <VerifyFirst email={user.email} /> : null}
      <FormError message={acceptError && acceptError.code !== 'email_not_verified' ? acceptError.message : null} />
      <div className="grid grid-cols-2 gap-2">
        <Button
          variant="primary"
          disabled={accept.isPending}
          onClick={() => accept.mutate(undefined, { onSuccess: (workspace) => navigate(`/w/${workspace.id}`, { replace: true }) })}
        >
          {accept.isPending ? 'Joining…' : 'Accept invitation'}
        </Button>
        <Button onClick={onDecline}>Decline</Button>
      </div>
    </div>
  );
}

/** The invited email is this account's, but it has not been proven yet: send the verification link. */
function VerifyFirst({ email }: { email: string }) {
  const request = useRequestEmailVerification();
  return (
    <Notice tone="warning">
      <p>
        Verify your email address first: we email a link to <strong className="font-medium break-words">{email}</strong>; open it, then accept here.
      </p>
      {request.isSuccess ? <p className="mt-2 font-medium">Verification link sent to {email}. It works for 24 hours.</p> : null}
      <Button size="sm" className="mt-2" disabled={request.isPending} onClick={() => request.mutate()}>
        {request.isPending ? 'Sending…' : request.isSuccess ? 'Send another link' : 'Send verification link'}
      </Button>
      {request.isError ? <p className="mt-2 text-danger">{errorMessage(request.error)}</p> : null}
    </Notice>
  );
}
