// The server's environment, read and validated once. Every server module takes configuration from here.
import { hkdfSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Where a checkout keeps its own development JWT secret (beside the embedded database in `.data/`). */
export const DEV_JWT_SECRET_FILE = path.resolve('.data/jwt-secret');
/** The fixed development secret of earlier versions: public, so a deployment must never sign with it. */
const PUBLISHED_SECRET = 'switchboard-local-development-secret-do-not-deploy';
const MIN_SECRET_BYTES = 32;
const DEV_PUSHER = { appId: 'switchboard', key: 'switchboard-key', secret: 'switchboard-secret' };

const schema = z
  .object({
    NODE_ENV: z.string().optional(),
    VERCEL: z.string().optional(),
    VERCEL_ENV: z.enum(['production', 'preview', 'development']).optional(),
    DATABASE_URL: z.string().optional(),
    JWT_SECRET: z
      .string()
      .refine((value) => Buffer.byteLength(value) >= MIN_SECRET_BYTES, `must be at least ${MIN_SECRET_BYTES} bytes (e.g. openssl rand -base64 48)`)
      .optional(),
    APP_URL: z.url('APP_URL must be a URL such as https://switchboard.example.com').optional(),
    PUSHER_APP_ID: z.string().optional(),
    PUSHER_KEY: z.string().optional(),
    PUSHER_SECRET: z.string().optional(),
    PUSHER_CLUSTER: z.string().optional(),
    PUSHER_HOST: z.string().optional(),
    PUSHER_PORT: z.coerce.number().int().positive().optional(),
    STRIPE_SECRET_KEY: z.string().optional(),
    STRIPE_WEBHOOK_SECRET: z.string().optional(),
    STRIPE_API_URL: z.url('STRIPE_API_URL must be a URL such as http://127.0.0.1:12111').optional(),
    STRIPE_PRO_PRICE_ID: z.string().optional(),
    VERCEL_GIT_COMMIT_SHA: z.string().optional(),
    CRON_SECRET: z.string().min(16, 'CRON_SECRET must be at least 16 characters').optional(),
    SMTP_URL: z.url('SMTP_URL must be a URL such as smtps://user:pass@smtp.example.com:465').optional(),
    MAIL_FROM: z.string().min(3).optional(),
    TRUST_PROXY: z.string().optional(),
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false'], 'WEBHOOKS_ALLOW_PRIVATE_TARGETS must be true or false').optional(),
    WEBHOOKS_RETRY_BASE_SECONDS: z.coerce.number().positive('WEBHOOKS_RETRY_BASE_SECONDS must be a positive number of seconds').optional(),
    CHANNEL_RETRY_BASE_SECONDS: z.coerce.number().positive('CHANNEL_RETRY_BASE_SECONDS must be a positive number of seconds').optional(),
    API_KEY_RATE_LIMIT: z.coerce.number().int().min(1, 'API_KEY_RATE_LIMIT must be at least 1').optional(),
    ENCRYPTION_KEY: z
      .string()
      .refine((value) => keyBytes(value) !== null, 'must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)')
      .optional(),
    ENCRYPTION_KEY_PREVIOUS: z
      .string()
      .refine((value) => value.split(',').every((k) => keyBytes(k.trim()) !== null), 'must be comma-separated 32-byte keys (hex or base64)')
      .optional(),
    TELEGRAM_API_URL: z.url('TELEGRAM_API_URL must be a URL').optional(),
    META_GRAPH_URL: z.url('META_GRAPH_URL must be a URL').optional(),
    META_OAUTH_URL: z.url('META_OAUTH_URL must be a URL').optional(),
    META_TOKEN_URL: z.url('META_TOKEN_URL must be a URL').optional(),
    META_APP_ID: z.string().optional(),
    META_APP_SECRET: z.string().optional(),
    META_VERIFY_TOKEN: z.string().optional(),
    VIBER_API_URL: z.url('VIBER_API_URL must be a URL').optional(),
    TIKTOK_API_URL: z.url('TIKTOK_API_URL must be a URL').optional(),
    TIKTOK_OAUTH_URL: z.url('TIKTOK_OAUTH_URL must be a URL').optional(),
    TIKTOK_TOKEN_URL: z.url('TIKTOK_TOKEN_URL must be a URL').optional(),
    TIKTOK_CLIENT_KEY: z.string().optional(),
    TIKTOK_CLIENT_SECRET: z.string().optional(),
    AI_BASE_URL: z.url('AI_BASE_URL must be a URL such as https://api.openai.com/v1').optional(),
    AI_API_KEY: z.string().optional(),
    AI_MODEL: z.string().optional(),
    VAPID_PUBLIC_KEY: z.string().optional(),
    VAPID_PRIVATE_KEY: z.string().optional(),
    VAPID_SUBJECT: z.string().optional(),
    /** Development and tests: the PEM certificate of the local push service stand-in, trusted for push requests. */
    PUSH_SERVICE_CA: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (deployed(env) && !env.JWT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: `required when ${env.VERCEL_ENV ? `VERCEL_ENV is set (${env.VERCEL_ENV})` : 'NODE_ENV=production'}: ${MIN_SECRET_BYTES}+ random bytes, e.g. openssl rand -base64 48`,
      });
    }
    if (deployed(env) && env.JWT_SECRET === PUBLISHED_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is the published development secret; set a random one (openssl rand -base64 48)' });
    }
    const pusher = [env.PUSHER_APP_ID, env.PUSHER_KEY, env.PUSHER_SECRET];
    if (pusher.some(Boolean) && !pusher.every(Boolean)) {
      ctx.addIssue({ code: 'custom', path: ['PUSHER_APP_ID'], message: 'set PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET together' });
    }
  });

/** A 32-byte key from 64 hex digits or base64/base64url, else null. */
export function keyBytes(value: string): Buffer | null {
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  const bytes = Buffer.from(value, /[-_]/.test(value) ? 'base64url' : 'base64');
  return bytes.length === 32 ? bytes : null;
}

export type RealtimeMode = 'pusher' | 'local' | 'off';

export interface ServerEnv {
  production: boolean;
  version: string;
  databaseUrl: string | undefined;
  jwtSecret: string;
  appUrl: string | undefined;
  realtime: {
    mode: RealtimeMode;
    appId: string;
    key: string;
    secret: string;
    cluster: string;
    host?: string;
    port?: number;
  };
  /**
   * Stripe: the secret key and webhook signing secret; `apiUrl` points the SDK at the local stand-in (dev and
   * tests only); `proPriceId` is the recurring Price of the pro plan (unset: this deployment sells no plans).
   */
  stripe: { secretKey?: string; webhookSecret?: string; apiUrl?: string; proPriceId?: string };
  /** Vercel Cron sends `Authorization: Bearer $CRON_SECRET`; without one set, the cron endpoint refuses everyone. */
  cronSecret: string | undefined;
  /** Outgoing email: an SMTP relay URL (none set: mail stays queued with the reason, see mail/). */
  mail: { smtpUrl: string | undefined; from: string };
  /**
   * How far to trust `X-Forwarded-For` for the client address: 'vercel' (Vercel's own `x-real-ip`, set when
   * VERCEL is), a number of proxy hops, or none (the socket address).
   */
  trustProxy: 'vercel' | number;
  /**
   * Outbound webhooks: whether endpoints may point at private, loopback or link-local addresses (refused in
   * production, NODE_ENV=production or VERCEL_ENV production/preview, unless WEBHOOKS_ALLOW_PRIVATE_TARGETS=true;
   * allowed elsewhere unless it is false), and the first retry's delay (WEBHOOKS_RETRY_BASE_SECONDS, default 30;
   * each later one is four times the previous).
   */
  webhooks: { allowPrivateTargets: boolean; retryBaseSeconds: number };
  /** Requests one API key may make per minute (API_KEY_RATE_LIMIT, default 600). */
  apiKeyRateLimit: number;
  /**
   * Channels: the AES-256-GCM keys of stored secrets (ENCRYPTION_KEY first, then ENCRYPTION_KEY_PREVIOUS, still
   * read during a rotation; none on a deployment without ENCRYPTION_KEY, a development key derived from the JWT
   * secret elsewhere) and each provider's base URLs and app credentials (the URLs are settings so that
   * development and tests point them at local stand-ins).
   */
  channels: {
    encryptionKeys: Buffer[];
    /** The wait before a failed channel delivery's first retry (CHANNEL_RETRY_BASE_SECONDS, default 30); each later wait is 4× the previous. */
    retryBaseSeconds: number;
    telegram: { apiUrl: string };
    /** oauthUrl: the authorization dialog; tokenUrl: where a code is exchanged (default `{graphUrl}/oauth/access_token`). */
    meta: { graphUrl: string; oauthUrl: string; tokenUrl: string; appId?: string; appSecret?: string; verifyToken?: string };
    viber: { apiUrl: string };
    tiktok: { apiUrl: string; oauthUrl: string; tokenUrl: string; clientKey?: string; clientSecret?: string };
  };
  /** The AI assistant's OpenAI-compatible API (all three of AI_BASE_URL, AI_API_KEY, AI_MODEL), else off. */
  ai: { baseUrl: string; apiKey: string; model: string } | null;
  /** Web push VAPID keys (both set), else push is off. */
  push: { publicKey: string; privateKey: string; subject: string; serviceCa?: string } | null;
}

function trustProxyOf(value: string | undefined, vercel: boolean): 'vercel' | number {
  if (value === undefined || value === '') return vercel ? 'vercel' : 0;
  if (value === 'vercel') return 'vercel';
  if (value === 'false') return 0;
  if (value === 'true') return 1;
  const hops = Number(value);
  if (Number.isInteger(hops) && hops >= 0 && hops <= 10) return hops;
  throw new Error(`Invalid server environment:\n  TRUST_PROXY: use vercel, a number of proxy hops (0-10), true or false`);
}

/** A deployment (or a production build run anywhere): it must be given its secrets, never fall back to local ones. */
function deployed(env: { NODE_ENV?: string; VERCEL_ENV?: string }): boolean {
  return env.NODE_ENV === 'production' || Boolean(env.VERCEL_ENV);
}

/**
 * The development JWT secret of this checkout: random bytes generated into `.data/jwt-secret` (mode 0600) the
 * first time it is needed, then read from there, so tokens survive restarts and no two checkouts share one.
 * Concurrent first starts (test workers) agree: the file appears at once, whole, through a hard link.
 */
export function developmentJwtSecret(file: string = DEV_JWT_SECRET_FILE): string {
  const invalid = (reason: string, cause?: unknown) => new Error(`Invalid server environment:\n  JWT_SECRET: unset, and ${reason}`, { cause });
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw invalid(`${file} cannot be read (${(err as Error).message})`, err);
    try {
      createSecretFile(file);
      secret = readFileSync(file, 'utf8').trim();
    } catch (writeErr) {
      throw invalid(`no development secret could be written to ${file} (${(writeErr as Error).message})`, writeErr);
    }
  }
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) throw invalid(`${file} holds fewer than ${MIN_SECRET_BYTES} bytes (delete it to generate a new one)`);
  return secret;
}

/** Writes a new secret beside the file, then links it into place: whoever links first wins, nobody reads half a file. */
function createSecretFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(draft);
  }
}

export interface LoadOptions {
  /** Where the development secret lives (tests point it elsewhere). */
  devSecretFile?: string;
}

/**
 * Validates an environment and derives the server's configuration from it. Throws one error listing every
 * wrong variable by name. Blank values count as unset.
 */
export function loadServerEnv(source: NodeJS.ProcessEnv, options: LoadOptions = {}): ServerEnv {
  const given = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid server environment:\n${lines}`);
  }
  const env = parsed.data;
  const hasPusher = Boolean(env.PUSHER_APP_ID && env.PUSHER_KEY && env.PUSHER_SECRET);
  // Required (and checked above) wherever deployed(); only a development run reaches the checkout's file.
  const jwtSecret = env.JWT_SECRET ?? developmentJwtSecret(options.devSecretFile);
  const mode: RealtimeMode = env.PUSHER_HOST ? 'local' : hasPusher ? 'pusher' : 'off';
  return {
    production: env.VERCEL_ENV === 'production',
    version: env.VERCEL_GIT_COMMIT_SHA?.slice(0, 7) ?? 'dev',
    databaseUrl: env.DATABASE_URL,
    jwtSecret,
    appUrl: env.APP_URL,
    realtime: {
      mode,
      appId: env.PUSHER_APP_ID ?? DEV_PUSHER.appId,
      key: env.PUSHER_KEY ?? DEV_PUSHER.key,
      secret: env.PUSHER_SECRET ?? DEV_PUSHER.secret,
      cluster: env.PUSHER_CLUSTER ?? 'local',
      host: env.PUSHER_HOST,
      port: env.PUSHER_PORT,
    },
    stripe: {
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      apiUrl: env.STRIPE_API_URL,
      proPriceId: env.STRIPE_PRO_PRICE_ID,
    },
    cronSecret: env.CRON_SECRET,
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM ?? 'Switchboard <no-reply@switchboard.local>' },
    trustProxy: trustProxyOf(env.TRUST_PROXY, Boolean(env.VERCEL)),
    webhooks: {
      allowPrivateTargets:
        env.WEBHOOKS_ALLOW_PRIVATE_TARGETS === undefined
          ? !(env.NODE_ENV === 'production' || env.VERCEL_ENV === 'production' || env.VERCEL_ENV === 'preview')
          : env.WEBHOOKS_ALLOW_PRIVATE_TARGETS === 'true',
      retryBaseSeconds: env.WEBHOOKS_RETRY_BASE_SECONDS ?? 30,
    },
    apiKeyRateLimit: env.API_KEY_RATE_LIMIT ?? 600,
    channels: {
      encryptionKeys: encryptionKeys(env, jwtSecret),
      retryBaseSeconds: env.CHANNEL_RETRY_BASE_SECONDS ?? 30,
      telegram: { apiUrl: trimSlash(env.TELEGRAM_API_URL ?? 'https://api.telegram.org') },
      meta: {
        graphUrl: trimSlash(env.META_GRAPH_URL ?? 'https://graph.facebook.com/v21.0'),
        oauthUrl: trimSlash(env.META_OAUTH_URL ?? 'https://www.facebook.com/v21.0/dialog/oauth'),
        tokenUrl: env.META_TOKEN_URL ?? `${trimSlash(env.META_GRAPH_URL ?? 'https://graph.facebook.com/v21.0')}/oauth/access_token`,
        appId: env.META_APP_ID,
        appSecret: env.META_APP_SECRET,
        verifyToken: env.META_VERIFY_TOKEN,
      },
      viber: { apiUrl: trimSlash(env.VIBER_API_URL ?? 'https://chatapi.viber.com/pa') },
      tiktok: {
        apiUrl: trimSlash(env.TIKTOK_API_URL ?? 'https://business-api.tiktok.com/open_api/v1.3'),
        oauthUrl: trimSlash(env.TIKTOK_OAUTH_URL ?? 'https://www.tiktok.com/v2/auth/authorize'),
        tokenUrl: env.TIKTOK_TOKEN_URL ?? 'https://open.tiktokapis.com/v2/oauth/token/',
        clientKey: env.TIKTOK_CLIENT_KEY,
        clientSecret: env.TIKTOK_CLIENT_SECRET,
      },
    },
    ai: env.AI_BASE_URL && env.AI_API_KEY && env.AI_MODEL ? { baseUrl: trimSlash(env.AI_BASE_URL), apiKey: env.AI_API_KEY, model: env.AI_MODEL } : null,
    push:
      env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
        ? {
            publicKey: env.VAPID_PUBLIC_KEY,
            privateKey: env.VAPID_PRIVATE_KEY,
            subject: env.VAPID_SUBJECT ?? env.APP_URL ?? 'mailto:admin@switchboard.local',
            ...(env.PUSH_SERVICE_CA ? { serviceCa: env.PUSH_SERVICE_CA } : {}),
          }
        : null,
  };
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The current key first, then the previous ones; a development run without one derives it from the JWT secret. */
function encryptionKeys(
  env: { ENCRYPTION_KEY?: string; ENCRYPTION_KEY_PREVIOUS?: string; NODE_ENV?: string; VERCEL_ENV?: string },
  jwtSecret: string,
): Buffer[] {
  const previous = (env.ENCRYPTION_KEY_PREVIOUS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => keyBytes(k)!);
  if (env.ENCRYPTION_KEY) return [keyBytes(env.ENCRYPTION_KEY)!, ...previous];
  // A deployment without ENCRYPTION_KEY stores no secrets (connecting a channel answers 503 naming it).
  if (deployed(env)) return [];
  return [Buffer.from(hkdfSync('sha256', jwtSecret, 'switchboard', 'channel-credentials', 32))];
}

let cached: ServerEnv | undefined;
export function serverEnv(): ServerEnv {
  cached ??= loadServerEnv(process.env);
  return cached;
}
