/**
 * Shown while the session is restored from the refresh cookie and while the first route chunk loads.
 * index.html carries the same markup as static HTML, painted before the script arrives: change both together.
 */
export function Splash() {
  return (
    <div className="flex h-full items-center justify-center" role="status" aria-live="polite">
      <div className="flex items-center gap-3 text-muted">
        <Logo />
        <span className="text-sm">Loading Switchboard…</span>
      </div>
    </div>
  );
}

export function Logo({ className = 'size-6' }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" className={className} aria-hidden>
      <rect width="24" height="24" rx="6" fill="var(--sb-accent)" />
      <path d="M7 9h10M7 12h7M7 15h10" stroke="var(--sb-accent-fg)" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
