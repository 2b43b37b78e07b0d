// Two-factor sign-in: TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step of drift either way) and ten single-use
// recovery codes. A code is accepted once: the step it belongs to is recorded, and only a later step passes
// after it (one conditional UPDATE, so two requests with the same code cannot both win).
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { Db, Tx } from '../../../db/client.js';
import { recoveryCodes, users } from '../../../db/schema/identity.js';

const PERIOD = 30;
const ISSUER = 'Switchboard';
export const RECOVERY_CODE_COUNT = 10;

const totpFor = (secret: string, label = 'Switchboard') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });

/** A new secret (160 bits, base32) and the otpauth:// URL an authenticator app scans. */
export function newTotpSecret(email: string): { secret: string; otpauthUrl: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, otpauthUrl: totpFor(secret, email).toString() };
}

/** The time step a code belongs to (within one step of now), or null when it is not a current code. */
export function totpStep(secret: string, code: string, now = Date.now()): number | null {
  const delta = totpFor(secret).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

/** Records the step as used; false when it (or a later one) was used already. */
export async function claimTotpStep(db: Db | Tx, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ twoFactorLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.twoFactorLastStep), lt(users.twoFactorLastStep, step))))
    .returning({ id: users.id });
  return rows.length > 0;
}

const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');
const hashRecoveryCode = (code: string) => createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i

/** Ten new codes (`xxxxx-xxxxx`, ~49 bits each), replacing the user's earlier ones; returns them to show once. */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = [...randomBytes(10)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}

/** Uses a recovery code once; false when it is not one of the user's unused codes. */
export async function useRecoveryCode(db: Db | Tx, userId: string, code: string): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ userId: recoveryCodes.userId });
  return rows.length > 0;
}

/** Checks a code from the app (used once) or, when it does not look like one, a recovery code. */
export async function useSecondFactor(db: Db | Tx, user: { id: string; twoFactorSecret: string }, code: string): Promise<boolean> {
  const digits = code.replace(/\s+/g, '');
  if (/^\d{6}$/.test(digits)) {
    const step = totpStep(user.twoFactorSecret, digits);
    return step !== null && (await claimTotpStep(db, user.id, step));
  }
  return useRecoveryCode(db, user.id, code);
}
