// Attempts of outbound webhook deliveries. A delivery is made with its event, in the write's transaction (the
// outbox trigger of migration 0012); this module sends it. An attempt first claims the delivery with a lease
// (`attempting_until`, past the attempt's timeout) in one UPDATE, so two sweepers, or a sweeper and a manual
// retry, never send the same attempt twice; then POSTs the fixed body, signed, to the endpoint's URL (the
// address checked again, targets.ts); then records the attempt and the delivery's next state in one statement.
// A 2xx answer succeeds; anything else is retried after base × 4^(n-1) (n: attempts so far, base
// WEBHOOKS_RETRY_BASE_SECONDS), the last retry at 24 hours after the event, and a failure then gives it up.
//
// Who attempts: the outbox dispatch after the write's response (its events' workspaces' due deliveries, so
// retries due in a busy workspace go out with its next event), the daily cron and the local runtime's timer
// (sweepWebhookDeliveries), and people (retry, test).
import { createHmac } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import http from 'node:http';
import https from 'node:https';
import { sql, type SQL } from 'drizzle-orm';
import {
  WEBHOOK_RETRY_WINDOW_HOURS,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMEOUT_SECONDS,
  type WebhookAttempt,
  type WebhookDelivery,
} from '../../../contracts/outbound-webhooks.js';
import { rowsOf, type Db } from '../../../db/client.js';
import { serverEnv } from '../env.js';
import { resolveTarget, TargetRefused } from './targets.js';

export const USER_AGENT = 'Switchboard-Webhooks/1';
/** How long a claim holds a delivery: past the attempt's timeout, so a claim dies with a stopped function. */
const LEASE_SECONDS = WEBHOOK_TIMEOUT_SECONDS * 6;
/** How much of the receiver's answer is kept. */
const RESPONSE_EXCERPT_BYTES = 2048;
/** Attempts in flight at once. */
const CONCURRENCY = 8;
/** Finished deliveries (and their attempts) are deleted after this many days. */
const KEEP_DAYS = 30;
/** Attempts shown with a delivery. */
const ATTEMPTS_SHOWN = 20;

/** `t={unix seconds},v1={hex HMAC-SHA256 of "t.body" keyed with the endpoint's whole secret}`. */
export function signatureHeader(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What every attempt of a delivery sends besides its signature. */
export const requestHeaders = (delivery: { id: string; event: string }): Record<string, string> => ({
  'Content-Type': 'application/json',
  'User-Agent': USER_AGENT,
  'Switchboard-Event': delivery.event,
  'Switchboard-Delivery': delivery.id,
});

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (column: string) => `to_char(${column} at time zone 'UTC', ${ISO})`;

/** A delivery as the API shows it, selected from `d` (webhook_deliveries), its newest attempts included. */
export const DELIVERY_COLUMNS = `d.id, d.endpoint_id as "endpointId", d.event_id::text as "eventId", d.event, d.status, d.attempts as "attemptCount",
  d.last_status_code as "lastStatusCode", d.last_error as "lastError", d.body, ${iso('d.created_at')} as "createdAt",
  ${iso('d.delivered_at')} as "deliveredAt", ${iso('d.next_attempt_at')} as "nextAttemptAt",
  (select coalesce(json_agg(json_build_object('statusCode', a.status_code, 'error', a.error, 'durationMs', a.duration_ms,
      'at', ${iso('a.at')}, 'responseBody', a.response_body) order by a.id), '[]'::json)
   from (select * from webhook_attempts wa where wa.delivery_id = d.id order by wa.id desc limit ${ATTEMPTS_SHOWN}) a) as "attemptLog"`;

export type DeliveryRow = {
  id: string;
  endpointId: string;
  eventId: string;
  event: string;
  status: WebhookDelivery['status'];
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  body: string;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  attemptLog: WebhookAttempt[];
};

export const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  endpointId: r.endpointId,
  eventId: `evt_${r.eventId}`,
  event: r.event,
  status: r.status,
  attemptCount: Number(r.attemptCount),
  lastStatusCode: r.lastStatusCode,
  lastError: r.lastError,
  createdAt: r.createdAt,
  deliveredAt: r.deliveredAt,
  nextAttemptAt: r.nextAttemptAt,
  request: { headers: requestHeaders(r), body: r.body },
  attempts: r.attemptLog,
});

/** A delivery claimed for one attempt, with where it goes and the key it is signed with. */
export interface Claimed {
  id: string;
  event: string;
  body: string;
  url: string;
  secret: string;
}

export interface Outcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
  durationMs: number;
}

/** Text Postgres can store (no NUL), at most `max` characters. */
const storable = (text: string, max = 2000) => text.replaceAll('\u0000', '').slice(0, max);

/** Why a request failed, in a few words. */
function failureOf(err: unknown): string {
  if (err instanceof TargetRefused) return err.message;
  const { name, code, message } = err as { name?: string; code?: string; message?: string };
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'ABORT_ERR') return `No answer within ${WEBHOOK_TIMEOUT_SECONDS} s`;
  return [code, message].filter(Boolean).join(': ') || String(err);
}

/**
 * POSTs one attempt: resolves the host and checks every address (unless private targets are allowed), then
 * connects only to those addresses. Never follows redirects; keeps the first 2 KB of the answer. Never throws.
 */
export async function send(target: Claimed): Promise<Outcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const url = new URL(target.url);
    const addresses = await resolveTarget(url, serverEnv().webhooks.allowPrivateTargets);
    const [first] = addresses;
    // The connection goes to the addresses just checked, whatever DNS would answer now.
    const lookup: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, addresses);
      else callback(null, first!.address, first!.family);
    };
    const headers = { ...requestHeaders(target), [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(target.secret, target.body) };
    const { statusCode, excerpt } = await new Promise<{ statusCode: number; excerpt: string }>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'Content-Length': String(Buffer.byteLength(target.body)) },
          lookup,
          agent: false,
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_SECONDS * 1000),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const done = () =>
            resolve({ statusCode: response.statusCode ?? 0, excerpt: Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8') });
          response.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            size += chunk.length;
            if (size >= RESPONSE_EXCERPT_BYTES) {
              done();
              response.destroy();
            }
          });
          response.on('end', done);
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(target.body);
    });
    const ok = statusCode >= 200 && statusCode < 300;
    const error = ok ? null : `The endpoint answered ${statusCode}${statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed)' : ''}`;
    return { ok, statusCode, error, responseBody: storable(excerpt, RESPONSE_EXCERPT_BYTES), durationMs: elapsed() };
  } catch (err) {
    return { ok: false, statusCode: null, error: storable(failureOf(err), 500), responseBody: null, durationMs: elapsed() };
  }
}

/** The end of a claim made now. */
export const lease = sql`now() + make_interval(secs => ${LEASE_SECONDS})`;
const deadline = (column: SQL) => sql`${column} + make_interval(hours => ${WEBHOOK_RETRY_WINDOW_HOURS})`;

/**
 * Records an attempt and the delivery's next state in one statement. `schedule`: a failure of a pending
 * delivery is retried later (false for a test event, which is sent once). A delivery that already succeeded
 * or was given up keeps its status when a manual attempt fails. Answers the delivery, this attempt included.
 */
export async function recordAttempt(db: Db, deliveryId: string, outcome: Outcome, schedule = true): Promise<WebhookDelivery | null> {
  const base = serverEnv().webhooks.retryBaseSeconds;
  const ok = sql`${outcome.ok}::boolean`;
  const pastDeadline = sql`now() >= ${deadline(sql`d.created_at`)}`;
  const rows = await rowsOf<DeliveryRow & { attemptAt: string }>(
    db,
    sql`with attempt as (
      insert into webhook_attempts (delivery_id, status_code, error, response_body, duration_ms, at)
      select ${deliveryId}, ${outcome.statusCode}, ${outcome.error}, ${outcome.responseBody}, ${outcome.durationMs},
        now() - make_interval(secs => ${outcome.durationMs / 1000})
      where exists (select 1 from webhook_deliveries where id = ${deliveryId})
      returning ${sql.raw(iso('at'))} as at
    )
    update webhook_deliveries d set
      attempts = d.attempts + 1,
      attempting_until = null,
      last_status_code = ${outcome.statusCode},
      last_error = ${outcome.error},
      status = case when ${ok} then 'succeeded' when d.status <> 'pending' then d.status
        when not ${schedule}::boolean or ${pastDeadline} then 'failed' else 'pending' end,
      delivered_at = case when ${ok} then now() else d.delivered_at end,
      next_attempt_at = case when ${ok} or d.status <> 'pending' or not ${schedule}::boolean or ${pastDeadline} then null
        else least(now() + make_interval(secs => ${base}::double precision * power(4, least(d.attempts, 20))), ${deadline(sql`d.created_at`)}) end
    where d.id = ${deliveryId}
    returning ${sql.raw(DELIVERY_COLUMNS)}, (select at from attempt) as "attemptAt"`,
  );
  const row = rows[0];
  if (!row) return null; // deleted with its endpoint meanwhile
  const attempt: WebhookAttempt = {
    statusCode: outcome.statusCode,
    error: outcome.error,
    durationMs: outcome.durationMs,
    at: row.attemptAt,
    responseBody: outcome.responseBody,
  };
  return toDelivery({
    ...row,
    attemptCount: Number(row.attemptCount),
    lastStatusCode: outcome.statusCode,
    lastError: outcome.error,
    attemptLog: [...row.attemptLog, attempt].slice(-ATTEMPTS_SHOWN),
  });
}

/** Sends a claimed delivery and records the attempt; a failure to record is logged (the lease then expires). */
export async function attempt(db: Db, claimed: Claimed, schedule = true): Promise<{ outcome: Outcome; delivery: WebhookDelivery | null }> {
  const outcome = await send(claimed);
  try {
    return { outcome, delivery: await recordAttempt(db, claimed.id, outcome, schedule) };
  } catch (err) {
    console.error(`[webhooks] recording an attempt of delivery ${claimed.id} failed: ${(err as Error).message}`);
    return { outcome, delivery: null };
  }
}

/**
 * Claims due deliveries of active endpoints (of these workspaces, or all), oldest due first: one UPDATE that
 * sets their lease, skipping rows another claim holds locked, so concurrent sweeps share the work.
 */
export async function claimDue(db: Db, options: { workspaceIds?: string[]; limit: number }): Promise<Claimed[]> {
  const { workspaceIds, limit } = options;
  if (workspaceIds && workspaceIds.length === 0) return [];
  const inWorkspaces = workspaceIds
    ? sql`and w.workspace_id in (${sql.join(
        workspaceIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  return rowsOf<Claimed>(
    db,
    sql`update webhook_deliveries d set attempting_until = ${lease}
    from webhook_endpoints e
    where e.id = d.endpoint_id and d.id in (
      select w.id from webhook_deliveries w join webhook_endpoints we on we.id = w.endpoint_id and we.active
      where w.status = 'pending' and w.next_attempt_at <= now() and (w.attempting_until is null or w.attempting_until < now()) ${inWorkspaces}
      order by w.next_attempt_at limit ${limit}
      for update of w skip locked
    )
    returning d.id, d.event, d.body, e.url, e.secret`,
  );
}

export interface AttemptCounts {
  attempted: number;
  succeeded: number;
  failed: number;
}

/** Attempts claimed deliveries, a few at a time. */
async function attemptAll(db: Db, claimed: Claimed[]): Promise<AttemptCounts> {
  const counts: AttemptCounts = { attempted: 0, succeeded: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const { outcome } = await attempt(db, claimed[next++]!);
      counts.attempted++;
      if (outcome.ok) counts.succeeded++;
      else counts.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
  return counts;
}

/** After a write's events are dispatched: attempts the due deliveries of their workspaces (new ones and retries). */
export async function attemptDueDeliveries(db: Db, workspaceIds: string[], limit = 50): Promise<AttemptCounts> {
  return attemptAll(db, await claimDue(db, { workspaceIds, limit }));
}

export interface SweepResult extends AttemptCounts {
  /** Pending deliveries of endpoints turned off, given up once their 24 hours passed. */
  givenUp: number;
  /** Finished deliveries past retention. */
  deleted: number;
}

/**
 * Every due delivery of every workspace, in batches, until none is due or the time budget is spent (what is left
 * waits for the next sweep); then gives up deliveries of endpoints turned off once their window has passed, and
 * deletes finished deliveries after 30 days. For the daily cron and the local runtime's timer.
 */
export async function sweepWebhookDeliveries(db: Db, options: { budgetMs?: number; batchSize?: number } = {}): Promise<SweepResult> {
  const { budgetMs = 25_000, batchSize = 50 } = options;
  const until = Date.now() + budgetMs;
  const total: AttemptCounts = { attempted: 0, succeeded: 0, failed: 0 };
  while (Date.now() < until) {
    const claimed = await claimDue(db, { limit: batchSize });
    if (claimed.length === 0) break;
    const counts = await attemptAll(db, claimed);
    total.attempted += counts.attempted;
    total.succeeded += counts.succeeded;
    total.failed += counts.failed;
  }
  const givenUp = await rowsOf<{ id: string }>(
    db,
    sql`update webhook_deliveries d set status = 'failed', next_attempt_at = null, last_error = coalesce(d.last_error || '; ', '') || 'the endpoint is turned off'
    from webhook_endpoints e
    where e.id = d.endpoint_id and not e.active and d.status = 'pending' and now() >= ${deadline(sql`d.created_at`)}
    returning d.id`,
  );
  const deleted = await rowsOf<{ id: string }>(
    db,
    sql`delete from webhook_deliveries where status <> 'pending' and created_at < now() - make_interval(days => ${KEEP_DAYS}) returning id`,
  );
  return { ...total, givenUp: givenUp.length, deleted: deleted.length };
}
