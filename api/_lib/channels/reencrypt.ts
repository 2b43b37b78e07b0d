// Key rotation for channel secrets: re-encrypts every stored secret (channels' credentials, pending OAuth
// states' PKCE verifiers) with the current ENCRYPTION_KEY, reading each with whichever configured key made it.
// Run `npm run channels:reencrypt` after moving the old key to ENCRYPTION_KEY_PREVIOUS; once it reports nothing
// left, the old key can be removed.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { channels, oauthStates } from '../../../db/schema/channels.js';
import { decryptSecret, encryptSecret, needsReencryption } from './crypto.js';

export interface ReencryptResult {
  reencrypted: number;
  current: number;
  /** Secrets no configured key opens (their owners must be reconnected). */
  unreadable: string[];
}

export async function reencryptChannelSecrets(db: Db, keys?: Buffer[]): Promise<ReencryptResult> {
  const result: ReencryptResult = { reencrypted: 0, current: 0, unreadable: [] };
  const rows = [
    ...(await db.select({ id: channels.id, blob: channels.credentials }).from(channels).where(isNotNull(channels.credentials))).map((r) => ({
      ...r,
      table: 'channel' as const,
    })),
    ...(await db.select({ id: oauthStates.stateHash, blob: oauthStates.codeVerifier }).from(oauthStates).where(isNotNull(oauthStates.codeVerifier))).map(
      (r) => ({
        ...r,
        table: 'oauth_state' as const,
      }),
    ),
  ];
  for (const row of rows) {
    const blob = row.blob!;
    let value: unknown;
    try {
      value = decryptSecret(blob, row.id, keys);
    } catch {
      result.unreadable.push(`${row.table} ${row.id}`);
      continue;
    }
    if (!needsReencryption(blob, row.id, keys)) {
      result.current++;
      continue;
    }
    const fresh = encryptSecret(value, row.id, keys);
    // Only if nobody replaced it meanwhile (a reconnect writes a new blob with the current key).
    if (row.table === 'channel')
      await db
        .update(channels)
        .set({ credentials: fresh })
        .where(and(eq(channels.id, row.id), eq(channels.credentials, blob)));
    else
      await db
        .update(oauthStates)
        .set({ codeVerifier: fresh })
        .where(and(eq(oauthStates.stateHash, row.id), eq(oauthStates.codeVerifier, blob)));
    result.reencrypted++;
  }
  return result;
}
