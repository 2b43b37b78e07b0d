// `npm run db:seed -- --demo`: seeds the demo workspace into DATABASE_URL (any driver). Safe to run twice.
// The demo accounts share a published password, so the flag is required: nothing is seeded by accident.
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed.js';
import { DatabaseConfigError, openDatabase, parseDatabaseUrl } from './client.js';

const args = process.argv.slice(2);
if (!args.includes('--demo') || args.some((arg) => arg !== '--demo')) {
  console.error(
    '[db:seed] usage: npm run db:seed -- --demo   seeds the demo workspace (four accounts with the published password) into the database DATABASE_URL names',
  );
  process.exit(2);
}

try {
  const database = await openDatabase(parseDatabaseUrl(process.env.DATABASE_URL), { migrate: false });
  try {
    const { created } = await seedDemo(database.db);
    console.log(
      created ? `[db:seed] demo data created; sign in as ${DEMO_USERS[0].email} / ${DEMO_PASSWORD}` : '[db:seed] demo data already present; nothing changed',
    );
  } finally {
    await database.close();
  }
} catch (err) {
  if (err instanceof DatabaseConfigError) console.error(`[db:seed] ${err.message}`);
  else console.error(`[db:seed] could not seed the database named by DATABASE_URL: ${(err as Error).message}`);
  process.exit(1);
}
