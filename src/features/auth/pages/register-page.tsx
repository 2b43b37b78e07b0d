import { Link, useSearchParams } from 'react-router';
import { RegisterForm } from '../components/register-form';

export function RegisterPage() {
  const [params] = useSearchParams();
  const next = params.get('next');
  return (
    <>
      <title>Create an account · Switchboard</title>
      <h1 className="mb-1 text-lg font-semibold tracking-tight">Create your account</h1>
      <p className="mb-5 text-sm text-muted">Invited to a workspace? Open the link in the invitation email to join it.</p>
      <RegisterForm />
      <p className="mt-5 text-center text-sm text-muted">
        Already have an account?{' '}
        <Link to={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'} className="font-medium text-accent hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
