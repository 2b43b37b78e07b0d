// /docs: the API reference, rendered from the OpenAPI document the server generates from contracts/.
// Public (it shows only the API's shape); lazy, so Scalar and Vue never reach another page's first load. The
// guide to using the API is its own page, /docs/guide, without Scalar.
import { useEffect, type CSSProperties } from 'react';
import { ApiReference } from '../api-reference';
import { DOCS_HEADER_HEIGHT, DocsHeader } from '../docs-header';
import { docsConfiguration } from '../scalar-configuration';

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
    <div style={{ '--scalar-custom-header-height': DOCS_HEADER_HEIGHT } as CSSProperties}>
      <DocsHeader current="reference" />
      {/* Scalar renders its own landmarks (a complementary sidebar and the main content). */}
      <ApiReference configuration={docsConfiguration} />
    </div>
  );
}
