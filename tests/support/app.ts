// Starts the app for one API test file: its own database (a copy of the migrated template), a local Pusher
// server, a mail catcher (SMTP_URL; read what was sent with `app.mail.waitFor(…)`), and the local runtime
// serving api/ over HTTP on an ephemeral port, exactly as `npm run dev` does.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../db/client.js';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher.js';
import { startPusherServer, type PusherServer } from '../../dev/pusher-server.js';
import { LOCAL_STRIPE, startStripeServer, type StripeServer } from '../../dev/stripe-server.js';
import { startLocalRuntime } from '../../dev/server.js';
import { adminUrl } from './postgres.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const PUSHER = { appId: 'test-app', key: 'test-key', secret: 'test-secret' };

export interface TestApp {
  url: string;
  database: Database;
  pusher: PusherServer;
  /** The SMTP catcher SMTP_URL points at (also served at the app's /_dev/mail). */
  mail: MailCatcher;
  /** The Stripe stand-in STRIPE_API_URL points at; its webhooks go to this app's /api/webhooks/stripe. */
  stripe: StripeServer;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Sell the pro plan (STRIPE_PRO_PRICE_ID): free workspaces are then limited to their seats. Default off. */
  billing?: boolean;
}

export async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const template = inject('dbTemplate');
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (baseUrl) {
    const name = `switchboard_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: adminUrl(baseUrl) });
    await admin.connect();
    await admin.query(`create database "${name}" template "${template}"`);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString() }, { migrate: false });
    return {
      database,
      drop: async () => {
        await admin.query(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-test-'));
  const dataDir = path.join(dir, 'pglite');
  cpSync(template, dataDir, { recursive: true });
  const database = await openDatabase({ kind: 'pglite', dataDir }, { migrate: false });
  return { database, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const [pusher, mail, stripe] = await Promise.all([
    startPusherServer({ ...PUSHER, port: 0 }),
    startMailCatcher({ port: 0, httpPort: 0 }),
    startStripeServer({ port: 0, retryDelaysMs: [200, 400, 800, 1600] }),
  ]);
  // Before anything reads the server environment: serverEnv() keeps what it read first.
  Object.assign(process.env, {
    SMTP_URL: mail.smtpUrl,
    DEV_MAIL_URL: mail.httpUrl,
    PUSHER_APP_ID: PUSHER.appId,
    PUSHER_KEY: PUSHER.key,
    PUSHER_SECRET: PUSHER.secret,
    PUSHER_HOST: '127.0.0.1',
    PUSHER_PORT: String(pusher.port),
    // One proxy hop is trusted, so each test request's own X-Forwarded-For (tests/support/http.ts) is its address.
    TRUST_PROXY: '1',
    STRIPE_SECRET_KEY: LOCAL_STRIPE.secretKey,
    STRIPE_WEBHOOK_SECRET: LOCAL_STRIPE.webhookSecret,
    STRIPE_API_URL: stripe.url,
    ...(options.billing ? { STRIPE_PRO_PRICE_ID: LOCAL_STRIPE.proPriceId } : {}),
  });
  if (!options.billing) delete process.env.STRIPE_PRO_PRICE_ID;
  const { database, drop } = await openTestDatabase();
  const { useDatabase } = await import('../../api/_lib/db.js');
  useDatabase(database);
  const runtime = await startLocalRuntime({ root: ROOT, spa: 'api', host: '127.0.0.1', port: 0 });
  stripe.setWebhookUrl(`${runtime.url}/api/webhooks/stripe`);
  return {
    url: runtime.url,
    database,
    pusher,
    mail,
    stripe,
    async close() {
      await runtime.close();
      await database.close();
      await drop();
      await pusher.close();
      await mail.close();
      await stripe.close();
    },
  };
}
