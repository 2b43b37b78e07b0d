// Access tokens (short-lived HS256 JWTs) and refresh tokens (random, stored only as SHA-256 hashes).
// Tokens are signed with jose; they are verified here with node:crypto, because every authenticated request
// verifies one and jose's WebCrypto HMAC costs ~0.2 ms of CPU per call on Node 20 (node:crypto: ~5 µs).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
// The subpath module, not 'jose': the package root loads JWE, JWK and key import too, doubling cold-start cost.
import { SignJWT } from 'jose/jwt/sign';
import { serverEnv } from '../env.js';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** How long the password step of a two-factor sign-in stays good for. */
export const MFA_TOKEN_TTL_SECONDS = 5 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
const ISSUER = 'switchboard';
const AUDIENCE = 'switchboard-api';

let key: Uint8Array | undefined;
function secretKey(): Uint8Array {
  key ??= new TextEncoder().encode(serverEnv().jwtSecret);
  return key;
}

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export async function signAccessToken(claims: AccessClaims, now = Date.now()): Promise<{ token: string; expiresAt: Date }> {
  return sign({ sid: claims.sessionId, typ: 'access' }, claims.userId, ACCESS_TOKEN_TTL_SECONDS, now);
}

/** The proof of a two-factor sign-in's password step: no session, and never accepted as an access token. */
export async function signMfaToken(userId: string, now = Date.now()): Promise<string> {
  return (await sign({ typ: 'mfa' }, userId, MFA_TOKEN_TTL_SECONDS, now)).token;
}

async function sign(claims: Record<string, string>, subject: string, ttlSeconds: number, now: number): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now / 1000);
  const exp = iat + ttlSeconds;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(secretKey());
  return { token, expiresAt: new Date(exp * 1000) };
}

const B64URL = /^[A-Za-z0-9_-]+$/;

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Returns the claims of a valid access token, or null for anything else (expired, tampered, alg none, another
 * secret, missing exp/sub/iat, a refresh token…). The checks are jose's jwtVerify with algorithms ['HS256'],
 * the issuer, the audience and requiredClaims ['exp', 'sub', 'iat'], no clock tolerance.
 */
export function verifyAccessToken(token: string, now = Date.now()): AccessClaims | null {
  const payload = verify(token, now);
  if (!payload || payload.typ !== 'access' || typeof payload.sid !== 'string') return null;
  return { userId: payload.sub as string, sessionId: payload.sid };
}

/** The user id of a valid two-factor challenge token, or null. */
export function verifyMfaToken(token: string, now = Date.now()): string | null {
  const payload = verify(token, now);
  return payload && payload.typ === 'mfa' ? (payload.sub as string) : null;
}

function verify(token: string, now: number): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => B64URL.test(part))) return null;
  const [encodedHeader, encodedPayload, signature] = parts as [string, string, string];
  const header = decodeJson(encodedHeader);
  if (!header || header.alg !== 'HS256' || 'crit' in header || header.b64 === false) return null;
  // Compared as base64url text: its last character has two unused bits, and an altered token must never verify.
  const expected = Buffer.from(createHmac('sha256', secretKey()).update(`${encodedHeader}.${encodedPayload}`).digest('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const payload = decodeJson(encodedPayload);
  if (!payload) return null;
  const seconds = Math.floor(now / 1000);
  const { iss, aud, exp, iat, nbf, sub } = payload;
  if (iss !== ISSUER) return null;
  if (aud !== AUDIENCE && !(Array.isArray(aud) && aud.includes(AUDIENCE))) return null;
  if (typeof exp !== 'number' || exp <= seconds) return null;
  if (typeof iat !== 'number') return null;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > seconds)) return null;
  if (typeof sub !== 'string') return null;
  return payload;
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
