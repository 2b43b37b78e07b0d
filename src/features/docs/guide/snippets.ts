// The code of the "Using the API" guide (/docs/guide), as plain strings so that the page shows them as they are
// and the tests run them: webhook-signature.test.ts imports VERIFY_SIGNATURE_JS and runs WEBHOOK_SERVER_JS
// against real signatures. Shell examples read the three variables set in SHELL_SETUP.

/** The variables every shell example uses; `origin` is this deployment's address. */
export const shellSetup = (origin: string) =>
  [
    `export SWITCHBOARD_URL="${origin}"`,
    `export SWITCHBOARD_WORKSPACE="<workspace id>"   # the id in the app's address: /w/<workspace id>/…`,
    `export SWITCHBOARD_API_KEY="sbk_…"             # from Settings → API keys`,
  ].join('\n');

export const FIRST_REQUEST_SH = `curl "$SWITCHBOARD_URL/api/workspaces/$SWITCHBOARD_WORKSPACE/customers?limit=5" \\
  -H "Authorization: Bearer $SWITCHBOARD_API_KEY"`;

export const RETRY_AFTER_JS = `// Waits as long as a 429 says (Retry-After, in seconds), then tries again.
async function request(url, options = {}, attempts = 5) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, {
      ...options,
      headers: { Authorization: \`Bearer \${process.env.SWITCHBOARD_API_KEY}\`, ...options.headers },
    });
    if (response.status !== 429 || attempt === attempts) return response;
    const seconds = Number(response.headers.get('Retry-After')) || 1;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}`;

export const IDEMPOTENT_POST_SH = `# One key per thing you mean to create: sending it again (after a timeout, say) creates nothing more.
KEY=$(uuidgen)
curl -i -X POST "$SWITCHBOARD_URL/api/workspaces/$SWITCHBOARD_WORKSPACE/customers" \\
  -H "Authorization: Bearer $SWITCHBOARD_API_KEY" \\
  -H "Content-Type: application/json" \\
  -H "Idempotency-Key: $KEY" \\
  -d '{"name":"Ada Lovelace","email":"ada@example.com"}'`;

export const PAGINATION_JS = `// Every customer, 100 at a time, oldest first.
const base = \`\${process.env.SWITCHBOARD_URL}/api/workspaces/\${process.env.SWITCHBOARD_WORKSPACE}\`;
const headers = { Authorization: \`Bearer \${process.env.SWITCHBOARD_API_KEY}\` };

const customers = [];
let cursor = null;
do {
  const params = new URLSearchParams({ limit: '100', sort: 'createdAt' });
  if (cursor) params.set('cursor', cursor);
  const response = await fetch(\`\${base}/customers?\${params}\`, { headers });
  if (!response.ok) throw new Error(\`\${response.status}: \${(await response.json()).error.message}\`);
  const page = await response.json();
  customers.push(...page.data);
  cursor = page.nextCursor;
} while (cursor);
console.log(customers.length, 'customers');`;

export const ERROR_EXAMPLE_JSON = `{
  "error": {
    "code": "validation_failed",
    "message": "Some fields are not valid",
    "details": [{ "path": "email", "message": "Enter a valid email address" }]
  }
}`;

export const WEBHOOK_BODY_JSON = `{
  "id": "evt_18342",
  "type": "order.created",
  "workspaceId": "<workspace id>",
  "createdAt": "2026-03-01T12:00:00.000Z",
  "data": { "order": { "id": "…", "number": 1042, "status": "pending", "total": 2598, "currency": "usd", … } }
}`;

export const WEBHOOK_HEADERS = `POST /your/endpoint HTTP/1.1
Content-Type: application/json
User-Agent: Switchboard-Webhooks/1
Switchboard-Event: order.created
Switchboard-Delivery: 5b0e2a4c-…        (this delivery's id, the same on every retry)
Switchboard-Signature: t=1772366400,v1=3f5c…e1a9`;

/** The check itself: a module of its own, so it is easy to lift into any Node.js service. */
export const VERIFY_SIGNATURE_JS = `// verify-signature.mjs: checks the Switchboard-Signature header of a webhook (Node.js 18+, no dependencies).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far the signature's time may be from now, in seconds: older deliveries replayed by someone are refused. */
export const TOLERANCE_SECONDS = 5 * 60;

/**
 * True when \`header\` signs \`rawBody\` (the request's body exactly as received, a Buffer or a string) with
 * \`secret\` (the endpoint's whole secret, whsec_…), at a time within five minutes of \`now\` (Unix seconds).
 */
export function verifySignature(rawBody, header, secret, now = Math.floor(Date.now() / 1000)) {
  const fields = new Map();
  for (const part of String(header ?? '').split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const t = fields.get('t');
  const v1 = fields.get('v1');
  if (!t || !/^\\d+$/.test(t) || !v1 || !/^[0-9a-f]{64}$/i.test(v1)) return false;
  if (Math.abs(now - Number(t)) > TOLERANCE_SECONDS) return false;
  // HMAC-SHA256 of "{t}.{body}", compared in constant time (both are 32 bytes here).
  const expected = createHmac('sha256', secret).update(\`\${t}.\`).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}`;

/** A whole receiver with Node's own http module, using the module above. */
export const WEBHOOK_SERVER_JS = `// server.mjs: receives Switchboard webhooks at POST /switchboard.
// Run: SWITCHBOARD_WEBHOOK_SECRET=whsec_… PORT=8080 node server.mjs
import { createServer } from 'node:http';
import { verifySignature } from './verify-signature.mjs';

const secret = process.env.SWITCHBOARD_WEBHOOK_SECRET;
if (!secret) throw new Error('Set SWITCHBOARD_WEBHOOK_SECRET to the endpoint’s signing secret (whsec_…)');
const handled = new Set(); // ids of events already handled (keep them in your database)

createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/switchboard') return res.writeHead(404).end();
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks); // the raw bytes: check them before parsing
    if (!verifySignature(body, req.headers['switchboard-signature'], secret)) return res.writeHead(400).end('Bad signature');
    const event = JSON.parse(body.toString('utf8'));
    res.writeHead(204).end(); // answer within 10 seconds; do slow work after answering
    if (handled.has(event.id)) return; // a retry of an event already handled
    handled.add(event.id);
    console.log(req.headers['switchboard-event'], event.id, JSON.stringify(event.data));
  });
}).listen(Number(process.env.PORT ?? 8080));`;

export const METRICS_SH = `curl -X POST "$SWITCHBOARD_URL/api/workspaces/$SWITCHBOARD_WORKSPACE/metrics" \\
  -H "Authorization: Bearer $SWITCHBOARD_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{
    "points": [
      { "name": "chatbot.latency_ms", "value": 420, "at": "2026-03-01T12:00:00Z", "dimensions": { "region": "eu" } },
      { "name": "chatbot.conversations", "value": 3, "at": "2026-03-01T12:00:00Z" }
    ]
  }'
# → 202 {"accepted":2}`;

export const SERIES_SH = `curl "$SWITCHBOARD_URL/api/workspaces/$SWITCHBOARD_WORKSPACE/metrics/series?name=chatbot.latency_ms&interval=day&agg=p95&tz=Europe/Berlin" \\
  -H "Authorization: Bearer $SWITCHBOARD_API_KEY"
# → {"points":[{"t":"2026-02-28T23:00:00.000Z","value":431.5}, …]}`;
