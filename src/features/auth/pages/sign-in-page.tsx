import { Link, useSearchParams } from 'react-router';
import { SignInForm } from '../components/sign-in-form';

export function SignInPage() {
  const [params] = useSearchParams();
  const next = params.get('next');
  return (
    <>
      <title>Sign in · Switchboard</title>
      <h1 className="mb-1 text-lg font-semibold tracking-tight">Sign in</h1>
      <p className="mb-5 text-sm text-muted">Welcome back. Sign in to your workspace.</p>
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
