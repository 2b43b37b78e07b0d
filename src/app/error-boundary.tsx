// Last line of defence: a render error (or a lazy chunk gone after a deploy) shows a way out instead of a
// blank page. Query and mutation errors never get here; pages show those themselves.
import { Component, type ErrorInfo, type ReactNode } from 'react';

export class AppErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('[app] render failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="flex h-full flex-col items-center justify-center gap-3 p-8 text-center">
        <h1 className="text-base font-semibold">Something went wrong</h1>
        <p className="max-w-sm text-sm text-muted">Reload the page to continue. If it keeps happening, tell us what you were doing.</p>
        <button
          type="button"
          onClick={() => window.location.reload()}
          className="h-8 rounded-md bg-accent px-3 text-sm font-medium text-accent-fg hover:bg-accent-hover"
        >
          Reload
        </button>
      </div>
    );
  }
}
