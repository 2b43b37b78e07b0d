// The bar above both documentation pages: the product, the two pages (the guide and the reference), the raw
// OpenAPI document and a way into the app. Plain links, not router links: leaving the reference reloads the
// page, so Scalar's global styles go with it.
import { Logo } from '@/app/splash';
import { cx } from '@/lib/cx';
import { OPENAPI_URL } from './scalar-configuration';

export const DOCS_HEADER_HEIGHT = '3rem';
export const GUIDE_PATH = '/docs/guide';
export const REFERENCE_PATH = '/docs';

const pageLink = (current: boolean) => cx('rounded px-2 py-1 whitespace-nowrap', current ? 'bg-subtle font-medium text-fg' : 'text-muted hover:text-fg');

export function DocsHeader({ current }: { current: 'guide' | 'reference' }) {
  return (
    <header className="sticky top-0 z-20 flex items-center justify-between gap-4 border-b border-border bg-surface px-4" style={{ height: DOCS_HEADER_HEIGHT }}>
      <a href="/" className="flex shrink-0 items-center gap-2 rounded font-semibold text-fg">
        <Logo />
        <span className="hidden sm:inline">Switchboard</span>
      </a>
      <nav aria-label="Documentation" className="flex min-w-0 items-center gap-1 overflow-x-auto text-sm sm:gap-3">
        <a href={GUIDE_PATH} className={pageLink(current === 'guide')} aria-current={current === 'guide' ? 'page' : undefined}>
          Guide
        </a>
        <a href={REFERENCE_PATH} className={pageLink(current === 'reference')} aria-current={current === 'reference' ? 'page' : undefined}>
          API reference
        </a>
        {/* On a phone there is room for the two pages and the app; the guide links the document too. */}
        <a href={OPENAPI_URL} className="hidden rounded px-2 py-1 whitespace-nowrap text-muted hover:text-fg sm:inline">
          OpenAPI JSON
        </a>
        <a href="/" className="ml-1 rounded bg-accent px-3 py-1.5 font-medium whitespace-nowrap text-accent-fg hover:bg-accent-hover">
          Open the app
        </a>
      </nav>
    </header>
  );
}
