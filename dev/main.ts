// `npm run dev`: the whole app on one origin with no accounts anywhere. Starts the local stand-ins for the
// cloud services (dev/services.ts: the embedded database, created, migrated and seeded on first start and
// served over the Postgres wire protocol; the Pusher-protocol server), or uses those of a running
// `npm run services`, then serves SPA + API. Functions reach the services through the same variables that
// `vercel dev`'s function processes get from `.env.local`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, parseDatabaseUrl } from '../db/client.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../db/seed.js';
import { findRunningServices, startServices, type Services } from './services.js';
import { startLocalRuntime } from './server.js';

const started = Date.now();
const root = path.resolve(import.meta.dirname, '..');
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));

// Load the runtime's heaviest modules while the services start (they do not depend on each other).
const warming = Promise.all([import('vite'), import('pg'), import('drizzle-orm/node-postgres')]).catch(() => {});

const configured = parseDatabaseUrl(process.env.DATABASE_URL);
// memory:// is a throwaway run (the browser tests): any free ports, and `.env.local` is left alone.
const throwaway = configured.kind === 'pglite' && !configured.dataDir;
let services: Services | undefined;
let lines: string[];
const other = await findRunningServices(process.env);
if (other) {
  Object.assign(process.env, other.env);
  lines = [`services   those of \`npm run services\` (process ${other.pid})`];
} else {
  try {
    services = await startServices({ ports: throwaway ? 'ephemeral' : 'fixed', envFile: throwaway ? null : path.join(root, '.env.local'), lock: true });
  } catch (err) {
    console.error(`[dev] could not start the local services: ${(err as Error).message}`);
    process.exit(1);
  }
  Object.assign(process.env, services.env);
  lines = [...services.running.map((s) => `${s.name.padEnd(9)}  ${s.summary}`), ...services.skipped.map((s) => `${s.name.padEnd(9)}  ${s.reason}`)];
}

await warming;
const database = await openDatabase(parseDatabaseUrl(process.env.DATABASE_URL));
// The database stand-in seeds what it serves; a database named in .env is seeded here, as before.
if (configured.kind !== 'pglite') await seedDemo(database.db);
const { useDatabase } = await import('../api/_lib/db.js');
useDatabase(database);
// Events a previous run recorded but could not dispatch (e.g. stopped mid-request) go out now, as the daily
// cron does in production.
const { sweepOutbox } = await import('../api/_lib/events/outbox.js');
void sweepOutbox(database.db, { olderThanSeconds: 0 })
  .then((swept) => swept.dispatched > 0 && console.log(`[dev] dispatched ${swept.dispatched} event(s) left in the outbox`))
  .catch((err: unknown) => console.error('[dev] outbox sweep failed:', (err as Error).message));

const runtime = await startLocalRuntime({ root, spa: 'vite', port: Number(process.env.PORT ?? 3000) });
console.log(`
  Switchboard is running at ${runtime.url}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

${lines.map((line) => `  ${line}`).join('\n')}
  sign in    ${DEMO_USERS[0].email} / ${DEMO_PASSWORD}
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await runtime.close();
  await database.close();
  await services?.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
