// vercel.json's response headers, as deployed (Vercel applies them) and as the local runtime applies them:
// every answer tells browsers to use HTTPS only, for two years, on the subdomains too. Not `preload`: that
// asks browsers to hard-code the domain, which the owner of a deployment decides, not this repository.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headersFor, readVercelConfig } from './router.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const HSTS = 'max-age=63072000; includeSubDomains';

describe('Strict-Transport-Security', () => {
  it('is in vercel.json once, for every path, without preload', () => {
    const config = JSON.parse(readFileSync(path.join(ROOT, 'vercel.json'), 'utf8')) as {
      headers: { source: string; headers: { key: string; value: string }[] }[];
    };
    const found = config.headers.flatMap((rule) => rule.headers.filter((h) => h.key.toLowerCase() === 'strict-transport-security').map((h) => ({ rule, h })));
    expect(found).toHaveLength(1);
    expect(found[0]!.rule.source).toBe('/(.*)');
    expect(found[0]!.h.value).toBe(HSTS);
    expect(found[0]!.h.value).not.toMatch(/preload/i);
  });

  it.each(['/', '/index.html', '/w/3f1c1a52-5f0c-4f38-9d0a-7d4f2a4b1c11/inbox', '/assets/app-1234.js', '/api/health', '/api/auth/login', '/docs'])(
    'reaches %s',
    (pathname) => {
      expect(headersFor(readVercelConfig(ROOT))(pathname)['Strict-Transport-Security']).toBe(HSTS);
    },
  );
});
