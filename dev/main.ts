// `npm run dev`: the whole app on one origin with no accounts anywhere. Opens (and on first start creates,
// migrates and seeds) the embedded database, starts the local Pusher server, then serves SPA + API.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, parseDatabaseUrl } from '../db/client.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../db/seed.js';
import { startPusherServer } from './pusher-server.js';
import { startLocalRuntime } from './server.js';

const started = Date.now();
const root = path.resolve(import.meta.dirname, '..');
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));

const { LOCAL_PUSHER_CREDENTIALS } = await import('../api/_lib/env.js');
let pusherNote = 'Pusher (PUSHER_* from the environment)';
if (!process.env.PUSHER_APP_ID) {
  const pusher = await startPusherServer({ ...LOCAL_PUSHER_CREDENTIALS, port: Number(process.env.PUSHER_PORT ?? 0) });
  Object.assign(process.env, {
    PUSHER_APP_ID: LOCAL_PUSHER_CREDENTIALS.appId,
    PUSHER_KEY: LOCAL_PUSHER_CREDENTIALS.key,
    PUSHER_SECRET: LOCAL_PUSHER_CREDENTIALS.secret,
    PUSHER_HOST: '127.0.0.1',
    PUSHER_PORT: String(pusher.port),
  });
  pusherNote = `local Pusher-protocol server on ws://127.0.0.1:${pusher.port}`;
}

const target = parseDatabaseUrl(process.env.DATABASE_URL);
const database = await openDatabase(target);
const { created } = await seedDemo(database.db);
const { useDatabase } = await import('../api/_lib/db.js');
useDatabase(database);

const runtime = await startLocalRuntime({ root, spa: 'vite', port: Number(process.env.PORT ?? 3000) });
const where = target.kind === 'pglite' ? (target.dataDir ? `embedded PGlite in ${path.relative(root, target.dataDir)}` : 'PGlite in memory') : target.kind;
console.log(`
  Switchboard is running at ${runtime.url}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

  database   ${where}${created ? ' (demo data seeded)' : ''}
  realtime   ${pusherNote}
  sign in    ${DEMO_USERS[0].email} / ${DEMO_PASSWORD}
`);

const shutdown = async () => {
  await runtime.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
