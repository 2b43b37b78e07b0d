// The server's environment, read and validated once. Every server module takes configuration from here.
import { z } from 'zod';

const DEV_JWT_SECRET = 'switchboard-local-development-secret-do-not-deploy';
const DEV_PUSHER = { appId: 'switchboard', key: 'switchboard-key', secret: 'switchboard-secret' };

const schema = z
  .object({
    NODE_ENV: z.string().optional(),
    VERCEL_ENV: z.enum(['production', 'preview', 'development']).optional(),
    DATABASE_URL: z.string().optional(),
    JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
    APP_URL: z.url('APP_URL must be a URL such as https://switchboard.example.com').optional(),
    PUSHER_APP_ID: z.string().optional(),
    PUSHER_KEY: z.string().optional(),
    PUSHER_SECRET: z.string().optional(),
    PUSHER_CLUSTER: z.string().optional(),
    PUSHER_HOST: z.string().optional(),
    PUSHER_PORT: z.coerce.number().int().positive().optional(),
    STRIPE_SECRET_KEY: z.string().optional(),
    STRIPE_WEBHOOK_SECRET: z.string().optional(),
    VERCEL_GIT_COMMIT_SHA: z.string().optional(),
    CRON_SECRET: z.string().min(16, 'CRON_SECRET must be at least 16 characters').optional(),
    SMTP_URL: z.url('SMTP_URL must be a URL such as smtps://user:pass@smtp.example.com:465').optional(),
    MAIL_FROM: z.string().min(3).optional(),
    TRUST_PROXY: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.VERCEL_ENV && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'JWT_SECRET is required on Vercel (32+ random characters)' });
    }
    const pusher = [env.PUSHER_APP_ID, env.PUSHER_KEY, env.PUSHER_SECRET];
    if (pusher.some(Boolean) && !pusher.every(Boolean)) {
      ctx.addIssue({ code: 'custom', path: ['PUSHER_APP_ID'], message: 'set PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET together' });
    }
  });

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
  stripe: { secretKey?: string; webhookSecret?: string };
  /** Vercel Cron sends `Authorization: Bearer $CRON_SECRET`; without one set, the cron endpoint refuses everyone. */
  cronSecret: string | undefined;
  /** Outgoing email: an SMTP relay URL (none set: mail stays queued with the reason, see mail/). */
  mail: { smtpUrl: string | undefined; from: string };
  /**
   * How far to trust `X-Forwarded-For` for the client address: 'vercel' (Vercel's own `x-real-ip`, set when
   * VERCEL is), a number of proxy hops, or none (the socket address).
   */
  trustProxy: 'vercel' | number;
}

function trustProxyOf(value: string | undefined): 'vercel' | number {
  if (value === undefined || value === '') return process.env.VERCEL ? 'vercel' : 0;
  if (value === 'vercel') return 'vercel';
  if (value === 'false') return 0;
  if (value === 'true') return 1;
  const hops = Number(value);
  if (Number.isInteger(hops) && hops >= 0 && hops <= 10) return hops;
  throw new Error(`Invalid server environment:\n  TRUST_PROXY: use vercel, a number of proxy hops (0-10), true or false`);
}

function load(): ServerEnv {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid server environment:\n${lines}`);
  }
  const env = parsed.data;
  const hasPusher = Boolean(env.PUSHER_APP_ID && env.PUSHER_KEY && env.PUSHER_SECRET);
  const mode: RealtimeMode = env.PUSHER_HOST ? 'local' : hasPusher ? 'pusher' : 'off';
  return {
    production: env.VERCEL_ENV === 'production',
    version: env.VERCEL_GIT_COMMIT_SHA?.slice(0, 7) ?? 'dev',
    databaseUrl: env.DATABASE_URL,
    jwtSecret: env.JWT_SECRET ?? DEV_JWT_SECRET,
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
    stripe: { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET },
    cronSecret: env.CRON_SECRET,
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM ?? 'Switchboard <no-reply@switchboard.local>' },
    trustProxy: trustProxyOf(env.TRUST_PROXY),
  };
}

let cached: ServerEnv | undefined;
export function serverEnv(): ServerEnv {
  cached ??= load();
  return cached;
}
