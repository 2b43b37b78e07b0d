// Sessions are refresh-token families. Each refresh rotates the token; a token that was already rotated
// is a replay (stolen or raced) and revokes its whole session.
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.js';
import { refreshTokens, sessions, users } from '../../../db/schema/identity.js';
import { REFRESH_TOKEN_TTL_SECONDS, hashToken, newRefreshToken } from './tokens.js';

export const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  createdAt: users.createdAt,
  emailVerifiedAt: users.emailVerifiedAt,
  twoFactorEnabledAt: users.twoFactorEnabledAt,
};
export type UserRow = { id: string; email: string; name: string; createdAt: Date; emailVerifiedAt: Date | null; twoFactorEnabledAt: Date | null };

export async function createSession(tx: Db | Tx, input: { userId: string; userAgent: string | null; ip: string | null }) {
  const refreshToken = newRefreshToken();
  const [session] = await tx
    .insert(sessions)
    .values({ ...input, expiresAt: sql`now() + make_interval(secs => ${REFRESH_TOKEN_TTL_SECONDS})` })
    .returning({ id: sessions.id });
  await tx.insert(refreshTokens).values({ tokenHash: hashToken(refreshToken), sessionId: session!.id });
  return { sessionId: session!.id, refreshToken };
}

export type RotateResult = { ok: true; user: UserRow; sessionId: string; refreshToken: string } | { ok: false };

export async function rotateRefreshToken(db: Db, presented: string): Promise<RotateResult> {
  const tokenHash = hashToken(presented);
  return db.transaction(async (tx) => {
    // Claim the token atomically: of two concurrent refreshes with one token, only one gets the row.
    const [claimed] = await tx
      .update(refreshTokens)
      .set({ rotatedAt: sql`now()` })
      .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.rotatedAt)))
      .returning({ sessionId: refreshTokens.sessionId });
    if (!claimed) {
      const [known] = await tx.select({ sessionId: refreshTokens.sessionId }).from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
      if (known)
        await tx
          .update(sessions)
          .set({ revokedAt: sql`now()` })
          .where(and(eq(sessions.id, known.sessionId), isNull(sessions.revokedAt)));
      return { ok: false };
    }
    const [session] = await tx
      .update(sessions)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(sessions.id, claimed.sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
      .returning({ id: sessions.id, userId: sessions.userId });
    if (!session) return { ok: false };
    const refreshToken = newRefreshToken();
    await tx.insert(refreshTokens).values({ tokenHash: hashToken(refreshToken), sessionId: session.id });
    const [user] = await tx.select(userColumns).from(users).where(eq(users.id, session.userId));
    return { ok: true, user: user!, sessionId: session.id, refreshToken };
  });
}

/** Revokes the session a refresh token (current or already rotated) belongs to. */
export async function revokeByRefreshToken(db: Db, presented: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        isNull(sessions.revokedAt),
        eq(sessions.id, sql`(select ${refreshTokens.sessionId} from ${refreshTokens} where ${refreshTokens.tokenHash} = ${hashToken(presented)})`),
      ),
    );
}

export async function revokeSession(db: Db | Tx, userId: string, sessionId: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Revokes every session of the user but `keepSessionId` (null: every session). */
export async function revokeOtherSessions(tx: Db | Tx, userId: string, keepSessionId: string | null): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), keepSessionId ? ne(sessions.id, keepSessionId) : undefined, isNull(sessions.revokedAt)));
}
