// The API test app catches mail: SMTP_URL points the functions' sendMail() at `app.mail`, which tests read
// directly or through the app's /_dev/mail.json, as the browser tests do against `npm run dev`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetPasswordMail } from '../../api/_lib/mail/templates.js';
import { sendMail } from '../../api/_lib/mail/transport.js';
import { serverEnv } from '../../api/_lib/env.js';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe('the test app', () => {
  it('points the server environment at its own catcher', () => {
    expect(serverEnv().mail.smtpUrl).toBe(app.mail.smtpUrl);
    expect(process.env.DEV_MAIL_URL).toBe(app.mail.httpUrl);
  });

  it('catches what the server sends, readable from app.mail and from /_dev/mail.json', async () => {
    const email = `mail-app-${Date.now()}@example.com`;
    await sendMail(resetPasswordMail({ to: email, name: 'Ada', link: 'http://localhost:3000/reset-password/token-123' }));
    const mail = await app.mail.waitFor((m) => m.to.includes(email) && /Reset/.test(m.subject), 5_000);
    expect(mail.links).toEqual(['http://localhost:3000/reset-password/token-123']);

    const res = await fetch(`${app.url}/_dev/mail.json`);
    expect(res.status).toBe(200);
    const listed = (await res.json()) as { to: string; subject: string; links: string[] }[];
    expect(listed[0]).toMatchObject({ to: email, subject: 'Reset your Switchboard password', links: ['http://localhost:3000/reset-password/token-123'] });
  });
});
