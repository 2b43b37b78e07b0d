import { Link } from 'react-router';
import { StateMessage } from '@/components/state-message';

export function NotFoundPage() {
  return (
    <StateMessage
      title="Page not found"
      level={1}
      action={
        <Link to="/" className="font-medium text-accent underline-offset-2 hover:underline">
          Go to your workspace
        </Link>
      }
    >
      The address may be mistyped, or the page has moved.
    </StateMessage>
  );
}
