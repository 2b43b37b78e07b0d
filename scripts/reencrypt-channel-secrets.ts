// `npm run channels:reencrypt`: after rotating ENCRYPTION_KEY (the old key moved to ENCRYPTION_KEY_PREVIOUS),
// re-encrypts every stored channel secret with the new key, in the database DATABASE_URL names.
import { reencryptChannelSecrets } from '../api/_lib/channels/reencrypt.js';
import { DatabaseConfigError, openDatabase, parseDatabaseUrl } from '../db/client.js';

try {
  const database = await openDatabase(parseDatabaseUrl(process.env.DATABASE_URL), { migrate: false });
  try {
    const { reencrypted, current, unreadable } = await reencryptChannelSecrets(database.db);
    console.log(`[channels:reencrypt] ${reencrypted} re-encrypted with ENCRYPTION_KEY, ${current} already were`);
    if (unreadable.length > 0) {
      console.error(`[channels:reencrypt] ${unreadable.length} cannot be opened with ENCRYPTION_KEY or ENCRYPTION_KEY_PREVIOUS: ${unreadable.join(', ')}`);
      process.exit(1);
    }
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(`[channels:reencrypt] ${err instanceof DatabaseConfigError ? err.message : (err as Error).message}`);
  process.exit(1);
}
