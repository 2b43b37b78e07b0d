// ASVS 4.0 V13 for a deployment with no proxy declared (TRUST_PROXY unset): the client address is the connection's,
// whatever X-Forwarded-For says. Run by its own test file, because the server reads TRUST_PROXY once per process.
import { expect } from 'vitest';
import { client, limiterKey, query, show, sql, uniqueEmail, type AsvsChapter, type AsvsRow } from '../support.js';

export const v13DirectRows: AsvsRow[] = [
  {
    id: 'V13.2.6',
    requirement:
      'With no trusted proxy, X-Forwarded-For is ignored: requests claiming ten different addresses are counted on the connection’s one, and its limit holds',
    async test() {
      const bucket = 'POST /api/auth/password/forgot';
      const statuses: number[] = [];
      for (let i = 1; i <= 11; i++) {
        const res = await client(`203.0.113.${i}`).post('/api/auth/password/forgot', { email: uniqueEmail() });
        expect([204, 429], show(res)).toContain(res.status);
        statuses.push(res.status);
      }
      const keys = (await query<{ key: string; hits: number }>(sql`select key, hits from rate_limits where bucket = ${bucket}`)).map((r) => r.key);
      expect(keys).toEqual([limiterKey('127.0.0.1')]);
      expect(statuses.slice(0, 10).every((s) => s === 204)).toBe(true);
      expect(statuses[10], 'the eleventh request from one connection, whatever it claims').toBe(429);
    },
  },
];

export const v13Direct: AsvsChapter = {
  chapter: 'V13 API: client address without a proxy',
  file: 'tests/security/asvs-v13-direct.test.ts',
  rows: v13DirectRows,
};
