// Browser tests: Playwright driving Debian's Chromium against `npm run dev` on a free port, with a fresh
// in-memory database seeded with the demo workspace.
import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

// Picked once in the main process; workers inherit it through the environment.
process.env.E2E_PORT ??= execFileSync(process.execPath, [
  '-e',
  "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
]).toString();
// 127.0.0.1, where `npm run dev` listens: `localhost` may resolve to ::1 first. Cookies belong to one host name,
// so every page and request of the tests uses this one.
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'npm run dev',
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    // TRUST_PROXY=1: the client address is the right-most X-Forwarded-For entry, which each test sets to an
    // address of its own (e2e/support/test.ts), so per-address limits count tests apart rather than the whole run.
    env: { PORT: process.env.E2E_PORT, HOST: '127.0.0.1', DATABASE_URL: 'memory://', TRUST_PROXY: '1' },
  },
});
