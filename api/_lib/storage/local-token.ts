// The signed URL of the local blob store (development and tests): `/_blob/upload/{token}`, where the token binds
// one pathname, one content type, a size limit and an expiry, signed with an HMAC key derived from the app's JWT
// secret. The API signs it (api/_lib/storage/storage.ts); the local runtime verifies it (dev/blob-store.ts).
// node:crypto only, so the local runtime loads nothing else for it.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Where the local runtime serves stored files (`/_blob/{pathname}`) and takes uploads (`/_blob/upload/{token}`). */
export const LOCAL_BLOB_PATH = '/_blob/';
export const LOCAL_UPLOAD_PATH = '/_blob/upload/';

export interface LocalUploadGrant {
  pathname: string;
  contentType: string;
  maxBytes: number;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export type VerifiedUpload = { ok: true; grant: LocalUploadGrant } | { ok: false; reason: 'invalid' | 'expired' };

// A key of its own, derived from the JWT secret, so no other signature made with that secret (an access token)
// can ever pass for an upload's.
const keyOf = (secret: string) => createHmac('sha256', secret).update('switchboard/local-blob-upload/v1').digest();
const sign = (secret: string, payload: string) => createHmac('sha256', keyOf(secret)).update(payload).digest();

export function signLocalUpload(secret: string, grant: LocalUploadGrant): string {
  const payload = Buffer.from(JSON.stringify({ p: grant.pathname, t: grant.contentType, m: grant.maxBytes, e: grant.expiresAt })).toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

export function verifyLocalUpload(secret: string, token: string, now = Date.now()): VerifiedUpload {
  const match = /^([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: 'invalid' };
  const [, payload, signature] = match as unknown as [string, string, string];
  // Compared as text, not as decoded bytes: the last of 43 base64url characters carries two unused bits, so
  // four spellings decode to the same bytes, and an altered link must never verify.
  const given = Buffer.from(signature);
  const expected = Buffer.from(sign(secret, payload).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const { p, t, m, e } = (claims ?? {}) as Record<string, unknown>;
  if (typeof p !== 'string' || typeof t !== 'string' || !Number.isSafeInteger(m) || !Number.isSafeInteger(e)) return { ok: false, reason: 'invalid' };
  if ((e as number) <= now) return { ok: false, reason: 'expired' };
  return { ok: true, grant: { pathname: p, contentType: t, maxBytes: m as number, expiresAt: e as number } };
}
