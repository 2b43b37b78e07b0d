// The one place the SPA reads import.meta.env, checked once at start so a missing value fails loudly and
// names itself. (Plain checks, not zod: zod's core would add ~16 KB gzip to the first load for three keys;
// the SPA has no required VITE_ variable yet. Reach for the contracts' zod when one arrives.)

type Check = { key: string; ok: boolean };

function readEnv() {
  const raw = import.meta.env;
  const checks: Check[] = [
    { key: 'MODE', ok: typeof raw.MODE === 'string' && raw.MODE.length > 0 },
    { key: 'DEV', ok: typeof raw.DEV === 'boolean' },
    { key: 'PROD', ok: typeof raw.PROD === 'boolean' },
    { key: 'VITE_APP_VERSION', ok: raw.VITE_APP_VERSION === undefined || typeof raw.VITE_APP_VERSION === 'string' },
  ];
  const bad = checks.filter((c) => !c.ok).map((c) => c.key);
  if (bad.length > 0) throw new Error(`The SPA's environment is missing or has invalid values for: ${bad.join(', ')}`);
  return {
    mode: raw.MODE,
    isDev: raw.DEV,
    isProd: raw.PROD,
    /** Set by the build if wanted; "dev" otherwise. */
    appVersion: (raw.VITE_APP_VERSION as string | undefined) ?? 'dev',
    /** The API lives on the SPA's own origin (Vercel serves both). */
    apiBaseUrl: '',
  } as const;
}

export const env = readEnv();
