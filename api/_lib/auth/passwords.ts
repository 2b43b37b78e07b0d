// Password hashing. bcrypt only reads 72 bytes; the policy (contracts/identity.ts) refuses longer passwords
// rather than letting them be silently truncated.
import bcrypt from 'bcryptjs';

export const BCRYPT_COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

// A hash of a random string: comparing against it costs what a real comparison costs, so a login for an
// unknown email takes as long as one with a wrong password.
const DUMMY_HASH = bcrypt.hashSync('switchboard-timing-equaliser', BCRYPT_COST);

export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  return bcrypt.compare(password, hash ?? DUMMY_HASH).then((ok) => ok && hash !== null);
}
