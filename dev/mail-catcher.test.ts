// The local SMTP catcher: mail sent to it with nodemailer (the SDK the functions use) is kept and read back
// with its links, in process and through the local runtime's /_dev/mail pages; it is the `mail` stand-in
// of `npm run services`.
import { createServer } from 'node:net';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractLinks, startMailCatcher, type MailCatcher } from './mail-catcher.js';
import { startLocalRuntime, type LocalRuntime } from './server.js';
import { STAND_INS, startServices } from './services.js';

const ROOT = path.resolve(import.meta.dirname, '..');

let catcher: MailCatcher;
let runtime: LocalRuntime;

beforeAll(async () => {
  catcher = await startMailCatcher({ port: 0, httpPort: 0 });
  process.env.DEV_MAIL_URL = catcher.httpUrl!;
  runtime = await startLocalRuntime({ root: ROOT, spa: 'api', host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await runtime?.close();
  await catcher?.close();
});

afterEach(() => catcher.clear());

function send(message: { to: string | string[]; subject: string; text?: string; html?: string }, smtpUrl = catcher.smtpUrl) {
  return createTransport(smtpUrl).sendMail({ from: 'Switchboard <no-reply@switchboard.test>', ...message });
}

describe('the catcher', () => {
  it('keeps what nodemailer sends: lower-case recipients, headers, both parts and the links of the HTML', async () => {
    await send({
      to: ['Ada.Lovelace@Example.COM', 'bob@example.com'],
      subject: 'Reset your Switchboard password',
      text: 'Open https://app.example.com/reset-password/abc to choose a new password.',
      html: '<p><a href="https://app.example.com/reset-password/abc?x=1&amp;y=2">Choose</a> <a href=\'https://app.example.com/reset-password/abc?x=1&amp;y=2\'>again</a> <a href="mailto:help@example.com">help</a> <a href="https://app.example.com/help">Help</a></p>',
    });
    const [mail, ...rest] = catcher.messages();
    expect(rest).toEqual([]);
    expect(mail).toMatchObject({
      to: ['ada.lovelace@example.com', 'bob@example.com'],
      from: 'Switchboard <no-reply@switchboard.test>',
      subject: 'Reset your Switchboard password',
      text: 'Open https://app.example.com/reset-password/abc to choose a new password.',
      links: ['https://app.example.com/reset-password/abc?x=1&y=2', 'https://app.example.com/help'],
    });
    expect(mail!.html).toContain('<a href="https://app.example.com/reset-password/abc?x=1&amp;y=2">');
    expect(mail!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.now() - Date.parse(mail!.receivedAt)).toBeLessThan(10_000);
  });

  it('takes the links from the text when there is no HTML, without trailing punctuation', async () => {
    await send({ to: 'ada@example.com', subject: 'Plain', text: 'First https://a.example/x. Then (https://b.example/y?z=1), and https://a.example/x again.' });
    expect(catcher.messages()[0]!.links).toEqual(['https://a.example/x', 'https://b.example/y?z=1']);
    expect(catcher.messages()[0]!.html).toBe('');
  });

  it('accepts any credentials, lists newest first and keeps only the newest', async () => {
    const small = await startMailCatcher({ keep: 2, httpPort: false });
    try {
      expect(small.httpUrl).toBeNull();
      const withAuth = small.smtpUrl.replace('smtp://', 'smtp://someone:anything@');
      for (const n of [1, 2, 3]) await send({ to: 'ada@example.com', subject: `Message ${n}`, text: 'hi' }, withAuth);
      expect(small.messages().map((m) => m.subject)).toEqual(['Message 3', 'Message 2']);
      small.clear();
      expect(small.messages()).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('refuses a message over its size limit', async () => {
    const tiny = await startMailCatcher({ maxBytes: 2_000, httpPort: false });
    try {
      await expect(send({ to: 'ada@example.com', subject: 'Big', text: 'x'.repeat(5_000) }, tiny.smtpUrl)).rejects.toThrow(/552|size/i);
      expect(tiny.messages()).toEqual([]);
    } finally {
      await tiny.close();
    }
  });

  it('waits for a matching message, and says what it caught when none comes', async () => {
    await send({ to: 'early@example.com', subject: 'Already here', text: 'x' });
    await expect(catcher.waitFor((m) => m.to.includes('early@example.com'), 100)).resolves.toMatchObject({ subject: 'Already here' });
    const waiting = catcher.waitFor((m) => m.to.includes('late@example.com') && /Confirm/.test(m.subject), 5_000);
    await send({ to: 'other@example.com', subject: 'Confirm something else', text: 'x' });
    await send({ to: 'late@example.com', subject: 'Confirm your email address', text: 'https://app.example.com/verify-email/t' });
    await expect(waiting).resolves.toMatchObject({ to: ['late@example.com'], links: ['https://app.example.com/verify-email/t'] });
    await expect(catcher.waitFor((m) => m.to.includes('nobody@example.com'), 150)).rejects.toThrow(
      /no caught mail matched within 150 ms[\s\S]*late@example\.com: Confirm your email address/,
    );
  });
});

describe('extractLinks', () => {
  it('decodes entities in hrefs, keeps only http(s) links and repeats none', () => {
    expect(
      extractLinks('<a class="b" href="https://x.test/a?b=1&amp;c=&#50;">x</a><a href="javascript:alert(1)">y</a><a href=https://x.test/z>z</a>', ''),
    ).toEqual(['https://x.test/a?b=1&c=2', 'https://x.test/z']);
    expect(extractLinks('<p>no links</p>', 'see http://localhost:3000/invite/abc.')).toEqual(['http://localhost:3000/invite/abc']);
  });
});

describe('the local runtime shows the caught mail', () => {
  const get = (pathname: string, init?: RequestInit) => fetch(`${runtime.url}${pathname}`, { redirect: 'manual', ...init });

  it('lists it at /_dev/mail.json, newest first, in the documented shape', async () => {
    await send({ to: 'First@Example.com', subject: 'First', text: 'one https://app.example.com/1' });
    await send({ to: 'second@example.com', subject: 'Second <b>', html: '<p><a href="https://app.example.com/2">two</a></p>', text: 'two' });
    const res = await get('/_dev/mail.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const list = (await res.json()) as Record<string, unknown>[];
    expect(list.map((m) => ({ to: m.to, subject: m.subject, text: m.text, links: m.links }))).toEqual([
      { to: 'second@example.com', subject: 'Second <b>', text: 'two', links: ['https://app.example.com/2'] },
      { to: 'first@example.com', subject: 'First', text: 'one https://app.example.com/1', links: ['https://app.example.com/1'] },
    ]);
    for (const m of list) {
      expect(typeof m.receivedAt).toBe('string');
      expect(new Date(m.receivedAt as string).toISOString()).toBe(m.receivedAt);
      expect(m.recipients).toEqual([m.to]);
    }
  });

  it('renders /_dev/mail as an accessible page that needs no script, under the runtime’s CSP', async () => {
    await send({ to: 'ada@example.com', subject: 'Join <Acme> on Switchboard', text: 'Ada invited you.\nhttps://app.example.com/invite/tok' });
    const res = await get('/_dev/mail');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(html).toMatch(/<title>Caught mail \(1 message\) · Switchboard<\/title>/);
    expect(html.match(/<h1\b/g)).toHaveLength(1);
    expect(html).toContain('Join &lt;Acme&gt; on Switchboard');
    expect(html).not.toContain('<Acme>');
    expect(html).toContain('ada@example.com');
    expect(html).toContain('Ada invited you.\nhttps://app.example.com/invite/tok');
    expect(html).toContain('<a href="https://app.example.com/invite/tok"');
    expect(html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+Z">/);
    expect(html).toContain('<form method="post" action="/_dev/mail/clear"');
    expect(html).toMatch(/<button type="submit"[^>]*>Clear<\/button>/);
    // Nothing the policy would block: no scripts, handlers, external styles or images.
    expect(html).not.toMatch(/<script|\son\w+=|<link|<img|<style/i);
  });

  it('clears from the page’s form and with DELETE /_dev/mail.json', async () => {
    await send({ to: 'ada@example.com', subject: 'One', text: 'x' });
    const posted = await get('/_dev/mail/clear', { method: 'POST' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/_dev/mail');
    expect(catcher.messages()).toEqual([]);
    expect(await (await get('/_dev/mail')).text()).toContain('No mail yet.');

    await send({ to: 'ada@example.com', subject: 'Two', text: 'x' });
    expect(await (await get('/_dev/mail.json')).json()).toHaveLength(1);
    expect((await get('/_dev/mail.json', { method: 'DELETE' })).status).toBe(204);
    expect(await (await get('/_dev/mail.json')).json()).toEqual([]);
  });

  it('answers 404 for other /_dev paths and 405 for other methods', async () => {
    expect((await get('/_dev/nothing')).status).toBe(404);
    expect((await get('/_dev')).status).toBe(404);
    const put = await get('/_dev/mail.json', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, DELETE');
  });

  it('says the catcher is not running when none is configured, and when it does not answer', async () => {
    const configured = process.env.DEV_MAIL_URL;
    try {
      delete process.env.DEV_MAIL_URL;
      const missing = await get('/_dev/mail.json');
      expect(missing.status).toBe(404);
      expect(await missing.text()).toMatch(/^The local mail catcher is not running \(DEV_MAIL_URL is not set\)/);
      expect((await get('/_dev/mail')).status).toBe(404);

      process.env.DEV_MAIL_URL = `http://127.0.0.1:${await closedPort()}`;
      const gone = await get('/_dev/mail');
      expect(gone.status).toBe(502);
      expect(await gone.text()).toMatch(/did not answer/);
    } finally {
      process.env.DEV_MAIL_URL = configured;
    }
  });
});

describe('the mail stand-in', () => {
  const standIn = STAND_INS.find((s) => s.name === 'mail')!;

  it('is started by npm run services unless SMTP_URL names a relay, and points functions at itself', async () => {
    expect(standIn.skipReason({ SMTP_URL: 'smtps://u:p@smtp.example.com:465' })).toBe('SMTP_URL names an SMTP relay');
    expect(standIn.skipReason({})).toBeNull();
    const services = await startServices({ env: {}, ports: 'ephemeral', envFile: null, standIns: [standIn], log: () => {} });
    try {
      expect(Object.keys(services.env).sort()).toEqual(['DEV_MAIL_URL', 'SMTP_URL']);
      expect(services.env.SMTP_URL).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      expect(services.running[0]!.summary).toContain('/_dev/mail');
      await send({ to: 'ada@example.com', subject: 'Through the stand-in', text: 'x' }, services.env.SMTP_URL);
      const listed = (await (await fetch(`${services.env.DEV_MAIL_URL}/_dev/mail.json`)).json()) as { subject: string }[];
      expect(listed.map((m) => m.subject)).toEqual(['Through the stand-in']);
    } finally {
      await services.close();
    }
    const skipped = await startServices({ env: { SMTP_URL: 'smtp://relay.example.com:587' }, ports: 'ephemeral', envFile: null, standIns: [standIn] });
    expect(skipped.running).toEqual([]);
    expect(skipped.env).toEqual({});
  });
});

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
