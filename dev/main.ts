// `npm run dev`: the whole app on one origin with no accounts anywhere. Starts the local stand-ins for the
// cloud services (dev/services.ts: the embedded database, created, migrated and seeded with the demo
// workspace on first start and served over the Postgres wire protocol; the Pusher-protocol server), or uses
// those of a running `npm run services`, then serves SPA + API on 127.0.0.1 (HOST to choose another
// interface). Functions reach the services through the same variables that `vercel dev`'s function processes
// get from `.env.local`. A database named by DATABASE_URL is used as it is: never migrated or seeded here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { DatabaseConfigError, openDatabase, parseDatabaseUrl, type Database, type DatabaseTarget } from '../db/client.js';
import { DEMO_PASSWORD, DEMO_USERS, hasDemoData } from '../db/seed.js';
import { loadServerEnv } from '../api/_lib/env.js';
import { findRunningServices, startServices, type Services } from './services.js';
import { startLocalRuntime, type LocalRuntime } from './server.js';

const started = Date.now();
const root = path.resolve(import.meta.dirname, '..');
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));

/** A start-up problem the developer fixes in the environment: reported as its one line, without a stack. */
class StartError extends Error {}

let services: Services | undefined;
let database: Database | undefined;
let widgetDemo: import('./widget-demo.js').WidgetDemo | undefined;

/** Where a database URL points, without its credentials: host and port, and the database's name. */
function whereOf(target: DatabaseTarget): { server: string; database: string } {
  if (target.kind === 'pglite') {
    const where = target.dataDir ? path.relative(root, target.dataDir) || target.dataDir : 'memory';
    return { server: where, database: where };
  }
  const url = new URL(target.url);
  const server = `${url.hostname}:${url.port || 5432}`;
  return { server, database: `${server}${url.pathname.length > 1 ? url.pathname : ''}` };
}

/** Why a connection failed, in a few words: the system's error code, else the server's message. */
function reasonOf(err: unknown): string {
  let message: string | undefined;
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    const { code, errors, cause } = e as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    message ||= (e as Error).message;
    e = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return (message || String(err)).replace(/\s+/g, ' ').trim();
}

/** Opens the database and checks that it answers and holds Switchboard's tables. */
async function connect(target: DatabaseTarget): Promise<Database> {
  const where = whereOf(target);
  let tables: boolean;
  try {
    database = await openDatabase(target, { migrate: false });
    const answered = database.ping();
    await Promise.race([answered, new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 10 s')), 10_000).unref())]);
    const result = await database.db.execute(sql`select to_regclass('public.users')::text as users`);
    const rows = ((result as { rows?: unknown[] }).rows ?? result) as { users: string | null }[];
    tables = Boolean(rows[0]?.users);
  } catch (err) {
    throw new StartError(`DATABASE_URL: cannot connect to ${where.server} (${reasonOf(err)})`);
  }
  if (!tables) throw new StartError(`DATABASE_URL: ${where.database} has no Switchboard tables yet; apply the migrations with \`npm run db:migrate\``);
  return database;
}

async function start(): Promise<{ runtime: LocalRuntime; db: Database }> {
  let configured: DatabaseTarget;
  try {
    configured = parseDatabaseUrl(process.env.DATABASE_URL);
  } catch (err) {
    throw err instanceof DatabaseConfigError ? new StartError(err.message) : err;
  }
  try {
    loadServerEnv(process.env); // JWT_SECRET and the rest: a wrong variable is reported now, not at the first request
  } catch (err) {
    throw new StartError((err as Error).message);
  }

  // Load the runtime's heaviest modules while the services start (they do not depend on each other).
  const warming = Promise.all([import('vite'), import('pg'), import('drizzle-orm/node-postgres')]).catch(() => {});

  // A database of the developer's own must answer before anything starts. It is used as it is.
  if (configured.kind !== 'pglite') await connect(configured);

  // A throwaway run (memory://, as the browser tests use, or PORT=0, any free port): the stand-ins take free
  // ports too, and `.env.local` is left alone.
  const throwaway = (configured.kind === 'pglite' && !configured.dataDir) || process.env.PORT === '0';
  let lines: string[];
  const other = await findRunningServices(process.env);
  if (other) {
    Object.assign(process.env, other.env);
    lines = [`services   those of \`npm run services\` (process ${other.pid})`];
  } else {
    try {
      services = await startServices({ ports: throwaway ? 'ephemeral' : 'fixed', envFile: throwaway ? null : path.join(root, '.env.local'), lock: true });
    } catch (err) {
      throw new StartError(`[dev] could not start the local services: ${(err as Error).message}`);
    }
    Object.assign(process.env, services.env);
    lines = [...services.running.map((s) => `${s.name.padEnd(9)}  ${s.summary}`), ...services.skipped.map((s) => `${s.name.padEnd(9)}  ${s.reason}`)];
  }

  await warming;
  // The embedded database (the stand-in's, or that of `npm run services`) is reached over DATABASE_URL now.
  const db = database ?? (await connect(parseDatabaseUrl(process.env.DATABASE_URL)));
  // The stand-in seeds the embedded database; any other gets demo data only when asked.
  const demo = await hasDemoData(db.db);
  if (demo) lines.push(`sign in    ${DEMO_USERS[0].email} / ${DEMO_PASSWORD}`);
  else if (configured.kind !== 'pglite') lines.push('demo data  none here (npm run dev seeds only its embedded database); `npm run db:seed -- --demo` adds it');
  const { useDatabase } = await import('../api/_lib/db.js');
  useDatabase(db);

  // Loopback only, unless HOST names another interface (HOST=0.0.0.0: reachable from other devices too).
  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT ?? 3000);
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime({ root, spa: 'vite', host, port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartError(`PORT: ${port} is in use on ${host}; stop what holds it or set PORT to another port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new StartError(`HOST: cannot listen on ${host} (${code})`);
    throw err;
  }
  const wildcard = host === '0.0.0.0' || host === '::';
  if (!/^(127\.|::1$|localhost$)/.test(host)) {
    lines.push(`network    HOST=${host}: other machines can reach this app${demo ? ', and the demo accounts’ password is published' : ''}`);
  }
  const url = `http://${wildcard ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${runtime.port}`;
  // Links in the mail the app sends (invitations, password resets) lead to this origin unless APP_URL names one.
  process.env.APP_URL ||= url;
  // Events a previous run recorded but could not dispatch (e.g. stopped mid-request) go out now, as the daily
  // cron does in production.
  const { sweepOutbox } = await import('../api/_lib/events/outbox.js');
  void sweepOutbox(db.db, { olderThanSeconds: 0 })
    .then((swept) => swept.dispatched > 0 && console.log(`[dev] dispatched ${swept.dispatched} event(s) left in the outbox`))
    .catch((err: unknown) => console.error('[dev] outbox sweep failed:', (err as Error).message));
  // Outbound webhook retries come due between events; in production the daily cron sweeps them, here a timer does.
  const { sweepWebhookDeliveries } = await import('../api/_lib/outbound-webhooks/deliver.js');
  const sweepWebhooks = () =>
    void sweepWebhookDeliveries(db.db, { budgetMs: 20_000 })
      .then((swept) => swept.attempted > 0 && console.log(`[dev] webhooks: ${swept.succeeded} delivered, ${swept.failed} not delivered`))
      .catch((err: unknown) => console.error('[dev] webhook sweep failed:', (err as Error).message));
  sweepWebhooks();
  setInterval(sweepWebhooks, 30_000).unref();
  // Channel replies waiting for a retry (a provider's 5xx or a network error), likewise.
  const { sweepDueDeliveries } = await import('../api/_lib/channels/deliver.js');
  const sweepChannels = () =>
    void sweepDueDeliveries(db.db, { budgetMs: 20_000 }).catch((err: unknown) => console.error('[dev] channel delivery sweep failed:', (err as Error).message));
  sweepChannels();
  setInterval(sweepChannels, 30_000).unref();
  // The local provider stand-ins start empty: give them the webhooks of the bots already connected (the demo's).
  const { registerTokenChannelWebhooks } = await import('../api/_lib/channels/register-webhooks.js');
  void registerTokenChannelWebhooks(db.db, process.env.APP_URL!)
    .then(({ failed }) => failed.forEach((f) => console.error(`[dev] channel webhook not registered: ${f}`)))
    .catch((err: unknown) => console.error('[dev] registering channel webhooks failed:', (err as Error).message));
  // The web widget's demo page, on an origin of its own (dev/widget-demo.ts); the app's /_dev/widget leads there.
  const [{ startWidgetDemo }, { DEMO_WIDGET_PUBLIC_KEY }] = await Promise.all([import('./widget-demo.js'), import('../db/seed-channels.js')]);
  const demoPort = throwaway ? 0 : Number(process.env.WIDGET_DEMO_PORT || 3001);
  widgetDemo = await startWidgetDemo({ port: demoPort, host, appUrl: () => process.env.APP_URL!, publicKey: DEMO_WIDGET_PUBLIC_KEY }).catch((err: Error) => {
    lines.push(`widget     the demo page could not start on port ${demoPort} (${err.message}); set WIDGET_DEMO_PORT`);
    return undefined;
  });
  if (widgetDemo) {
    process.env.DEV_WIDGET_URL = widgetDemo.url;
    lines.push(`widget     demo shop embedding the chat widget at ${url}/_dev/widget (${widgetDemo.url})`);
  }
  console.log(`
  Switchboard is running at ${url}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

${lines.map((line) => `  ${line}`).join('\n')}
`);
  return { runtime, db };
}

try {
  const { runtime, db } = await start();
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await runtime.close();
    await widgetDemo?.close();
    await db.close();
    await services?.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (err) {
  if (!(err instanceof StartError)) throw err;
  console.error(err.message);
  await database?.close().catch(() => {});
  await services?.close().catch(() => {});
  process.exit(1);
}
