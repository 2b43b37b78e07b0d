// `npm run db:seed`: seeds the demo workspace into DATABASE_URL (any driver). Safe to run twice.
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed.js';
import { openDatabase, parseDatabaseUrl } from './client.js';

try {
  const database = await openDatabase(parseDatabaseUrl(process.env.DATABASE_URL), { migrate: false });
  const { created } = await seedDemo(database.db);
  await database.close();
  console.log(
    created ? `[db:seed] demo data created; sign in as ${DEMO_USERS[0].email} / ${DEMO_PASSWORD}` : '[db:seed] demo data already present; nothing changed',
  );
} catch (err) {
  console.error(`[db:seed] could not seed the database named by DATABASE_URL: ${(err as Error).message}`);
  process.exit(1);
}
