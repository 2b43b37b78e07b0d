// The refresh-token cookie: HttpOnly, SameSite=Strict, scoped to /api/auth, Secure over https.
import type { VercelRequest, VercelResponse } from '@vercel/node';
import { serverEnv } from '../env.js';
import { REFRESH_TOKEN_TTL_SECONDS } from './tokens.js';

export const REFRESH_COOKIE = 'sb_refresh';

function secure(req: VercelRequest): boolean {
  const proto = req.headers['x-forwarded-proto'];
  return proto === 'https' || Boolean(serverEnv().appUrl?.startsWith('https:'));
}

function cookie(req: VercelRequest, value: string, maxAge: number): string {
  return [`${REFRESH_COOKIE}=${value}`, 'Path=/api/auth', `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Strict', ...(secure(req) ? ['Secure'] : [])].join('; ');
}

export function setRefreshCookie(req: VercelRequest, res: VercelResponse, token: string): void {
  res.setHeader('Set-Cookie', cookie(req, token, REFRESH_TOKEN_TTL_SECONDS));
}

export function clearRefreshCookie(req: VercelRequest, res: VercelResponse): void {
  res.setHeader('Set-Cookie', cookie(req, '', 0));
}

export function readRefreshCookie(req: VercelRequest): string | null {
  const value = req.cookies[REFRESH_COOKIE];
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}
