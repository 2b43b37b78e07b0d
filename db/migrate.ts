// `npm run db:migrate`: applies db/migrations to DATABASE_URL (any driver). On Vercel it runs as part of the
// build; `--if-configured` makes it a no-op when no DATABASE_URL is set (e.g. a build without a database).
import { DatabaseConfigError, openDatabase, parseDatabaseUrl } from './client.js';

const ifConfigured = process.argv.includes('--if-configured');
if (ifConfigured && !process.env.DATABASE_URL) {
  console.log('[db:migrate] DATABASE_URL is not set; skipping migrations.');
  process.exit(0);
}

try {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  const started = Date.now();
  const database = await openDatabase(target, { migrate: true });
  await database.close();
  console.log(`[db:migrate] ${target.kind}: migrations applied in ${Date.now() - started} ms`);
} catch (err) {
  if (err instanceof DatabaseConfigError) console.error(`[db:migrate] ${err.message}`);
  else console.error(`[db:migrate] could not migrate the database named by DATABASE_URL: ${(err as Error).message}`);
  process.exit(1);
}
