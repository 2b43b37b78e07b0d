import { Link, useLocation, useSearchParams } from 'react-router';
import { Notice } from '@/components/notice';
import { SignInForm } from '../components/sign-in-form';

/** What another page may hand the sign-in page (e.g. after a password reset). */
export interface SignInPageState {
  notice?: string;
}

export function SignInPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const next = params.get('next');
  const notice = (location.state as SignInPageState | null)?.notice;
  return (
    <>
      <title>Sign in · Switchboard</title>
      <h1 className="mb-1 text-lg font-semibold tracking-tight">Sign in</h1>
      <p className="mb-5 text-sm text-muted">Welcome back. Sign in to your workspace.</p>
      {notice ? (
        <Notice tone="success" className="mb-4">
          {notice}
        </Notice>
      ) : null}
      <SignInForm />
      <p className="mt-5 text-center text-sm text-muted">
        New to Switchboard?{' '}
        <Link to={next ? `/register?next=${encodeURIComponent(next)}` : '/register'} className="font-medium text-accent hover:underline">
          Create an account
        </Link>
      </p>
    </>
  );
}
