// /docs/guide: "Using the API", the how-to next to the generated reference (/docs). Public and text only (no
// Scalar, nothing heavy): authentication with API keys, rate limits, idempotency, pagination, errors, outbound
// webhooks with a signature check to copy, metrics ingestion, and where the OpenAPI document is. The code blocks
// are ../guide/snippets.ts, which the tests run.
import { useEffect, type ReactNode } from 'react';
import { CodeBlock } from '@/components/code-block';
import { DocsHeader, REFERENCE_PATH } from '../docs-header';
import { WEBHOOK_EVENT_GROUPS } from '../guide/events';
import {
  ERROR_EXAMPLE_JSON,
  FIRST_REQUEST_SH,
  IDEMPOTENT_POST_SH,
  METRICS_SH,
  PAGINATION_JS,
  RETRY_AFTER_JS,
  SERIES_SH,
  shellSetup,
  VERIFY_SIGNATURE_JS,
  WEBHOOK_BODY_JSON,
  WEBHOOK_HEADERS,
  WEBHOOK_SERVER_JS,
} from '../guide/snippets';
import { OPENAPI_URL } from '../scalar-configuration';

/** The guide's sections, in order: the table of contents and the tests read this. */
export const GUIDE_SECTIONS = [
  { id: 'getting-started', title: 'Getting started' },
  { id: 'authentication', title: 'Authentication with API keys' },
  { id: 'rate-limits', title: 'Rate limits' },
  { id: 'idempotency', title: 'Idempotency' },
  { id: 'pagination', title: 'Pagination and sorting' },
  { id: 'errors', title: 'Errors' },
  { id: 'webhooks', title: 'Webhooks' },
  { id: 'metrics', title: 'Sending metrics' },
  { id: 'openapi', title: 'The OpenAPI document' },
] as const;
type SectionId = (typeof GUIDE_SECTIONS)[number]['id'];

const ERROR_CODES: ReadonlyArray<[status: number, code: string, when: string]> = [
  [400, 'invalid_json', 'The body is not valid JSON.'],
  [401, 'unauthorized', 'No key or token, or one that is unknown, revoked or expired.'],
  [402, 'plan_limit', 'The workspace’s plan does not allow more (details name the limit).'],
  [403, 'forbidden', 'The key lacks the scope, or its role does not allow this; or the endpoint is for people only.'],
  [404, 'not_found', 'No such record, or it belongs to another workspace.'],
  [405, 'method_not_allowed', 'Known path, other method (see the Allow header).'],
  [409, 'conflict', 'A duplicate, or a change that would break a rule of the data.'],
  [409, 'invalid_transition', 'The record’s status does not allow this move (details list the allowed ones).'],
  [409, 'in_use', 'Other records still refer to it.'],
  [409, 'out_of_stock', 'Not enough stock for the change.'],
  [409, 'idempotency_key_reused', 'The Idempotency-Key was used with another body.'],
  [409, 'idempotency_in_progress', 'The first request with this Idempotency-Key is still running.'],
  [410, 'gone', 'A link that expired or was used.'],
  [413, 'payload_too_large', 'The body is over the limit.'],
  [415, 'unsupported_media_type', 'Send application/json (text/csv for imports).'],
  [422, 'validation_failed', 'Query or body values are not valid: details names each, by path.'],
  [429, 'rate_limited', 'Too many requests: wait Retry-After seconds.'],
  [500, 'internal_error', 'Something failed on the server; retry later.'],
  [503, 'unavailable', 'The database or a provider cannot be reached; retry later.'],
];

const RETRY_WAITS = ['30 seconds', '2 minutes', '8 minutes', '32 minutes', 'about 2 hours', 'about 8½ hours'];

function Section({ id, children }: { id: SectionId; children: ReactNode }) {
  const title = GUIDE_SECTIONS.find((s) => s.id === id)!.title;
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-16 space-y-3 border-t border-border pt-8">
      <h2 id={`${id}-title`} className="text-lg font-semibold tracking-tight">
        <a href={`#${id}`} className="rounded hover:underline">
          {title}
        </a>
      </h2>
      {children}
    </section>
  );
}

function H3({ children }: { children: ReactNode }) {
  return <h3 className="pt-2 text-sm font-semibold">{children}</h3>;
}

/** Inline code. */
function C({ children }: { children: ReactNode }) {
  return <code className="rounded bg-subtle px-1 py-0.5 font-mono text-[0.85em] break-words">{children}</code>;
}

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <div className="overflow-x-auto rounded-md border border-border">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-subtle text-xs text-muted">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {rows.map((cells, i) => (
            <tr key={i}>
              {cells.map((cell, j) => (
                <td key={j} className="px-3 py-2 align-top">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function GuidePage() {
  // The page renders after its chunk loads, so the browser's own jump to #section has passed: do it now.
  useEffect(() => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (id) document.getElementById(id)?.scrollIntoView();
  }, []);
  const origin = window.location.origin;

  return (
    <div className="min-h-screen bg-canvas text-fg">
      <title>Using the API · Switchboard</title>
      <DocsHeader current="guide" />
      <div className="mx-auto flex max-w-6xl gap-10 px-4 py-8 sm:px-6">
        <nav aria-label="On this page" className="sticky top-16 hidden h-fit w-52 shrink-0 lg:block">
          <p className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">On this page</p>
          <ol className="space-y-1 text-sm">
            {GUIDE_SECTIONS.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`} className="block rounded px-2 py-1 text-muted hover:bg-subtle hover:text-fg">
                  {s.title}
                </a>
              </li>
            ))}
          </ol>
        </nav>

        <main className="min-w-0 flex-1 space-y-8 text-sm leading-relaxed">
          <header className="space-y-2">
            <h1 className="text-2xl font-semibold tracking-tight">Using the API</h1>
            <p className="text-base text-muted">
              How your own scripts and services talk to Switchboard: the same HTTP API the app itself uses, JSON in and out. The{' '}
              <a href={REFERENCE_PATH} className="text-accent underline underline-offset-2">
                API reference
              </a>{' '}
              lists every endpoint with its fields; this page explains what holds across all of them.
            </p>
          </header>

          <Section id="getting-started">
            <p>
              Every endpoint is under <C>{origin}/api</C>. A workspace&rsquo;s data is under <C>/api/workspaces/{'{workspace id}'}/…</C>: the id is the one in
              the app&rsquo;s address when the workspace is open (<C>/w/{'{workspace id}'}/…</C>). The examples below read three shell variables:
            </p>
            <CodeBlock label="Shell: the variables the examples use" code={shellSetup(origin)} />
            <p>With those set, this lists five customers:</p>
            <CodeBlock label="curl: a first request" code={FIRST_REQUEST_SH} />
            <p>
              Times are ISO 8601 in UTC, ids are UUIDs, and money is an integer in minor units with a lower-case currency (
              <C>{'{ "amount": 1299, "currency": "usd" }'}</C>).
            </p>
          </Section>

          <Section id="authentication">
            <p>
              A script authenticates with an <strong>API key</strong>. An admin or owner creates one in <strong>Settings → API keys</strong>: it is shown once,
              in full, right after it is created (Switchboard keeps only a fingerprint of it), so copy it into your script&rsquo;s secrets then. Send it on
              every request:
            </p>
            <CodeBlock label="HTTP header" code="Authorization: Bearer sbk_…" />
            <p>Each key is limited to the scopes chosen when it was created:</p>
            <Table
              caption="API key scopes"
              head={['Scope', 'Allows']}
              rows={[
                [<C key="s">read</C>, 'GET requests: lists, records, CSV exports, metric series.'],
                [<C key="s">write</C>, 'POST, PUT, PATCH and DELETE: creating, changing and deleting records, imports.'],
                [
                  <C key="s">metrics:write</C>,
                  <>
                    Sending metric points (<C>POST …/metrics</C>, below), and nothing else.
                  </>,
                ],
              ]}
            />
            <ul className="list-disc space-y-1 pl-5">
              <li>
                A key <strong>acts for the member who created it</strong>, with that member&rsquo;s current role <strong>capped at admin</strong>: an
                owner&rsquo;s key can do what an admin can, and if its creator is later made an agent, the key can do only what an agent can. The activity log
                shows its changes as that member&rsquo;s, followed by <C>(with the API key “Nightly export”)</C>.
              </li>
              <li>
                A key works in <strong>its own workspace only</strong>. Managing API keys, webhook endpoints and your account is for people signed in to the
                app: keys get <C>403 forbidden</C> there.
              </li>
              <li>
                <strong>Revoking</strong> a key (Settings → API keys → Revoke) takes effect at once: its next request gets <C>401 unauthorized</C>. A key also
                stops working when the member who created it leaves the workspace.
              </li>
              <li>
                A request outside the key&rsquo;s scopes gets <C>403 forbidden</C> naming the missing scope; so does one the creator&rsquo;s role does not
                allow.
              </li>
            </ul>
          </Section>

          <Section id="rate-limits">
            <p>
              Each API key may make <strong>600 requests a minute</strong> (counted per clock minute, across all endpoints; a deployment may set another
              figure). Past that, requests get <C>429 rate_limited</C> with a <C>Retry-After</C> header: the number of seconds until the count starts again.
              Keys do not share their allowance, so give each script its own key. Sign-in and public endpoints have limits of their own, per address.
            </p>
            <CodeBlock label="JavaScript: retry after a 429" code={RETRY_AFTER_JS} />
          </Section>

          <Section id="idempotency">
            <p>
              A network failure can leave you unsure whether a create went through. The endpoints that create something (customers, conversations, messages,
              products, orders, forms, refunds, record types and their imports, stock movements, metric batches: the reference lists an <C>Idempotency-Key</C>{' '}
              header on each) let you send it again safely: pass an <C>Idempotency-Key</C> header (1–255 printable characters, a UUID is ideal).
            </p>
            <ul className="list-disc space-y-1 pl-5">
              <li>
                The same key with the same body, within 24 hours, returns the first answer (same status and body) with the header{' '}
                <C>Idempotent-Replayed: true</C>, and changes nothing.
              </li>
              <li>
                The same key with another body: <C>409 idempotency_key_reused</C>.
              </li>
              <li>
                The same key while the first request is still running: <C>409 idempotency_in_progress</C>; try again a moment later.
              </li>
              <li>Keys are per workspace and per caller (each API key has its own), so two scripts cannot collide.</li>
            </ul>
            <CodeBlock label="curl: an idempotent create" code={IDEMPOTENT_POST_SH} />
          </Section>

          <Section id="pagination">
            <p>
              Lists answer <C>{'{ "data": [ … ], "nextCursor": "…" | null }'}</C>. Ask for up to <C>limit</C> items (1–100, default 25); while <C>nextCursor</C>{' '}
              is not null, pass it back as <C>cursor</C> for the next page. A cursor is opaque: do not build or change one (a malformed one gets <C>422</C>).
            </p>
            <p>
              Lists that can be ordered take <C>sort</C>: a field name for ascending order, with <C>-</C> in front for descending (<C>sort=-createdAt</C>
              ). The reference names each list&rsquo;s sortable fields. A cursor holds its sort, so keep <C>sort</C> and the filters the same while paging.
            </p>
            <CodeBlock label="JavaScript: read every page" code={PAGINATION_JS} />
          </Section>

          <Section id="errors">
            <p>
              Every error has the same shape: a machine-readable <C>code</C>, a sentence for people in <C>message</C>, and for invalid input <C>details</C>, one
              entry per problem with the <C>path</C> of the field.
            </p>
            <CodeBlock label="JSON: an error" code={ERROR_EXAMPLE_JSON} />
            <Table
              caption="Error codes"
              head={['Status', 'Code', 'When']}
              rows={ERROR_CODES.map(([status, code, when]) => [status, <C key="c">{code}</C>, when])}
            />
            <p>
              Decide on <C>code</C>, not on <C>message</C> (whose wording may change). <C>5xx</C> answers and <C>429</C> are worth retrying with a pause; other{' '}
              <C>4xx</C> answers will not change by themselves.
            </p>
          </Section>

          <Section id="webhooks">
            <p>
              Webhooks tell your service what happened as it happens. An admin adds an endpoint in <strong>Settings → Webhooks</strong> (a URL, and the events
              it takes): its signing secret, <C>whsec_…</C>, is shown that once, so store it with your receiver. (Endpoints are managed by people signed in to
              the app; API keys cannot create or change them.) From then on, each event is POSTed to the URL as JSON:
            </p>
            <CodeBlock label="JSON: a webhook body" code={WEBHOOK_BODY_JSON} />
            <CodeBlock label="HTTP: the headers of a delivery" code={WEBHOOK_HEADERS} />
            <H3>Events</H3>
            <p>
              An endpoint takes the events it names, or <C>*</C> for all of them (including events added later). <C>data</C> is what the app itself receives for
              that event, e.g. <C>{'{ "order": { … } }'}</C> for <C>order.created</C>. <strong>Send test</strong> on the endpoint sends a <C>webhook.test</C>{' '}
              event.
            </p>
            <Table
              caption="Webhook events"
              head={['Area', 'Events']}
              rows={WEBHOOK_EVENT_GROUPS.map(({ area, events }) => [
                area,
                <span key="e" className="flex flex-wrap gap-1">
                  {events.map((event) => (
                    <C key={event}>{event}</C>
                  ))}
                </span>,
              ])}
            />
            <H3>Answering and retries</H3>
            <ul className="list-disc space-y-1 pl-5">
              <li>
                Answer with any <C>2xx</C> status within <strong>10 seconds</strong>; do slow work after answering. Redirects are not followed.
              </li>
              <li>
                Anything else is retried with growing waits, at the earliest after {RETRY_WAITS.join(', ')}, and a last time 24 hours after the event; then the
                delivery is marked failed. A retry that has fallen due goes out with the workspace&rsquo;s next event, or with the daily maintenance run. The
                endpoint&rsquo;s page in Settings → Webhooks logs every delivery, with each attempt and your answers, and can retry one by hand.
              </li>
              <li>
                A retry sends the same body, so the same <C>id</C> (also <C>Switchboard-Delivery</C>): handle each event id once. Deliveries are not guaranteed
                to arrive in order; use <C>createdAt</C> and the record&rsquo;s own <C>updatedAt</C>.
              </li>
            </ul>
            <H3>Verifying the signature</H3>
            <p>
              Check every delivery before trusting it. <C>Switchboard-Signature</C> is <C>{'t={unix seconds},v1={signature}'}</C>, where the signature is the
              hex HMAC-SHA256 of <C>{'{t}.{body}'}</C> keyed with the endpoint&rsquo;s whole secret (<C>whsec_</C> included), over the body{' '}
              <strong>exactly as received</strong> (verify before parsing JSON: re-serialising changes the bytes). Compare in constant time, and refuse a{' '}
              <C>t</C> more than five minutes from your clock, so that a recorded delivery cannot be replayed later. Each attempt is signed afresh.
            </p>
            <CodeBlock label="Node.js: verify-signature.mjs" code={VERIFY_SIGNATURE_JS} />
            <CodeBlock label="Node.js: server.mjs, a complete receiver" code={WEBHOOK_SERVER_JS} />
            <p>
              With Express, give the webhook route <C>{"express.raw({ type: 'application/json' })"}</C> so that <C>req.body</C> is the raw Buffer to verify.
            </p>
          </Section>

          <Section id="metrics">
            <p>
              Services you run (a chatbot, a voice line, a batch job) can send their own figures to Switchboard and chart them on dashboards next to the
              built-in ones. Use a key with the <C>metrics:write</C> scope:
            </p>
            <CodeBlock label="curl: send metric points" code={METRICS_SH} />
            <ul className="list-disc space-y-1 pl-5">
              <li>
                Up to <strong>1,000 points</strong> per request. A point is <C>name</C> (a–z, 0–9, <C>_</C> and <C>.</C>, starting with a letter), <C>value</C>{' '}
                (a number), and optionally <C>at</C> (ISO 8601, default now, at most five minutes ahead), <C>serviceId</C> and up to ten string{' '}
                <C>dimensions</C>.
              </li>
              <li>
                Sending a batch twice is harmless: a point with the same name, service, dimensions and <C>at</C> replaces the earlier one. An{' '}
                <C>Idempotency-Key</C> is honoured too.
              </li>
              <li>
                Built-in names (<C>conversations.created</C>, <C>orders.revenue</C>, …) are computed from the app&rsquo;s data and cannot be sent.
              </li>
            </ul>
            <p>
              Read a series back (a key with <C>read</C>) in hour, day or week buckets of your time zone, as <C>sum</C>, <C>avg</C>, <C>count</C>, <C>min</C>,{' '}
              <C>max</C>, <C>p50</C> or <C>p95</C>:
            </p>
            <CodeBlock label="curl: read a series" code={SERIES_SH} />
          </Section>

          <Section id="openapi">
            <p>
              The whole API is described by an OpenAPI 3.1 document generated from the same contracts the server checks every request against:{' '}
              <a href={OPENAPI_URL} className="text-accent underline underline-offset-2">
                <C>{`${origin}${OPENAPI_URL}`}</C>
              </a>
              . Load it into your HTTP client, or generate a typed client from it. The{' '}
              <a href={REFERENCE_PATH} className="text-accent underline underline-offset-2">
                API reference
              </a>{' '}
              is the same document, readable.
            </p>
          </Section>
        </main>
      </div>
    </div>
  );
}
