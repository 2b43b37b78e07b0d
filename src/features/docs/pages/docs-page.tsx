// /docs: the API reference, rendered from the OpenAPI document the server generates from contracts/.
// Public (it shows only the API's shape); lazy, so Scalar and Vue never reach another page's first load.
import { useEffect, type CSSProperties } from 'react';
import { Logo } from '@/app/splash';
import { ApiReference } from '../api-reference';
import { docsConfiguration, OPENAPI_URL } from '../scalar-configuration';

const HEADER_HEIGHT = '3rem';

export function DocsPage() {
  useEffect(() => {
    const previous = document.title;
    document.title = 'API reference · Switchboard';
    return () => {
      document.title = previous;
    };
  }, []);
  return (
    // Scalar offsets its sticky sidebar by --scalar-custom-header-height, so it sits under this bar.
    <div style={{ '--scalar-custom-header-height': HEADER_HEIGHT } as CSSProperties}>
      <header className="sticky top-0 z-20 flex items-center justify-between gap-4 border-b border-border bg-surface px-4" style={{ height: HEADER_HEIGHT }}>
        {/* Plain links, not router links: leaving /docs reloads the page, so Scalar's global styles go too. */}
        <a href="/" className="flex items-center gap-2 rounded font-semibold text-fg">
          <Logo />
          Switchboard
          <span className="font-normal text-muted">API reference</span>
        </a>
        <nav aria-label="Documentation links" className="flex items-center gap-4 text-sm">
          <a href={OPENAPI_URL} className="rounded text-muted hover:text-fg">
            OpenAPI JSON
          </a>
          <a href="/" className="rounded bg-accent px-3 py-1.5 font-medium text-accent-fg hover:bg-accent-hover">
            Open the app
          </a>
        </nav>
      </header>
      {/* Scalar renders its own landmarks (a complementary sidebar and the main content). */}
      <ApiReference configuration={docsConfiguration} />
    </div>
  );
}
