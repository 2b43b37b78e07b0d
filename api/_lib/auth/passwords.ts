// Password hashing. bcrypt only reads 72 bytes; the policy (contracts/auth.ts) refuses longer passwords
// rather than letting them be silently truncated.
import bcrypt from 'bcryptjs';

export const BCRYPT_COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

// A bcrypt hash (cost 10, the same as BCRYPT_COST) of 32 random bytes nobody kept: comparing against it costs
// what a real comparison costs, so a login for an unknown email takes as long as one with a wrong password.
// A constant rather than `hashSync` at import, which cost every cold start of the auth function ~100 ms.
export const DUMMY_HASH = '$2b$10$/1RpvKBMJCc2SKPrV3oRrOQGbrKxohG7R83YTZ8lEsTQvy8g5TRgK';

export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  return bcrypt.compare(password, hash ?? DUMMY_HASH).then((ok) => ok && hash !== null);
}
