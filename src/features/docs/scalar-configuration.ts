// How /docs configures Scalar: everything it renders comes from this origin. The deployed Content-Security-Policy
// (vercel.json) allows scripts, fonts and fetches from 'self' only, and the page must work offline, so every
// Scalar feature that reaches its own services (web fonts, the request proxy, the API client, the agent chat,
// MCP, telemetry, the localhost developer toolbar) is switched off here.
import type { createApiReference } from '@scalar/api-reference';
import { endpointUrl } from '@/lib/api-client';

export type ScalarConfiguration = Parameters<typeof createApiReference>[1];

/** Served by api/_lib/system (generated from contracts/). */
export const OPENAPI_URL = endpointUrl('system.openapi');

/** Scalar's default theme with the app's own font stacks and accent (src/index.css), and AA contrast throughout. */
const customCss = `
.scalar-app, .scalar-api-reference {
  --scalar-font: ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  --scalar-font-code: ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, 'Liberation Mono', monospace;
}
/* Text colours that reach 4.5:1 on Scalar's backgrounds, where its defaults fall short (axe color-contrast):
   secondary and tertiary text (the search placeholder, the client tabs) and the HTTP-method labels. */
.light-mode {
  --scalar-color-accent: #4f46e5;
  --scalar-color-2: #595959;
  --scalar-color-3: #6b6b6b;
  --scalar-color-green: #065f46;
  --scalar-color-yellow: #854d0e;
  --scalar-color-red: #b91c1c;
  --scalar-color-blue: #1d4ed8;
  --scalar-color-orange: #9a3412;
  --scalar-color-purple: #6d28d9;
  --scalar-color-query: #115e59;
}
.dark-mode {
  --scalar-color-accent: #a5b4fc;
  --scalar-color-2: #a4a4a4;
  --scalar-color-3: #8e8e8e;
  --scalar-color-red: #f87171;
}
`;

export const docsConfiguration = {
  url: OPENAPI_URL,
  title: 'Switchboard API',
  slug: 'switchboard',
  theme: 'default',
  layout: 'modern',
  withDefaultFonts: false,
  customCss,
  telemetry: false,
  hideClientButton: true,
  hideTestRequestButton: true,
  showDeveloperTools: 'never',
  // Follow the system's theme, as the rest of the app does.
  hideDarkModeToggle: true,
  agent: { disabled: true },
  mcp: { disabled: true },
  documentDownloadType: 'none',
  hideModels: false,
  defaultOpenFirstTag: true,
  operationTitleSource: 'summary',
  metaData: { title: 'API reference · Switchboard' },
} satisfies ScalarConfiguration;
