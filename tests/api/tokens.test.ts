// verifyAccessToken (node:crypto) against jose's jwtVerify with the options it replaces: on every token below
// both accept it with the same claims, or both refuse it.
import { SignJWT } from 'jose/jwt/sign';
import { jwtVerify } from 'jose/jwt/verify';
import { describe, expect, it } from 'vitest';
import { signAccessToken, verifyAccessToken } from '../../api/_lib/auth/tokens.js';
import { serverEnv } from '../../api/_lib/env.js';

const secret = new TextEncoder().encode(serverEnv().jwtSecret);
const other = new TextEncoder().encode('another-secret-another-secret-another-secret');
const now = Math.floor(Date.now() / 1000);
const userId = '3f1c1a52-5f0c-4f38-9d0a-7d4f2a4b1c11';
const sessionId = '9b2d3c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function jwt(claims: Record<string, unknown> = {}, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }, key = secret) {
  const base = { sid: sessionId, typ: 'access', sub: userId, iss: 'switchboard', aud: 'switchboard-api', iat: now, exp: now + 600 };
  const payload = Object.fromEntries(Object.entries({ ...base, ...claims }).filter(([, v]) => v !== undefined));
  return new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(key);
}

async function viaJose(token: string) {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: 'switchboard',
      audience: 'switchboard-api',
      requiredClaims: ['exp', 'sub', 'iat'],
    });
    if (payload.typ !== 'access' || typeof payload.sid !== 'string' || typeof payload.sub !== 'string') return null;
    return { userId: payload.sub, sessionId: payload.sid };
  } catch {
    return null;
  }
}

describe('verifyAccessToken', () => {
  it('accepts and refuses exactly the tokens jose does', async () => {
    const valid = await jwt();
    const [h, p, s] = valid.split('.') as [string, string, string];
    const tokens: Record<string, string> = {
      valid,
      signedByTheApp: (await signAccessToken({ userId, sessionId })).token,
      audienceArray: await jwt({ aud: ['x', 'switchboard-api'] }),
      expired: await jwt({ exp: now - 1 }),
      expiresNow: await jwt({ exp: now }),
      notYet: await jwt({ nbf: now + 60 }),
      nbfPast: await jwt({ nbf: now - 60 }),
      noExp: await jwt({ exp: undefined }),
      noIat: await jwt({ iat: undefined }),
      noSub: await jwt({ sub: undefined }),
      stringExp: await jwt({ exp: String(now + 600) }),
      wrongIssuer: await jwt({ iss: 'someone' }),
      wrongAudience: await jwt({ aud: 'other' }),
      refreshTyp: await jwt({ typ: 'refresh' }),
      noSid: await jwt({ sid: undefined }),
      otherSecret: await jwt({}, undefined, other),
      hs512: await jwt({}, { alg: 'HS512' }),
      crit: await new SignJWT({ sid: sessionId, typ: 'access' })
        .setProtectedHeader({ alg: 'HS256', crit: ['exp'] } as never)
        .setSubject(userId)
        .setIssuer('switchboard')
        .setAudience('switchboard-api')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(secret)
        .catch(() => 'x.y.z'),
      algNone: `${b64({ alg: 'none' })}.${p}.`,
      tamperedPayload: `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: sessionId })}.${s}`,
      truncatedSignature: `${h}.${p}.${s.slice(0, -2)}`,
      twoParts: `${h}.${p}`,
      fourParts: `${valid}.x`,
      garbage: 'not a token',
      empty: '',
    };
    for (const [name, token] of Object.entries(tokens)) {
      expect(verifyAccessToken(token), name).toEqual(await viaJose(token));
    }
    expect(verifyAccessToken(valid)).toEqual({ userId, sessionId });
    expect(verifyAccessToken(tokens.expired!)).toBeNull();
    // Stricter than jose in one place: base64url padding ('=') is refused, as RFC 7515 omits it.
    expect(verifyAccessToken(`${valid}=`)).toBeNull();
    // And another: a signature spelled differently that decodes to the same bytes (its last character's two
    // lowest bits are unused) is an altered token, refused.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = [...alphabet]
      .map((c) => s.slice(0, -1) + c)
      .filter((other) => other !== s && Buffer.from(other, 'base64url').equals(Buffer.from(s, 'base64url')));
    expect(sameBytes).toHaveLength(3);
    for (const other of sameBytes) expect(verifyAccessToken(`${h}.${p}.${other}`)).toBeNull();
  });
});
