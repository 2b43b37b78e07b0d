// sendMail() against a real SMTP server (the local catcher, and one that refuses): a sent message arrives as
// written; without SMTP_URL, against a closed port, or when the relay refuses, it throws, promptly.
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher.js';
import { SMTP_TIMEOUT_MS, sendMailWith, type MailMessage } from '../../api/_lib/mail/transport.js';

let catcher: MailCatcher;
beforeAll(async () => {
  catcher = await startMailCatcher({ httpPort: false });
});
afterAll(() => catcher?.close());

const message = (to: string): MailMessage => ({
  to,
  subject: 'Reset your Switchboard password',
  text: 'Choose a new password:\nhttps://switchboard.example.com/reset-password/tok\n',
  html: '<!doctype html><html lang="en"><body><a href="https://switchboard.example.com/reset-password/tok">Choose a new password</a></body></html>',
});

/** The transport module with the server environment read afresh from `env` (serverEnv() caches its first read). */
async function freshTransport(env: Record<string, string | undefined>) {
  const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  vi.resetModules();
  const mod = await import('../../api/_lib/mail/transport.js');
  const { serverEnv } = await import('../../api/_lib/env.js');
  serverEnv(); // read now, while the environment is the one asked for
  Object.assign(process.env, saved);
  for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key];
  return mod;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sendMail', () => {
  it('delivers through SMTP_URL from MAIL_FROM', async () => {
    const { sendMail } = await freshTransport({ SMTP_URL: catcher.smtpUrl, MAIL_FROM: 'Acme via Switchboard <mail@acme.example>' });
    await sendMail(message('Ada@Example.com'));
    const mail = await catcher.waitFor((m) => m.to.includes('ada@example.com'), 5_000);
    expect(mail).toMatchObject({
      from: 'Acme via Switchboard <mail@acme.example>',
      subject: 'Reset your Switchboard password',
      text: 'Choose a new password:\nhttps://switchboard.example.com/reset-password/tok',
      links: ['https://switchboard.example.com/reset-password/tok'],
    });
    expect(mail.html).toContain('<a href="https://switchboard.example.com/reset-password/tok">');
    // The transport is kept per URL: a second send works the same.
    await sendMail(message('second@example.com'));
    await catcher.waitFor((m) => m.to.includes('second@example.com'), 5_000);
  });

  it('throws a clear error when SMTP_URL is not set', async () => {
    const { sendMail } = await freshTransport({ SMTP_URL: undefined });
    await expect(sendMail(message('ada@example.com'))).rejects.toThrow(new Error('SMTP_URL is not set: mail cannot be sent'));
  });

  it('throws, promptly, when nothing listens at SMTP_URL', async () => {
    const port = await closedPort();
    const started = Date.now();
    await expect(sendMailWith({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Switchboard <a@b.example>' }, message('ada@example.com'))).rejects.toThrow(
      /the SMTP relay did not take the message: .*ECONNREFUSED/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives up on a relay that accepts the connection and never greets, within its timeout', async () => {
    const silent = createServer(() => {}); // holds every connection open and says nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const { port } = silent.address() as { port: number };
    const started = Date.now();
    try {
      await expect(sendMailWith({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Switchboard <a@b.example>' }, message('ada@example.com'))).rejects.toThrow(
        /the SMTP relay did not take the message: .*(Greeting never received|timeout)/i,
      );
      expect(Date.now() - started).toBeLessThan(SMTP_TIMEOUT_MS + 3_000);
    } finally {
      silent.close();
    }
  }, 20_000);

  it('throws when the relay refuses the message, with its reason', async () => {
    const refusing = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      disableReverseLookup: true,
      closeTimeout: 500,
      onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 })),
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()));
    const { port } = refusing.server.address() as { port: number };
    try {
      await expect(sendMailWith({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Switchboard <a@b.example>' }, message('ada@example.com'))).rejects.toThrow(
        /the SMTP relay did not take the message: .*550/,
      );
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });
});
