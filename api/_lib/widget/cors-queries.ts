// The web channels' allowed origins, for the widget's CORS policy (cors.ts).
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';

const rowsOf = <T>(result: unknown) => ((result as { rows?: unknown[] }).rows ?? result) as T[];
const listOf = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export async function allowedOriginsByKey(db: Db, publicKey: string): Promise<string[]> {
  const rows = rowsOf<{ origins: unknown }>(
    await db.execute(sql`select settings->'allowedOrigins' as origins from channels where public_key = ${publicKey} and type = 'web' and status = 'connected'`),
  );
  return listOf(rows[0]?.origins);
}

export async function allowedOriginsByChannel(db: Db, channelId: string): Promise<string[]> {
  const rows = rowsOf<{ origins: unknown }>(
    await db.execute(sql`select settings->'allowedOrigins' as origins from channels where id = ${channelId} and type = 'web' and status = 'connected'`),
  );
  return listOf(rows[0]?.origins);
}

/** Some connected web channel lists the origin (a preflight, which carries no visitor token). */
export async function anyChannelAllows(db: Db, origin: string): Promise<boolean> {
  const rows = rowsOf<{ found: boolean }>(
    await db.execute(sql`select exists (
      select 1 from channels where type = 'web' and status = 'connected' and jsonb_typeof(settings->'allowedOrigins') = 'array'
        and (settings->'allowedOrigins' ? ${origin} or settings->'allowedOrigins' ? ${origin + '/'})
    ) as found`),
  );
  return Boolean(rows[0]?.found);
}
