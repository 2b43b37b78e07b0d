import { Outlet } from 'react-router';
import { HealthStatus } from './health-status';
import { Logo } from './splash';

/** The frame of sign-in and register: a centred card, the health of the API underneath. */
export function AuthLayout() {
  return (
    <div className="flex min-h-full flex-col items-center px-4 pt-[12vh] pb-8">
      <header className="mb-6 flex items-center gap-2">
        <Logo className="size-7" />
        <span className="text-base font-semibold tracking-tight">Switchboard</span>
      </header>
      <main className="w-full max-w-sm rounded-lg border border-border bg-surface p-6 shadow-sm">
        <Outlet />
      </main>
      <footer className="mt-auto pt-10">
        <HealthStatus />
      </footer>
    </div>
  );
}
