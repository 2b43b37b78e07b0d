// Channel secrets at rest: AES-256-GCM with a random 96-bit IV per value, as `v1.<iv>.<tag>.<ciphertext>`
// (base64url), bound to what it belongs to through the additional data (e.g. the channel's id), so a blob
// copied onto another row does not decrypt. ENCRYPTION_KEY encrypts; while rotating, the old key is listed in
// ENCRYPTION_KEY_PREVIOUS and still decrypts (README "Channels": rotation). No plaintext secret is ever stored.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { serverEnv } from '../env.js';
import { ApiError } from '../http/errors.js';

const VERSION = 'v1';

function currentKey(keys: Buffer[]): Buffer {
  const key = keys[0];
  if (!key) throw new ApiError(503, 'unavailable', 'Channel secrets cannot be stored on this deployment: set ENCRYPTION_KEY (openssl rand -base64 32)');
  return key;
}

/** Encrypts a JSON value with the current key; `aad` names its owner (a channel id, an OAuth state). */
export function encryptSecret(value: unknown, aad: string, keys: Buffer[] = serverEnv().channels.encryptionKeys): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', currentKey(keys), iv);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** Decrypts with whichever configured key made it; throws when none did (wrong key, wrong owner, tampering). */
export function decryptSecret<T>(blob: string, aad: string, keys: Buffer[] = serverEnv().channels.encryptionKeys): T {
  const [version, iv, tag, ciphertext] = blob.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('Not an encrypted secret');
  for (const key of keys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      return JSON.parse(plain) as T;
    } catch {
      // the next key (a rotation in progress), else fail below
    }
  }
  throw new Error('The secret cannot be decrypted with ENCRYPTION_KEY or ENCRYPTION_KEY_PREVIOUS');
}

/** Whether a blob was made with an older key (re-encrypt it with the current one). */
export function needsReencryption(blob: string, aad: string, keys: Buffer[] = serverEnv().channels.encryptionKeys): boolean {
  if (keys.length < 2) return false;
  try {
    decryptSecret(blob, aad, keys.slice(0, 1));
    return false;
  } catch {
    return true;
  }
}
