// A function process for dev/services.test.ts, as `vercel dev` starts one: it serves api/ (imported once,
// no Vite) and opens the database named by DATABASE_URL itself, through the handlers' own `database()`.
// It prints `ready <url>` and, asked over IPC, runs read-modify-write transactions on a counter row.
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { database } from '../api/_lib/db.js';
import { startLocalRuntime } from './server.js';

const runtime = await startLocalRuntime({ root: path.resolve(import.meta.dirname, '..'), spa: 'api', host: '127.0.0.1', port: 0 });

/** `times` transactions, `parallel` at once: each reads the counter, yields, then writes it plus one. */
async function bump(times: number, parallel: number): Promise<void> {
  const { db } = await database();
  let left = times;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (left-- > 0) {
        await db.transaction(async (tx) => {
          const { rows } = (await tx.execute(sql`select n from services_test_counter where id = 1`)) as unknown as { rows: { n: number }[] };
          await new Promise((resolve) => setTimeout(resolve, 1));
          await tx.execute(sql`update services_test_counter set n = ${rows[0]!.n + 1} where id = 1`);
        });
      }
    }),
  );
}

process.on('message', (message: { bump: number; parallel: number }) => {
  bump(message.bump, message.parallel).then(
    () => process.send!({ done: true }),
    (err: Error) => process.send!({ error: err.message }),
  );
});
process.on('disconnect', () => {
  void runtime
    .close()
    .then(async () => (await database()).close())
    .finally(() => process.exit(0));
});
console.log(`ready ${runtime.url}`);
