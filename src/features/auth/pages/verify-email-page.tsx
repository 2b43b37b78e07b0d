import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Button } from '@/components/button';
import { FocusTarget } from '@/components/focus-target';
import { Notice } from '@/components/notice';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { ApiError, errorMessage } from '@/lib/api-error';
import { useSession } from '@/lib/session-store';
import { useRequestEmailVerification, verifyEmailQueryOptions } from '../api';
import { LinkPageFrame } from '../components/link-page-frame';

const linkClass = 'font-medium text-accent hover:underline';

/** `/verify-email/:token`: the link from the verification email; verifies as soon as it opens, signed in or out. */
export function VerifyEmailPage() {
  const { token = '' } = useParams();
  const session = useSession();
  const verification = useQuery(verifyEmailQueryOptions(token));
  const signedIn = session.status === 'signed-in';
  const continueLink = signedIn ? (
    <Link to="/" className={linkClass}>
      Continue to Switchboard
    </Link>
  ) : (
    <Link to="/sign-in" className={linkClass}>
      Sign in
    </Link>
  );

  let content;
  if (verification.isPending) content = <LoadingBlock label="Verifying your email address" />;
  else if (verification.isSuccess)
    content = (
      <div role="status">
        <StateMessage title="Your email address is verified" level={1} action={continueLink}>
          Thank you. You can now accept invitations sent to this address.
        </StateMessage>
      </div>
    );
  else if (verification.error instanceof ApiError && (verification.error.status === 410 || verification.error.status === 404))
    content = (
      <StateMessage title="This verification link no longer works" level={1} action={signedIn ? null : continueLink}>
        <p>Verification links work for 24 hours and only once. If you used this one already, your address is verified and there is nothing else to do.</p>
        {signedIn ? (
          <NewLink verified={session.user.emailVerifiedAt !== null} email={session.user.email} />
        ) : (
          <p className="mt-2">Sign in to send yourself a new link from your account settings.</p>
        )}
      </StateMessage>
    );
  else
    content = (
      <StateMessage
        title="Could not verify your email address"
        tone="error"
        level={1}
        action={<Button onClick={() => verification.refetch()}>Try again</Button>}
      >
        {errorMessage(verification.error)}
      </StateMessage>
    );

  return (
    <LinkPageFrame>
      <title>Verify your email · Switchboard</title>
      {content}
    </LinkPageFrame>
  );
}

/** Signed in with the link spent: send a new one (unless the address is verified already). */
function NewLink({ verified, email }: { verified: boolean; email: string }) {
  const request = useRequestEmailVerification();
  if (verified) return <p className="mt-2">Your address {email} is verified.</p>;
  return (
    <div className="mt-3 space-y-2">
      {request.isSuccess ? (
        <FocusTarget>
          <Notice tone="success">We sent a new link to {email}. It works for 24 hours.</Notice>
        </FocusTarget>
      ) : (
        <Button variant="primary" disabled={request.isPending} onClick={() => request.mutate()}>
          {request.isPending ? 'Sending…' : `Send a new link to ${email}`}
        </Button>
      )}
      {request.isError ? (
        <p role="alert" className="text-sm text-danger">
          {errorMessage(request.error)}
        </p>
      ) : null}
    </div>
  );
}
