// Single-use links mailed to a user: verify the email address (24 h) and reset the password (30 min, only the
// newest works). The token is 256 random bits; only its SHA-256 hash is stored, and using it is one UPDATE that
// succeeds once.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { accountTokens } from '../../../db/schema/identity.js';
import { hashToken, newRefreshToken } from './tokens.js';

export type TokenPurpose = 'verify_email' | 'reset_password';

export const TOKEN_TTL_SECONDS: Record<TokenPurpose, number> = { verify_email: 24 * 60 * 60, reset_password: 30 * 60 };

/** A new link token for the user; earlier unused ones of the same purpose stop working. */
export async function issueAccountToken(tx: Tx, input: { userId: string; email: string; purpose: TokenPurpose }): Promise<string> {
  await tx
    .update(accountTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(accountTokens.userId, input.userId), eq(accountTokens.purpose, input.purpose), isNull(accountTokens.usedAt)));
  const token = newRefreshToken();
  await tx.insert(accountTokens).values({
    tokenHash: hashToken(token),
    userId: input.userId,
    email: input.email,
    purpose: input.purpose,
    expiresAt: sql`now() + make_interval(secs => ${TOKEN_TTL_SECONDS[input.purpose]})`,
  });
  return token;
}

/** Uses a token once: its user and email, or null when it is unknown, expired, used or superseded. */
export async function useAccountToken(tx: Tx, token: string, purpose: TokenPurpose): Promise<{ userId: string; email: string } | null> {
  const [row] = await tx
    .update(accountTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(accountTokens.tokenHash, hashToken(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: accountTokens.userId, email: accountTokens.email });
  return row ?? null;
}
