import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Logo } from '@/app/splash';

/**
 * The frame of the pages people open from an emailed link (reset, verify, invitation). They work signed in or
 * out, so they mount outside the sign-in layout; this gives them the same centred card.
 */
export function LinkPageFrame({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-full flex-col items-center px-4 pt-[12vh] pb-8">
      <header className="mb-6">
        <Link to="/" className="flex items-center gap-2 rounded">
          <Logo className="size-7" />
          <span className="text-base font-semibold tracking-tight text-fg">Switchboard</span>
        </Link>
      </header>
      <main className="w-full max-w-sm rounded-lg border border-border bg-surface p-6 shadow-sm">{children}</main>
    </div>
  );
}
