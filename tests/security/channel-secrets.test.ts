// Channel secrets at rest (api/_lib/channels/crypto.ts): AES-256-GCM blobs that hide the value, differ on every
// encryption, decrypt only for the owner they were made for, refuse tampering, and survive a key rotation
// (ENCRYPTION_KEY_PREVIOUS still decrypts; needsReencryption says which blobs to rewrite).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, needsReencryption } from '../../api/_lib/channels/crypto.js';
import { ApiError } from '../../api/_lib/http/errors.js';

const KEY = randomBytes(32);
const OLD_KEY = randomBytes(32);
const OWNER = '0b8f8d8e-5a0e-4c57-9d3c-6f1f0f2b7a11';
const SECRET = { botToken: '7100000042:AAH-plain-bot-token', webhookSecret: 'hook-secret-123' };

describe('encryptSecret / decryptSecret', () => {
  it('hides the value, differs each time, and gives it back to its owner', () => {
    const a = encryptSecret(SECRET, OWNER, [KEY]);
    const b = encryptSecret(SECRET, OWNER, [KEY]);
    expect(a).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(a).not.toBe(b);
    for (const blob of [a, b]) {
      expect(blob).not.toContain('AAH-plain');
      expect(Buffer.from(blob.split('.')[3]!, 'base64url').toString('latin1')).not.toContain('AAH-plain');
      expect(decryptSecret(blob, OWNER, [KEY])).toEqual(SECRET);
    }
  });

  it('refuses another owner, another key and any changed byte', () => {
    const blob = encryptSecret(SECRET, OWNER, [KEY]);
    expect(() => decryptSecret(blob, 'another-channel', [KEY])).toThrow(/cannot be decrypted/);
    expect(() => decryptSecret(blob, OWNER, [randomBytes(32)])).toThrow(/cannot be decrypted/);
    const [version, iv, tag, ciphertext] = blob.split('.') as [string, string, string, string];
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret([version, iv, tag, flipped.toString('base64url')].join('.'), OWNER, [KEY])).toThrow();
    expect(() => decryptSecret(`v2.${iv}.${tag}.${ciphertext}`, OWNER, [KEY])).toThrow(/Not an encrypted secret/);
    expect(() => decryptSecret('plain text', OWNER, [KEY])).toThrow(/Not an encrypted secret/);
  });

  it('decrypts with the previous key during a rotation, and says which blobs to re-encrypt', () => {
    const old = encryptSecret(SECRET, OWNER, [OLD_KEY]);
    const current = encryptSecret(SECRET, OWNER, [KEY, OLD_KEY]);
    expect(decryptSecret(old, OWNER, [KEY, OLD_KEY])).toEqual(SECRET);
    expect(decryptSecret(current, OWNER, [KEY])).toEqual(SECRET);
    expect(needsReencryption(old, OWNER, [KEY, OLD_KEY])).toBe(true);
    expect(needsReencryption(current, OWNER, [KEY, OLD_KEY])).toBe(false);
    expect(needsReencryption(old, OWNER, [KEY])).toBe(false);
  });

  it('refuses to store a secret without a key (503 naming ENCRYPTION_KEY)', () => {
    let thrown: unknown;
    try {
      encryptSecret(SECRET, OWNER, []);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ status: 503, code: 'unavailable', message: expect.stringMatching(/ENCRYPTION_KEY/) });
  });
});
