// The email of a notification: its title as the subject, its body, and a link that opens it in the app.
import type { Notification } from '../../../contracts/notifications.js';
import { PRODUCT_NAME, appLink, escapeHtml } from '../mail/templates.js';
import type { MailMessage } from '../mail/transport.js';

// eslint-disable-next-line no-control-regex
const oneLine = (value: string) => value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

export function notificationMail(input: { to: string; name: string; notification: Pick<Notification, 'title' | 'body' | 'url'> }): MailMessage {
  const { title, body, url } = input.notification;
  const link = appLink(url ?? '/');
  const settings = appLink('/account/notifications');
  const text = [
    `Hi ${oneLine(input.name) || 'there'},`,
    '',
    oneLine(title),
    ...(body ? ['', body] : []),
    '',
    `Open it: ${link}`,
    '',
    `Choose which notifications you get by email: ${settings}`,
    `— ${PRODUCT_NAME}`,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(oneLine(title))}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;color:#18181b;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<main style="max-width:560px;margin:0 auto;padding:32px;background:#ffffff;border-radius:8px">
<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3">${escapeHtml(oneLine(title))}</h1>
${body ? `<p style="margin:0 0 16px;font-size:16px;line-height:1.5;white-space:pre-line">${escapeHtml(body)}</p>` : ''}
<p style="margin:24px 0"><a href="${escapeHtml(link)}" style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;font-weight:600;text-decoration:none;border-radius:6px">Open in ${PRODUCT_NAME}</a></p>
<p style="margin:0;font-size:13px;color:#52525b"><a href="${escapeHtml(settings)}" style="color:#1d4ed8">Choose which notifications you get by email</a></p>
</main>
</body>
</html>
`;
  return { to: input.to, subject: `${PRODUCT_NAME}: ${oneLine(title)}`.slice(0, 200), text, html };
}
