// The emails Switchboard sends, as pure functions of their data: a plain-text part and a simple, accessible
// HTML part (language, title, one heading, one button-like link that is also written out as text; no images,
// no external CSS). Every value is HTML-escaped where it lands in HTML, and kept to one line in a subject.
import { serverEnv } from '../env.js';
import type { MailMessage } from './transport.js';

export const PRODUCT_NAME = 'Switchboard';
const DEFAULT_APP_URL = 'http://localhost:3000';

/** An absolute link into the app: `appLink('/sign-in')` → `${APP_URL}/sign-in` (the local origin when unset). */
export function appLink(path: string): string {
  const base = (serverEnv().appUrl ?? DEFAULT_APP_URL).replace(/\/+$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A value inside a subject or a text line: control characters and line breaks become single spaces. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

const ROLE_NAMES: Record<string, string> = { owner: 'an owner', admin: 'an admin', agent: 'an agent', viewer: 'a viewer' };
function roleName(role: string): string {
  return ROLE_NAMES[role] ?? oneLine(role);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "12 May 2026, 14:05 UTC": one fixed form, whatever the server's locale, time zone and ICU data. */
export function formatDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

interface Layout {
  to: string;
  subject: string;
  /** The heading (and the HTML title). */
  heading: string;
  /** Paragraphs before the link (plain text; escaped for HTML here). */
  intro: string[];
  action: { label: string; href: string };
  /** Paragraphs after the link. */
  outro: string[];
}

function render(layout: Layout): MailMessage {
  const { to, subject, heading, intro, action, outro } = layout;
  const text = [
    heading,
    '',
    ...intro.flatMap((p) => [p, '']),
    `${action.label}:`,
    action.href,
    '',
    ...outro.flatMap((p) => [p, '']),
    `— ${PRODUCT_NAME}`,
    '',
  ].join('\n');
  const paragraph = (p: string) => `<p style="margin:0 0 16px;font-size:16px;line-height:1.5">${escapeHtml(p)}</p>`;
  const href = escapeHtml(action.href);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title>
</head>
<body style="margin:0;padding:24px;background:#f4f4f5;color:#18181b;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<main style="max-width:560px;margin:0 auto;padding:32px;background:#ffffff;border-radius:8px">
<p style="margin:0 0 24px;font-size:14px;font-weight:600;color:#3f3f46">${PRODUCT_NAME}</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${escapeHtml(heading)}</h1>
${intro.map(paragraph).join('\n')}
<p style="margin:24px 0"><a href="${href}" style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;font-size:16px;font-weight:600;text-decoration:none;border-radius:6px">${escapeHtml(action.label)}</a></p>
<p style="margin:0 0 16px;font-size:14px;line-height:1.5;color:#3f3f46">If the button does not work, copy this address into your browser:<br><span style="word-break:break-all">${href}</span></p>
${outro.map(paragraph).join('\n')}
</main>
</body>
</html>
`;
  return { to, subject: oneLine(subject), text, html };
}

const greeting = (name: string) => `Hi ${oneLine(name) || 'there'},`;

export function verifyEmailMail(input: { to: string; name: string; link: string }): MailMessage {
  return render({
    to: input.to,
    subject: `Confirm your email address for ${PRODUCT_NAME}`,
    heading: 'Confirm your email address',
    intro: [greeting(input.name), `Please confirm that ${oneLine(input.to)} is your email address for ${PRODUCT_NAME}.`],
    action: { label: 'Confirm email address', href: input.link },
    outro: ['This link works once and is valid for 24 hours.', `If you did not create a ${PRODUCT_NAME} account, you can ignore this email.`],
  });
}

export function resetPasswordMail(input: { to: string; name: string; link: string }): MailMessage {
  return render({
    to: input.to,
    subject: `Reset your ${PRODUCT_NAME} password`,
    heading: 'Reset your password',
    intro: [greeting(input.name), `Someone asked to reset the password of the ${PRODUCT_NAME} account for ${oneLine(input.to)}.`],
    action: { label: 'Choose a new password', href: input.link },
    outro: [
      'This link works once and is valid for 30 minutes. Resetting your password signs you out everywhere.',
      'If you did not ask for this, ignore this email; your password stays the same.',
    ],
  });
}

export function invitationMail(input: { to: string; workspaceName: string; inviterName: string; role: string; link: string; expiresAt: Date }): MailMessage {
  const inviter = oneLine(input.inviterName) || 'Someone';
  const workspace = oneLine(input.workspaceName);
  const sentence = `${inviter} invited you to ${workspace} on ${PRODUCT_NAME} as ${roleName(input.role)}`;
  return render({
    to: input.to,
    subject: sentence,
    heading: `Join ${workspace} on ${PRODUCT_NAME}`,
    intro: [`${sentence}.`, `Sign in or create an account with ${oneLine(input.to)} to accept the invitation.`],
    action: { label: 'View the invitation', href: input.link },
    outro: [
      `The invitation is valid until ${formatDate(input.expiresAt)} and works once.`,
      'If you were not expecting it, you can ignore this email; nothing happens unless you accept.',
    ],
  });
}

export function passwordChangedMail(input: { to: string; name: string }): MailMessage {
  return render({
    to: input.to,
    subject: `Your ${PRODUCT_NAME} password was changed`,
    heading: 'Your password was changed',
    intro: [
      greeting(input.name),
      `The password of the ${PRODUCT_NAME} account for ${oneLine(input.to)} was just changed or reset, and its other sessions were signed out.`,
    ],
    action: { label: `Sign in to ${PRODUCT_NAME}`, href: appLink('/sign-in') },
    outro: [
      'If this was you, there is nothing else to do.',
      'If it was not you, reset your password now from the sign-in page ("Forgot password?") and tell your workspace owner; whoever changed it may know your old password.',
    ],
  });
}
