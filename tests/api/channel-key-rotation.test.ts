// Rotating ENCRYPTION_KEY: with the old key in ENCRYPTION_KEY_PREVIOUS, reencryptChannelSecrets rewrites every
// stored channel secret with the new key (readable with it alone afterwards), leaves current ones alone, and
// names the ones no configured key opens.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret } from '../../api/_lib/channels/crypto.js';
import { reencryptChannelSecrets } from '../../api/_lib/channels/reencrypt.js';
import { channels } from '../../db/schema/channels.js';
import { workspaces } from '../../db/schema/identity.js';
import { openTestDatabase } from '../support/app.js';
import type { Database } from '../../db/client.js';

let database: Database;
let drop: () => Promise<void>;
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const strangerKey = randomBytes(32);

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
});
afterAll(async () => {
  await drop();
});

async function channelWith(key: Buffer, token: string): Promise<string> {
  const id = crypto.randomUUID();
  const [workspace] = await database.db
    .insert(workspaces)
    .values({ name: `Rotation ${token}` })
    .returning({ id: workspaces.id });
  await database.db
    .insert(channels)
    .values({ id, workspaceId: workspace!.id, type: 'telegram', name: token, credentials: encryptSecret({ botToken: token }, id, [key]) });
  return id;
}

const blobOf = async (id: string) => (await database.db.select({ c: channels.credentials }).from(channels).where(eq(channels.id, id)))[0]!.c!;

describe('reencryptChannelSecrets', () => {
  it('moves secrets made with the previous key to the current one and reports the unreadable', async () => {
    const old = await channelWith(oldKey, 'old-token');
    const current = await channelWith(newKey, 'new-token');
    const lost = await channelWith(strangerKey, 'lost-token');
    const before = await blobOf(current);

    const result = await reencryptChannelSecrets(database.db, [newKey, oldKey]);
    expect(result).toMatchObject({ reencrypted: 1, unreadable: [`channel ${lost}`] });
    expect(result.current).toBeGreaterThanOrEqual(1);

    const rotated = await blobOf(old);
    expect(decryptSecret(rotated, old, [newKey])).toEqual({ botToken: 'old-token' });
    expect(() => decryptSecret(rotated, old, [oldKey])).toThrow();
    expect(await blobOf(current)).toBe(before);
    await expect(reencryptChannelSecrets(database.db, [newKey, oldKey])).resolves.toMatchObject({ reencrypted: 0 });
  });
});
