// A dashboard's share link: `/d/{token}`, where the token names the dashboard and its current share id (16 bytes
// each, base64url) and carries their HMAC-SHA256 under a key derived from the server's secret. The signature
// makes a token that names another dashboard (or an altered share id) a link that does not exist, before the
// database is asked; the share id makes every link revocable: the public page serves the dashboard only while
// its share id is still the one the token names.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { serverEnv } from '../env.js';
import { appLink } from '../mail/templates.js';

export interface ShareClaims {
  dashboardId: string;
  shareId: string;
}

// A key of its own, derived from the JWT secret, so no other signature made with that secret (an access token,
// an upload grant) can ever pass for a share link's.
let key: Buffer | undefined;
const keyOf = () => (key ??= createHmac('sha256', serverEnv().jwtSecret).update('switchboard/dashboard-share/v1').digest());
const sign = (payload: string) => createHmac('sha256', keyOf()).update(payload).digest('base64url');

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export function signShareToken(claims: ShareClaims): string {
  const payload = Buffer.concat([uuidBytes(claims.dashboardId), uuidBytes(claims.shareId)]).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

/** The claims of a token this server signed, or null for anything else. */
export function verifyShareToken(token: string): ShareClaims | null {
  const match = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, payload, signature] = match as unknown as [string, string, string];
  // Compared as text: the last of 43 base64url characters carries two unused bits, so four spellings decode to
  // the same bytes, and an altered link must never verify.
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length !== 32) return null;
  return { dashboardId: uuidOf(bytes.subarray(0, 16)), shareId: uuidOf(bytes.subarray(16)) };
}

/** The public page of a share link, on the app's origin (APP_URL). */
export const shareUrl = (claims: ShareClaims) => appLink(`/d/${signShareToken(claims)}`);
