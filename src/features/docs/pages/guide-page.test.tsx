import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { API_KEY_SCOPES } from '../../../../contracts/api-keys';
import { errorCodeSchema } from '../../../../contracts/errors';
import { WEBHOOK_EVENTS } from '../../../../contracts/outbound-webhooks';
import { WEBHOOK_EVENT_GROUPS } from '../guide/events';
import { METRICS_SH, shellSetup, VERIFY_SIGNATURE_JS } from '../guide/snippets';
import { GUIDE_SECTIONS, GuidePage } from './guide-page';

describe('GuidePage', () => {
  it('renders its sections in order, each reachable from the table of contents', () => {
    render(<GuidePage />);
    expect(screen.getByRole('heading', { level: 1, name: 'Using the API' })).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(GUIDE_SECTIONS.map((s) => s.title));
    expect(GUIDE_SECTIONS.map((s) => s.id)).toEqual([
      'getting-started',
      'authentication',
      'rate-limits',
      'idempotency',
      'pagination',
      'errors',
      'webhooks',
      'metrics',
      'openapi',
    ]);
    const toc = screen.getByRole('navigation', { name: 'On this page' });
    for (const { id, title } of GUIDE_SECTIONS) {
      expect(within(toc).getByRole('link', { name: title })).toHaveAttribute('href', `#${id}`);
      expect(screen.getByRole('region', { name: title })).toHaveAttribute('id', id);
    }
    // The header links both documentation pages and the raw document.
    const docs = screen.getByRole('navigation', { name: 'Documentation' });
    expect(within(docs).getByRole('link', { name: 'Guide' })).toHaveAttribute('aria-current', 'page');
    expect(within(docs).getByRole('link', { name: 'API reference' })).toHaveAttribute('href', '/docs');
    expect(within(docs).getByRole('link', { name: 'OpenAPI JSON' })).toHaveAttribute('href', '/api/openapi.json');
  });

  it('says what the API promises: the key header, scopes, the capped role, limits, idempotency, paging and errors', () => {
    render(<GuidePage />);
    const auth = screen.getByRole('region', { name: 'Authentication with API keys' });
    expect(auth).toHaveTextContent('Authorization: Bearer sbk_…');
    expect(auth).toHaveTextContent('Settings → API keys');
    expect(auth).toHaveTextContent('capped at admin');
    expect(auth).toHaveTextContent('401 unauthorized');
    for (const scope of API_KEY_SCOPES) expect(within(auth).getByRole('cell', { name: scope })).toBeInTheDocument();

    const limits = screen.getByRole('region', { name: 'Rate limits' });
    expect(limits).toHaveTextContent('600 requests a minute');
    expect(limits).toHaveTextContent('429 rate_limited');
    expect(limits).toHaveTextContent('Retry-After');

    const idempotency = screen.getByRole('region', { name: 'Idempotency' });
    for (const text of ['Idempotency-Key', 'Idempotent-Replayed: true', '409 idempotency_key_reused', '409 idempotency_in_progress', '24 hours']) {
      expect(idempotency).toHaveTextContent(text);
    }

    const paging = screen.getByRole('region', { name: 'Pagination and sorting' });
    for (const text of ['limit', 'cursor', 'nextCursor', 'sort=-createdAt']) expect(paging).toHaveTextContent(text);

    // Every error code the API answers with is in the table, and nothing else.
    const table = within(screen.getByRole('region', { name: 'Errors' })).getByRole('table', { name: 'Error codes' });
    const codes = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell')[1]!.textContent);
    expect(new Set(codes)).toEqual(
      new Set(errorCodeSchema.options.filter((code) => code !== 'invalid_credentials' && code !== 'email_mismatch' && code !== 'email_not_verified')),
    );
  });

  it('lists every event a webhook endpoint may take, and explains headers, retries and the signature', () => {
    render(<GuidePage />);
    expect(WEBHOOK_EVENT_GROUPS.flatMap((g) => g.events).sort()).toEqual([...WEBHOOK_EVENTS].sort());
    const webhooks = screen.getByRole('region', { name: 'Webhooks' });
    const events = within(webhooks).getByRole('table', { name: 'Webhook events' });
    for (const event of WEBHOOK_EVENTS) expect(within(events).getByText(event)).toBeInTheDocument();
    for (const text of ['Switchboard-Signature', 'Switchboard-Event', 'Switchboard-Delivery', '10 seconds', '24 hours', 'five minutes', 'webhook.test']) {
      expect(webhooks).toHaveTextContent(text);
    }
    expect(within(webhooks).getByRole('region', { name: 'Node.js: verify-signature.mjs' })).toHaveTextContent('timingSafeEqual');
    expect(within(webhooks).getByRole('region', { name: 'Node.js: server.mjs, a complete receiver' })).toHaveTextContent('verifySignature(body');
  });

  it('shows the metrics example and where the OpenAPI document is, with this deployment’s address', () => {
    render(<GuidePage />);
    const metrics = screen.getByRole('region', { name: 'Sending metrics' });
    expect(within(metrics).getByRole('region', { name: 'curl: send metric points' })).toHaveTextContent('/metrics');
    expect(metrics).toHaveTextContent('metrics:write');
    expect(metrics).toHaveTextContent('1,000 points');
    const body = JSON.parse(METRICS_SH.match(/-d '([\s\S]*?)'/)![1]!) as { points: unknown[] };
    expect(body.points).toHaveLength(2);

    expect(screen.getByRole('region', { name: 'Shell: the variables the examples use' })).toHaveTextContent(`SWITCHBOARD_URL="${window.location.origin}"`);
    expect(shellSetup('https://sb.example.com')).toContain('export SWITCHBOARD_URL="https://sb.example.com"');
    const openapi = screen.getByRole('region', { name: 'The OpenAPI document' });
    expect(within(openapi).getByRole('link', { name: `${window.location.origin}/api/openapi.json` })).toHaveAttribute('href', '/api/openapi.json');
  });

  it('copies a code block exactly as shown', async () => {
    const user = userEvent.setup();
    render(<GuidePage />);
    await user.click(screen.getByRole('button', { name: 'Copy Node.js: verify-signature.mjs' }));
    expect(await navigator.clipboard.readText()).toBe(VERIFY_SIGNATURE_JS);
    expect(within(screen.getByRole('region', { name: 'Webhooks' })).getByText('Copied')).toBeInTheDocument();
  });
});
