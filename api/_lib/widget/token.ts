// Visitor tokens of the web widget: HS256 JWTs (jose) naming the channel, its workspace and a random visitor id,
// for 30 days, audience `widget`, signed with a key derived from JWT_SECRET (HKDF, its own label), so a visitor
// token is never an access token and an access token is never a visitor token. The widget keeps it in the
// visitor's localStorage: the same visitor (and their history) across reloads and visits.
import { hkdfSync, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose/jwt/sign';
import { jwtVerify } from 'jose/jwt/verify';
import { serverEnv } from '../env.js';
import { unauthorized } from '../http/errors.js';

export const VISITOR_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
const ISSUER = 'switchboard';
const AUDIENCE = 'widget';

let cached: { secret: string; key: Uint8Array } | undefined;
function signingKey(): Uint8Array {
  const secret = serverEnv().jwtSecret;
  if (cached?.secret !== secret) cached = { secret, key: new Uint8Array(hkdfSync('sha256', secret, 'switchboard', 'widget-visitor-token', 32)) };
  return cached.key;
}

export interface Visitor {
  /** The visitor's id: the sender's external id on the channel (channel_identities). */
  id: string;
  channelId: string;
  workspaceId: string;
  /** What the visitor gave when the session opened, used when their first message makes them a customer. */
  name?: string;
  email?: string;
}

export async function signVisitorToken(input: Omit<Visitor, 'id'>, now = Date.now()): Promise<{ token: string; visitor: Visitor }> {
  const visitor: Visitor = { id: randomUUID(), ...input };
  const iat = Math.floor(now / 1000);
  const claims: Record<string, string> = { cid: visitor.channelId, wid: visitor.workspaceId };
  if (visitor.name) claims.name = visitor.name;
  if (visitor.email) claims.email = visitor.email;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(visitor.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + VISITOR_TOKEN_TTL_SECONDS)
    .sign(signingKey());
  return { token, visitor };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The visitor of a valid token, or null (expired, tampered, another key or audience, malformed claims). */
export async function verifyVisitorToken(token: string): Promise<Visitor | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'sub', 'iat'],
    });
    const { sub, cid, wid, name, email } = payload;
    if (typeof sub !== 'string' || !UUID.test(sub) || typeof cid !== 'string' || !UUID.test(cid) || typeof wid !== 'string' || !UUID.test(wid)) return null;
    return {
      id: sub,
      channelId: cid,
      workspaceId: wid,
      ...(typeof name === 'string' && { name }),
      ...(typeof email === 'string' && { email }),
    };
  } catch {
    return null;
  }
}

/** The bearer token of a request, or null. */
export function bearerOf(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;
}

/** The visitor the request's `Authorization: Bearer {visitorToken}` names; 401 otherwise. */
export async function requireVisitor(header: string | string[] | undefined): Promise<Visitor> {
  const token = bearerOf(header);
  if (!token) throw unauthorized('Send the visitor token: Authorization: Bearer {visitorToken}');
  const visitor = await verifyVisitorToken(token);
  if (!visitor) throw unauthorized('This visitor token is not valid; open a new session');
  return visitor;
}
