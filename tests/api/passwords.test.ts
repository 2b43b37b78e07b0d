// The dummy hash that makes an unknown-email login cost one real bcrypt comparison is a constant (no hashing at
// import, which slowed every cold start): it must stay a valid hash at the cost real passwords are hashed with.
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { BCRYPT_COST, DUMMY_HASH, hashPassword, verifyPassword } from '../../api/_lib/auth/passwords.js';

describe('passwords', () => {
  it('compares an unknown email against a dummy hash of the same cost as real hashes', async () => {
    expect(bcrypt.getRounds(DUMMY_HASH)).toBe(BCRYPT_COST);
    const real = await hashPassword('Correct-Horse-1');
    expect(bcrypt.getRounds(real)).toBe(bcrypt.getRounds(DUMMY_HASH));
    expect(DUMMY_HASH.slice(0, 4)).toBe(real.slice(0, 4)); // same bcrypt variant ($2b$)
  });

  it('never accepts a password without a stored hash', async () => {
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('Correct-Horse-1', await hashPassword('Correct-Horse-1'))).toBe(true);
  });
});
