// The local stand-ins for the cloud services, started together in one process (`npm run services`, and
// `npm run dev` before the local runtime). Functions reach them only through environment variables, which
// are written to `.env.local`, so any number of function processes (`vercel dev` runs each function in a
// process of its own) share one database, one realtime server and one mailbox. Add a stand-in (Stripe, a
// channel provider) by appending to STAND_INS.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { developmentJwtSecret } from '../api/_lib/env.js';
import { parseDatabaseUrl } from '../db/client.js';

export interface StandInContext {
  /** The environment the stand-ins are configured from (process.env plus `.env`). */
  env: NodeJS.ProcessEnv;
  /** 'fixed': the default ports (or their *_PORT overrides); 'ephemeral': any free port (throwaway runs). */
  ports: 'fixed' | 'ephemeral';
  log: (message: string) => void;
}

export interface RunningStandIn {
  name: string;
  /** One line for the start-up banner. */
  summary: string;
  /** The variables that point functions at it. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface StandIn {
  name: string;
  /** Why it is not needed (the environment names the real service), or null to start it. */
  skipReason(env: NodeJS.ProcessEnv): string | null;
  start(context: StandInContext): Promise<RunningStandIn>;
}

/** The port to listen on: the override variable, else the default, else any free port for throwaway runs. */
export function portFor(context: StandInContext, variable: string, fallback: number): number {
  const value = context.env[variable];
  if (value) {
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${variable} must be a port number, not "${value}"`);
    return port;
  }
  return context.ports === 'fixed' ? fallback : 0;
}

/** Credentials of the local Pusher-protocol server (it is local; these are not secrets). */
export const LOCAL_PUSHER = { appId: 'switchboard', key: 'switchboard-key', secret: 'switchboard-secret' };

const database: StandIn = {
  name: 'database',
  skipReason(env) {
    const target = parseDatabaseUrl(env.DATABASE_URL);
    return target.kind === 'pglite' ? null : `DATABASE_URL names a ${target.kind === 'neon' ? 'Neon' : 'Postgres'} server`;
  },
  async start(context) {
    const target = parseDatabaseUrl(context.env.DATABASE_URL);
    if (target.kind !== 'pglite') throw new Error('the database stand-in serves PGlite only');
    const [{ openDatabase }, { seedDemo }, { servePglite }, { encryptSecret }, { loadServerEnv }] = await Promise.all([
      import('../db/client.js'),
      import('../db/seed.js'),
      import('./services-postgres.js'),
      import('../api/_lib/channels/crypto.js'),
      import('../api/_lib/env.js'),
    ]);
    const opened = await openDatabase(target); // migrates
    // The demo Telegram bot's token is stored as the functions will read it: with this checkout's key.
    const keys = loadServerEnv(context.env).channels.encryptionKeys;
    const { created } = await seedDemo(opened.db, { encryptSecret: (value, aad) => encryptSecret(value, aad, keys) });
    const client = (opened.db as unknown as { $client: import('@electric-sql/pglite').PGlite }).$client;
    let server;
    try {
      server = await servePglite(client, { port: portFor(context, 'PGLITE_PORT', 55432), log: context.log });
    } catch (err) {
      await opened.close();
      throw portError(err, 'PGLITE_PORT');
    }
    const where = target.dataDir ? path.relative(process.cwd(), target.dataDir) || target.dataDir : 'memory';
    return {
      name: 'database',
      summary: `PGlite (${where})${created ? ', demo data seeded' : ''} at ${server.url}`,
      env: { DATABASE_URL: server.url },
      async close() {
        await server.close();
        await opened.close();
      },
    };
  },
};

const realtime: StandIn = {
  name: 'realtime',
  skipReason: (env) => (env.PUSHER_APP_ID ? 'PUSHER_APP_ID names a Pusher app' : null),
  async start(context) {
    const { startPusherServer } = await import('./pusher-server.js');
    let server;
    try {
      server = await startPusherServer({ ...LOCAL_PUSHER, port: portFor(context, 'PUSHER_PORT', 6001) });
    } catch (err) {
      throw portError(err, 'PUSHER_PORT');
    }
    return {
      name: 'realtime',
      summary: `Pusher-protocol server at ws://${server.host}:${server.port}`,
      env: {
        PUSHER_APP_ID: LOCAL_PUSHER.appId,
        PUSHER_KEY: LOCAL_PUSHER.key,
        PUSHER_SECRET: LOCAL_PUSHER.secret,
        PUSHER_HOST: server.host,
        PUSHER_PORT: String(server.port),
      },
      close: () => server.close(),
    };
  },
};

const mail: StandIn = {
  name: 'mail',
  skipReason: (env) => (env.SMTP_URL ? 'SMTP_URL names an SMTP relay' : null),
  async start(context) {
    const { startMailCatcher } = await import('./mail-catcher.js');
    const smtpPort = portFor(context, 'SMTP_PORT', 2525);
    let catcher;
    try {
      catcher = await startMailCatcher({ port: smtpPort, httpPort: portFor(context, 'DEV_MAIL_PORT', 2526) });
    } catch (err) {
      throw portError(err, (err as { port?: number }).port === smtpPort ? 'SMTP_PORT' : 'DEV_MAIL_PORT');
    }
    return {
      name: 'mail',
      summary: `SMTP catcher at ${catcher.smtpUrl}; caught mail at /_dev/mail (also ${catcher.httpUrl}/_dev/mail)`,
      // DEV_MAIL_URL is where the local runtime finds the mailbox it shows at /_dev/mail.
      env: { SMTP_URL: catcher.smtpUrl, DEV_MAIL_URL: catcher.httpUrl! },
      close: () => catcher.close(),
    };
  },
};

/**
 * Where the Stripe stand-in sends webhooks, asked at each event: STRIPE_WEBHOOK_URL when set (empty: nowhere),
 * else the app's `/api/webhooks/stripe` on APP_URL (which `npm run dev` sets once the runtime listens), else on
 * 127.0.0.1:PORT (3000 by default, where `vercel dev` listens too); nowhere while a free port is still unknown.
 */
export function stripeWebhookUrl(env: NodeJS.ProcessEnv): string | null {
  if (env.STRIPE_WEBHOOK_URL !== undefined) return env.STRIPE_WEBHOOK_URL || null;
  if (env.APP_URL) return new URL('/api/webhooks/stripe', env.APP_URL).toString();
  const port = env.PORT ?? '3000';
  return port === '0' ? null : `http://127.0.0.1:${port}/api/webhooks/stripe`;
}

const stripe: StandIn = {
  name: 'stripe',
  skipReason: (env) => (env.STRIPE_SECRET_KEY ? 'STRIPE_SECRET_KEY names a Stripe account' : null),
  async start(context) {
    const { startStripeServer, LOCAL_STRIPE } = await import('./stripe-server.js');
    let server;
    try {
      server = await startStripeServer({ port: portFor(context, 'STRIPE_PORT', 12111), webhookUrl: () => stripeWebhookUrl(context.env) });
    } catch (err) {
      throw portError(err, 'STRIPE_PORT');
    }
    const target = server.webhookUrl();
    return {
      name: 'stripe',
      summary: `Stripe API stand-in at ${server.url}; webhooks to ${target ?? "the app's /api/webhooks/stripe"}; events at /_dev/stripe (also ${server.url}/_dev/stripe)`,
      // STRIPE_API_URL is what the functions' Stripe client reaches (host, port, protocol); DEV_STRIPE_URL is where
      // the local runtime finds the events page it shows at /_dev/stripe (the same server).
      env: {
        STRIPE_SECRET_KEY: LOCAL_STRIPE.secretKey,
        STRIPE_WEBHOOK_SECRET: LOCAL_STRIPE.webhookSecret,
        STRIPE_API_URL: server.url,
        STRIPE_PRO_PRICE_ID: LOCAL_STRIPE.proPriceId,
        DEV_STRIPE_URL: server.url,
      },
      close: () => server.close(),
    };
  },
};

const ai: StandIn = {
  name: 'ai',
  skipReason: (env) => (env.AI_BASE_URL ? 'AI_BASE_URL names an AI API' : null),
  async start(context) {
    const { startAiServer } = await import('./ai-server.js');
    let server;
    try {
      server = await startAiServer({ port: portFor(context, 'AI_PORT', 12120) });
    } catch (err) {
      throw portError(err, 'AI_PORT');
    }
    return {
      name: 'ai',
      summary: `AI assistant stand-in (OpenAI-compatible, deterministic) at ${server.baseUrl}`,
      env: { AI_BASE_URL: server.baseUrl, AI_API_KEY: server.apiKey, AI_MODEL: server.model },
      close: () => server.close(),
    };
  },
};

/** Where the channel-provider stand-in posts customers' messages: the app's origin (APP_URL once the runtime listens, else PORT). */
export function channelAppUrl(env: NodeJS.ProcessEnv): string | null {
  if (env.APP_URL) return env.APP_URL.replace(/\/+$/, '');
  const port = env.PORT ?? '3000';
  return port === '0' ? null : `http://127.0.0.1:${port}`;
}

const channelProviders: StandIn = {
  name: 'channels',
  skipReason: (env) =>
    env.TELEGRAM_API_URL || env.VIBER_API_URL || env.TIKTOK_API_URL ? 'TELEGRAM_API_URL, VIBER_API_URL or TIKTOK_API_URL names a provider' : null,
  async start(context) {
    const { startChannelProviders, LOCAL_TIKTOK_CLIENT_SECRET } = await import('./channel-providers/server.js');
    const tiktokClientSecret = context.env.TIKTOK_CLIENT_SECRET || LOCAL_TIKTOK_CLIENT_SECRET;
    let server;
    try {
      server = await startChannelProviders({ port: portFor(context, 'CHANNELS_PORT', 12130), appUrl: () => channelAppUrl(context.env), tiktokClientSecret });
    } catch (err) {
      throw portError(err, 'CHANNELS_PORT');
    }
    return {
      name: 'channels',
      summary: `Telegram, Viber, TikTok and Meta API stand-ins at ${server.url}; write as a customer at /_dev/channels`,
      // DEV_CHANNELS_URL is where the local runtime finds the simulator it shows at /_dev/channels.
      env: { ...server.env, TIKTOK_CLIENT_SECRET: tiktokClientSecret },
      close: () => server.close(),
    };
  },
};

/**
 * The channels' OAuth connect flows: oauth2-mock-server as Meta's and TikTok's authorization server (the app
 * identity, META_APP_ID and the rest, comes with the channel providers' stand-in; TikTok's client key here).
 */
const oauth: StandIn = {
  name: 'oauth',
  skipReason: (env) => (env.META_OAUTH_URL || env.TIKTOK_OAUTH_URL ? 'META_OAUTH_URL or TIKTOK_OAUTH_URL names an authorization server' : null),
  async start(context) {
    const { startOAuthServer, LOCAL_TIKTOK_CLIENT_KEY } = await import('./oauth-server.js');
    let server;
    try {
      server = await startOAuthServer({ port: portFor(context, 'OAUTH_PORT', 12140) });
    } catch (err) {
      throw portError(err, 'OAUTH_PORT');
    }
    return {
      name: 'oauth',
      summary: `OAuth authorization server for Facebook, Instagram, WhatsApp and TikTok connect flows at ${server.url}`,
      env: { ...server.env, TIKTOK_CLIENT_KEY: context.env.TIKTOK_CLIENT_KEY || LOCAL_TIKTOK_CLIENT_KEY },
      close: () => server.close(),
    };
  },
};

/** Every stand-in, started in this order. */
/**
 * Web push: this checkout's VAPID key pair, generated once into `.data/vapid.json` (0600), so browsers that
 * subscribed stay subscribed across restarts. Browsers push through their own vendors' services.
 */
const push: StandIn = {
  name: 'push',
  skipReason: (env) => (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY ? 'VAPID_PUBLIC_KEY names a key pair' : null),
  async start() {
    const file = path.resolve('.data/vapid.json');
    let keys: { publicKey: string; privateKey: string };
    if (existsSync(file)) keys = JSON.parse(readFileSync(file, 'utf8')) as typeof keys;
    else {
      const webpush = (await import('web-push')).default;
      keys = webpush.generateVAPIDKeys();
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(keys)}\n`, { mode: 0o600 });
    }
    return {
      name: 'push',
      summary: `Web push signed with the VAPID key pair in ${path.relative(process.cwd(), file)}`,
      env: { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey },
      close: async () => {},
    };
  },
};

export const STAND_INS: StandIn[] = [database, realtime, mail, stripe, ai, push, channelProviders, oauth];

function portError(err: unknown, variable: string): unknown {
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e?.code === 'EADDRINUSE') return new Error(`port ${e.port} is in use: stop what holds it or set ${variable} to another port`);
  return err;
}

export interface Services {
  /** The variables of every started stand-in (what `.env.local` receives). */
  env: Record<string, string>;
  running: RunningStandIn[];
  skipped: { name: string; reason: string }[];
  /** What happened to the env file: written, or kept because it holds other settings. */
  envFile: 'written' | 'kept' | null;
  close(): Promise<void>;
}

export interface StartServicesOptions {
  env?: NodeJS.ProcessEnv;
  ports?: 'fixed' | 'ephemeral';
  /** Where to write the variables (`.env.local`), or null. */
  envFile?: string | null;
  /** Marks the embedded database folder as served by this process while it runs (see findRunningServices). */
  lock?: boolean;
  standIns?: StandIn[];
  log?: (message: string) => void;
}

/** A file beside the PGlite folder saying which process serves it, with the variables that reach it. */
export function lockFileFor(env: NodeJS.ProcessEnv): string | null {
  const target = parseDatabaseUrl(env.DATABASE_URL);
  return target.kind === 'pglite' && target.dataDir ? `${target.dataDir}.services.json` : null;
}

interface LockContents {
  pid: number;
  env: Record<string, string>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function readLock(file: string): Promise<{ lock: LockContents; state: 'serving' | 'starting' | 'stale' } | null> {
  let lock: LockContents;
  try {
    lock = JSON.parse(readFileSync(file, 'utf8')) as LockContents;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : { lock: { pid: 0, env: {} }, state: 'stale' };
  }
  if (!isAlive(lock.pid)) return { lock, state: 'stale' };
  if (!lock.env.DATABASE_URL) return { lock, state: 'starting' };
  // A live pid whose port answers nothing is a stale file whose pid was reused.
  return { lock, state: (await accepts(lock.env.DATABASE_URL)) ? 'serving' : 'stale' };
}

/** The services another process runs for this environment's PGlite folder (waiting while they start), if any. */
export async function findRunningServices(env: NodeJS.ProcessEnv, waitMs = 60_000): Promise<LockContents | null> {
  const file = lockFileFor(env);
  if (!file) return null;
  for (const deadline = Date.now() + waitMs; ;) {
    const found = await readLock(file);
    if (!found || found.state === 'stale') return null;
    if (found.state === 'serving' || Date.now() > deadline) return found.lock;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Claims the PGlite folder for this process (an exclusive create, so two starting processes cannot both win). */
async function claim(file: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, env: {} } satisfies LockContents), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
    }
    const found = await readLock(file);
    if (found && found.state !== 'stale') {
      throw new Error(
        `process ${found.lock.pid} already serves this database; two processes must never open one PGlite folder (stop it, or use the variables it wrote)`,
      );
    }
    rmSync(file, { force: true });
  }
}

export const ENV_FILE_HEADER = '# Written by `npm run services` (and `npm run dev`) on every start: how functions reach the local stand-ins.';

/** Writes the variables to `.env.local` unless that file holds someone else's settings; says what it did. */
export function writeEnvFile(file: string, env: Record<string, string>): 'written' | 'kept' {
  if (existsSync(file) && !readFileSync(file, 'utf8').startsWith(ENV_FILE_HEADER)) return 'kept';
  const lines = Object.entries(env).map(([key, value]) => `${key}=${value}`);
  writeFileSync(file, `${ENV_FILE_HEADER}\n# Your own settings belong in .env; this file is replaced.\n${lines.join('\n')}\n`);
  return 'written';
}

export async function startServices(options: StartServicesOptions = {}): Promise<Services> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((message: string) => console.warn(message));
  const context: StandInContext = { env, ports: options.ports ?? 'fixed', log };
  const lockFile = options.lock ? lockFileFor(env) : null;
  if (lockFile) {
    mkdirSync(path.dirname(lockFile), { recursive: true });
    await claim(lockFile);
  }
  const running: RunningStandIn[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const close = async () => {
    if (lockFile) rmSync(lockFile, { force: true });
    for (const service of [...running].reverse()) await service.close();
  };
  try {
    for (const standIn of options.standIns ?? STAND_INS) {
      const reason = standIn.skipReason(env);
      if (reason) skipped.push({ name: standIn.name, reason });
      else running.push(await standIn.start(context));
    }
  } catch (err) {
    await close();
    throw err;
  }
  const vars = Object.assign({}, ...running.map((s) => s.env)) as Record<string, string>;
  if (lockFile) writeFileSync(lockFile, JSON.stringify({ pid: process.pid, env: vars } satisfies LockContents));
  // `vercel dev` runs functions with VERCEL_ENV=development, where JWT_SECRET is required: give it this
  // checkout's development secret (the one `npm run dev` signs with), unless the environment names one.
  const envFile = options.envFile ? writeEnvFile(options.envFile, { ...vars, ...(env.JWT_SECRET ? {} : { JWT_SECRET: developmentJwtSecret() }) }) : null;
  return { env: vars, running, skipped, envFile, close };
}
