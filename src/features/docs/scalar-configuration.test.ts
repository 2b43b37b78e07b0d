// The /docs configuration keeps Scalar on this origin: a setting that would reach Scalar's services (fonts,
// proxy, API client, agent, MCP, telemetry) fails here before it fails under the CSP in a browser.
import { describe, expect, it } from 'vitest';
import { docsConfiguration, OPENAPI_URL } from './scalar-configuration';

describe('docsConfiguration', () => {
  it('loads the generated document from this origin', () => {
    expect(docsConfiguration.url).toBe(OPENAPI_URL);
    expect(OPENAPI_URL.startsWith('/')).toBe(true);
    expect(docsConfiguration).not.toHaveProperty('proxyUrl');
    expect(docsConfiguration).not.toHaveProperty('proxy');
  });

  it('turns off everything that fetches from elsewhere', () => {
    expect(docsConfiguration).toMatchObject({
      withDefaultFonts: false,
      telemetry: false,
      hideClientButton: true,
      hideTestRequestButton: true,
      showDeveloperTools: 'never',
      agent: { disabled: true },
      mcp: { disabled: true },
    });
    expect(docsConfiguration.customCss).not.toMatch(/url\(|@import|https?:/);
  });
});
