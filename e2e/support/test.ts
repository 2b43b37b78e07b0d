// The `test` and `expect` every spec imports. The dev server runs with TRUST_PROXY=1 (playwright.config.ts), so
// it takes the client's address from the right-most X-Forwarded-For entry; each test sends an address of its own
// from every browser context and request context it makes (Playwright hands a test's `extraHTTPHeaders` to
// each context the test creates). The per-address limits (e.g. 10 registrations an hour) then count each test
// apart, as they would count different people, instead of counting the whole run as one client at 127.0.0.1.
import { randomInt } from 'node:crypto';
import { test as base, expect } from '@playwright/test';

/** A random address in 198.18.0.0/15 (reserved for network testing, RFC 2544): never a real client's. */
export function testClientAddress(): string {
  const n = randomInt(1, 2 ** 17 - 1);
  return `198.${18 + (n >> 16)}.${(n >> 8) & 0xff}.${n & 0xff}`;
}

/** A header that makes one request come from `address` (per call: it replaces the test's own address). */
export const fromAddress = (address = testClientAddress()) => ({ 'x-forwarded-for': address });

export const test = base.extend<{ clientAddress: string }>({
  /** The address this test's browsers and requests come from. */
  // Playwright reads a fixture's dependencies from its first parameter, which must be a destructuring pattern.
  // eslint-disable-next-line no-empty-pattern
  clientAddress: async ({}, use) => {
    await use(testClientAddress());
  },
  extraHTTPHeaders: async ({ extraHTTPHeaders, clientAddress }, use) => {
    await use({ ...extraHTTPHeaders, ...fromAddress(clientAddress) });
  },
});

export { expect };
