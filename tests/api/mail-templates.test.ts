// The emails' templates: plain text plus simple accessible HTML, exactly one link (written out in the text
// too), the product and workspace names, and every interpolated value escaped.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { MailMessage } from '../../api/_lib/mail/transport.js';
import { extractLinks } from '../../dev/mail-catcher.js';

type Templates = typeof import('../../api/_lib/mail/templates.js');
let t: Templates;

beforeAll(async () => {
  // serverEnv() keeps the first environment it reads: set APP_URL before the templates module first uses it.
  process.env.APP_URL = 'https://switchboard.example.com/';
  vi.resetModules();
  t = await import('../../api/_lib/mail/templates.js');
});

const expiresAt = new Date('2026-05-12T14:05:00Z');
const link = (path: string) => `https://switchboard.example.com${path}`;

function all(): { name: string; mail: MailMessage; link: string }[] {
  return [
    { name: 'verifyEmail', mail: t.verifyEmailMail({ to: 'ada@example.com', name: 'Ada', link: link('/verify-email/v1') }), link: link('/verify-email/v1') },
    {
      name: 'resetPassword',
      mail: t.resetPasswordMail({ to: 'ada@example.com', name: 'Ada', link: link('/reset-password/r1') }),
      link: link('/reset-password/r1'),
    },
    {
      name: 'invitation',
      mail: t.invitationMail({ to: 'bob@example.com', workspaceName: 'Acme Roasters', inviterName: 'Ada', role: 'admin', link: link('/invite/i1'), expiresAt }),
      link: link('/invite/i1'),
    },
    { name: 'passwordChanged', mail: t.passwordChangedMail({ to: 'ada@example.com', name: 'Ada' }), link: link('/sign-in') },
  ];
}

describe('every template', () => {
  it('has exactly one link, also written out in the text part, and names the product', () => {
    for (const { name, mail, link } of all()) {
      expect(mail.html.match(/<a\b/g), name).toHaveLength(1);
      expect(mail.html, name).toContain(`<a href="${link}"`);
      expect(extractLinks(mail.html, mail.text), name).toEqual([link]);
      expect(mail.text, name).toContain(link);
      expect(mail.text.match(/https?:\/\//g), name).toHaveLength(1);
      expect(mail.html, name).toContain(`>${link}<`); // the address written out beside the button
      expect(mail.subject, name).toContain('Switchboard');
      expect(mail.text, name).toContain('Switchboard');
    }
  });

  it('is simple accessible HTML: language, a title, one heading, inline styles only, nothing external', () => {
    for (const { name, mail } of all()) {
      expect(mail.html, name).toMatch(/^<!doctype html>\n<html lang="en">/);
      expect(mail.html, name).toMatch(/<meta charset="utf-8">/);
      expect(mail.html, name).toMatch(/<title>[^<]+<\/title>/);
      expect(mail.html.match(/<h1\b/g), name).toHaveLength(1);
      expect(mail.html, name).not.toMatch(/<img|<link|<style|<script|\son\w+=|url\(/i);
      const title = /<title>([^<]+)<\/title>/.exec(mail.html)![1];
      expect(mail.html, name).toContain(`>${title}</h1>`);
      expect(mail.text.startsWith(title!.replace(/&amp;/g, '&')), name).toBe(true);
    }
  });

  it('has one-line subjects and is addressed to the recipient', () => {
    for (const { name, mail } of all()) {
      expect(mail.subject, name).not.toMatch(/[\r\n]/);
      expect(mail.to, name).toMatch(/@example\.com$/);
    }
  });
});

describe('what each one says', () => {
  it('verify email: confirm the address, valid 24 hours', () => {
    const mail = t.verifyEmailMail({ to: 'ada@example.com', name: 'Ada', link: link('/verify-email/v1') });
    expect(mail.subject).toBe('Confirm your email address for Switchboard');
    expect(mail.html).toContain('<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">Confirm your email address</h1>');
    expect(mail.text).toContain('Hi Ada,');
    expect(mail.text).toContain('valid for 24 hours');
  });

  it('reset password: valid 30 minutes, and nothing changes for whoever did not ask', () => {
    const mail = t.resetPasswordMail({ to: 'ada@example.com', name: 'Ada', link: link('/reset-password/r1') });
    expect(mail.subject).toBe('Reset your Switchboard password');
    expect(mail.text).toContain('valid for 30 minutes');
    expect(mail.text).toContain('If you did not ask for this, ignore this email; your password stays the same.');
    expect(mail.html).toContain('your password stays the same');
  });

  it('invitation: who invited whom to which workspace as what, valid until when', () => {
    const mail = t.invitationMail({
      to: 'bob@example.com',
      workspaceName: 'Acme Roasters',
      inviterName: 'Ada Lovelace',
      role: 'admin',
      link: link('/invite/i1'),
      expiresAt,
    });
    expect(mail.subject).toBe('Ada Lovelace invited you to Acme Roasters on Switchboard as an admin');
    expect(mail.text).toContain('Ada Lovelace invited you to Acme Roasters on Switchboard as an admin.');
    expect(mail.text).toContain('valid until 12 May 2026, 14:05 UTC');
    expect(mail.html).toContain('Join Acme Roasters on Switchboard');
    expect(t.invitationMail({ to: 'c@example.com', workspaceName: 'W', inviterName: 'A', role: 'viewer', link: link('/i'), expiresAt }).subject).toMatch(
      /as a viewer$/,
    );
    expect(t.invitationMail({ to: 'c@example.com', workspaceName: 'W', inviterName: 'A', role: 'owner', link: link('/i'), expiresAt }).subject).toMatch(
      /as an owner$/,
    );
  });

  it('password changed: says so, links to sign in, and what to do if it was not them', () => {
    const mail = t.passwordChangedMail({ to: 'ada@example.com', name: 'Ada' });
    expect(mail.subject).toBe('Your Switchboard password was changed');
    expect(mail.text).toContain('was just changed or reset');
    expect(mail.text).toMatch(/If it was not you, reset your password now/);
    expect(mail.text).toContain(link('/sign-in'));
  });
});

describe('escaping', () => {
  const hostile = '<script>alert("x")</script> & \'quotes\'';

  it('never lets a workspace, inviter, name or role reach the HTML unescaped', () => {
    const mails = [
      t.invitationMail({ to: 'bob@example.com', workspaceName: '<script>', inviterName: hostile, role: '<b>boss</b>', link: link('/invite/i1'), expiresAt }),
      t.invitationMail({
        to: 'bob@example.com',
        workspaceName: hostile,
        inviterName: '<img src=x onerror=alert(1)>',
        role: 'agent',
        link: link('/invite/i1'),
        expiresAt,
      }),
      t.verifyEmailMail({ to: 'a<b>@example.com', name: hostile, link: link('/verify-email/v1') }),
      t.resetPasswordMail({ to: 'ada@example.com', name: hostile, link: link('/reset-password/r1') }),
      t.passwordChangedMail({ to: 'ada@example.com', name: hostile }),
    ];
    for (const mail of mails) {
      expect(mail.html).not.toMatch(/<script|<img|<b>|onerror=alert\(1\)>/);
      expect(mail.html.match(/<a\b/g)).toHaveLength(1);
    }
    expect(mails[0]!.html).toContain('&lt;script&gt;');
    expect(mails[0]!.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    expect(mails[0]!.text).toContain('invited you to <script> on Switchboard'); // plain text stays as typed
    expect(mails[1]!.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes the link inside the href, so it cannot break out of the attribute', () => {
    const tricky = 'https://switchboard.example.com/invite/a?b=1&c="><script>x</script>';
    const mail = t.invitationMail({ to: 'bob@example.com', workspaceName: 'W', inviterName: 'A', role: 'agent', link: tricky, expiresAt });
    expect(mail.html).toContain('href="https://switchboard.example.com/invite/a?b=1&amp;c=&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(mail.html).not.toContain('<script>');
    expect(extractLinks(mail.html, mail.text)).toEqual([tricky]);
  });

  it('keeps subjects on one line whatever a name holds (no header injection)', () => {
    const mail = t.invitationMail({
      to: 'bob@example.com',
      workspaceName: 'Acme\r\nBcc: everyone@example.com',
      inviterName: 'Ada\n',
      role: 'agent',
      link: link('/invite/i1'),
      expiresAt,
    });
    expect(mail.subject).toBe('Ada invited you to Acme Bcc: everyone@example.com on Switchboard as an agent');
  });
});

describe('appLink', () => {
  it('builds absolute links on APP_URL', () => {
    expect(t.appLink('/reset-password/abc')).toBe('https://switchboard.example.com/reset-password/abc');
    expect(t.appLink('invite/abc')).toBe('https://switchboard.example.com/invite/abc');
  });

  it('uses the local origin when APP_URL is unset', async () => {
    const saved = process.env.APP_URL;
    delete process.env.APP_URL;
    vi.resetModules();
    try {
      const fresh = (await import('../../api/_lib/mail/templates.js')) as Templates;
      expect(fresh.appLink('/sign-in')).toBe('http://localhost:3000/sign-in');
      expect(fresh.passwordChangedMail({ to: 'a@example.com', name: 'A' }).text).toContain('http://localhost:3000/sign-in');
    } finally {
      process.env.APP_URL = saved;
    }
  });
});
