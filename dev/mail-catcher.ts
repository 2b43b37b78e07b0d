// A local SMTP server that keeps every message it is sent instead of delivering it: the stand-in for an SMTP
// relay (`npm run dev` and `npm run services` point SMTP_URL at it) and the mailbox API tests read. Any
// sender, any recipient, any credentials (or none); no TLS. What it caught is also served over HTTP on a
// loopback port of its own (DEV_MAIL_URL), under the same paths the local runtime proxies to it:
//   GET /_dev/mail         an HTML page, newest first, with a "Clear" button
//   GET /_dev/mail.json    [{ id, to, recipients, from, subject, text, html, links, receivedAt }], newest first
//   DELETE /_dev/mail.json forgets everything (POST /_dev/mail/clear does too, for the page's form)
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: string;
  /** The envelope's recipients, lower-case. */
  to: string[];
  /** The From header, e.g. `Switchboard <no-reply@switchboard.local>` (else the envelope's sender). */
  from: string;
  subject: string;
  /** The plain-text part without trailing white space ('' when there is none). */
  text: string;
  /** The HTML part ('' when there is none). */
  html: string;
  /** The http(s) links of the HTML part (else of the text part), in order, without repeats. */
  links: string[];
  /** ISO 8601. */
  receivedAt: string;
}

/** A caught message as `/_dev/mail.json` lists it: `to` is the (first) recipient; `recipients` lists them all. */
export interface CaughtMailJson extends Omit<CaughtMail, 'to'> {
  to: string;
  recipients: string[];
}

export interface MailCatcherOptions {
  /** SMTP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface for both listeners; loopback by default. */
  host?: string;
  /** Port of the HTTP mailbox: 0 (the default) picks a free one; false serves none. */
  httpPort?: number | false;
  /** How many messages are kept (the oldest go first). */
  keep?: number;
  /** The largest message accepted, in bytes (SMTP SIZE; larger ones are refused with 552). */
  maxBytes?: number;
}

export interface MailCatcher {
  port: number;
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL is set to. */
  smtpUrl: string;
  /** The HTTP mailbox's origin (what DEV_MAIL_URL is set to), or null when none is served. */
  httpUrl: string | null;
  /** What was caught, newest first. */
  messages(): CaughtMail[];
  clear(): void;
  /** The newest caught message that matches, waiting for one to arrive; rejects after `timeoutMs`. */
  waitFor(predicate: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  close(): Promise<void>;
}

export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const DEFAULT_KEEP = 500;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

const isWebLink = (value: string) => /^https?:\/\/\S+$/i.test(value);

/** The http(s) hrefs of the HTML, or when it has none, the URLs written in the text; in order, de-duplicated. */
export function extractLinks(html: string, text: string): string[] {
  const fromHtml = [...html.matchAll(/<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)]
    .map((m) => decodeEntities((m[1] ?? m[2] ?? m[3] ?? '').trim()))
    .filter(isWebLink);
  const found = fromHtml.length > 0 ? fromHtml : [...text.matchAll(/https?:\/\/[^\s<>"'`]+/gi)].map((m) => m[0].replace(/[.,;:!?)\]}]+$/, ''));
  return [...new Set(found)];
}

export function toJson(mail: CaughtMail): CaughtMailJson {
  return { ...mail, to: mail.to[0] ?? '', recipients: mail.to };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The mailbox page: no scripts (the runtime's CSP allows none), inline styles only, a form to clear. */
export function renderMailboxPage(messages: CaughtMail[]): string {
  const items = messages.map((mail) => {
    const heading = `mail-${escapeHtml(mail.id)}`;
    const links = mail.links.length
      ? `<h3 style="font-size:14px;margin:16px 0 4px">Links</h3><ul style="margin:0;padding-left:20px">${mail.links
          .map((link) => `<li style="margin:4px 0;word-break:break-all"><a href="${escapeHtml(link)}" style="color:#1d4ed8">${escapeHtml(link)}</a></li>`)
          .join('')}</ul>`
      : '';
    return `<li style="margin:0 0 16px">
<article aria-labelledby="${heading}" style="border:1px solid #d4d4d8;border-radius:8px;padding:16px;background:#fff">
<h2 id="${heading}" style="font-size:18px;margin:0 0 8px">${escapeHtml(mail.subject || '(no subject)')}</h2>
<dl style="display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 12px;font-size:14px;color:#3f3f46">
<dt style="font-weight:600">To</dt><dd style="margin:0">${escapeHtml(mail.to.join(', '))}</dd>
<dt style="font-weight:600">From</dt><dd style="margin:0">${escapeHtml(mail.from)}</dd>
<dt style="font-weight:600">Received</dt><dd style="margin:0"><time datetime="${escapeHtml(mail.receivedAt)}">${escapeHtml(mail.receivedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</time></dd>
</dl>
<pre style="white-space:pre-wrap;word-break:break-word;margin:0;padding:12px;background:#f4f4f5;border-radius:6px;font-size:14px;line-height:1.5">${escapeHtml(mail.text)}</pre>
${links}
</article>
</li>`;
  });
  const count = `${messages.length} message${messages.length === 1 ? '' : 's'}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Caught mail (${count}) · Switchboard</title>
</head>
<body style="margin:0;background:#fafafa;color:#18181b;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif">
<main style="max-width:56rem;margin:0 auto;padding:24px">
<div style="display:flex;flex-wrap:wrap;gap:12px;align-items:center;justify-content:space-between">
<h1 style="font-size:24px;margin:0">Caught mail</h1>
<form method="post" action="/_dev/mail/clear" style="margin:0"><button type="submit" style="font:inherit;padding:6px 14px;border:1px solid #a1a1aa;border-radius:6px;background:#fff;cursor:pointer">Clear</button></form>
</div>
<p style="color:#3f3f46">${count}, newest first. Mail sent to the local SMTP catcher stays on this machine. <a href="/_dev/mail" style="color:#1d4ed8">Refresh</a> · <a href="/_dev/mail.json" style="color:#1d4ed8">JSON</a></p>
${messages.length ? `<ol style="list-style:none;margin:0;padding:0">${items.join('\n')}</ol>` : '<p>No mail yet.</p>'}
</main>
</body>
</html>
`;
}

function listen(
  server: { listen(port: number, host: string, cb: () => void): unknown; once(event: 'error', cb: (err: Error) => void): unknown },
  port: number,
  host: string,
) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const keep = options.keep ?? DEFAULT_KEEP;
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  let caught: CaughtMail[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);

  const smtp = new SMTPServer({
    banner: 'Switchboard mail catcher (local development: nothing is delivered)',
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: maxBytes,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username || 'anyone' });
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (stream.sizeExceeded) {
            const error = Object.assign(new Error(`Message exceeds the limit of ${maxBytes} bytes`), { responseCode: 552 });
            return callback(error);
          }
          const html = typeof parsed.html === 'string' ? parsed.html : '';
          const text = (parsed.text ?? '').trimEnd();
          const mailFrom = session.envelope.mailFrom;
          const fromHeader = (parsed.from?.value ?? []).map((a) => (a.name ? `${a.name} <${a.address ?? ''}>` : (a.address ?? ''))).join(', ');
          const mail: CaughtMail = {
            id: randomUUID(),
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: fromHeader || (mailFrom ? mailFrom.address : ''),
            subject: parsed.subject ?? '',
            text,
            html,
            links: extractLinks(html, text),
            receivedAt: new Date().toISOString(),
          };
          caught = [mail, ...caught].slice(0, keep);
          arrivals.emit('mail', mail);
          callback();
        })
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    },
  });
  smtp.on('error', () => {}); // a client's broken connection is its own problem, not the catcher's
  await listen(smtp, options.port ?? 0, host);
  const port = (smtp.server.address() as AddressInfo).port;

  const catcher = {
    messages: () => [...caught],
    clear: () => void (caught = []),
    waitFor(predicate: (mail: CaughtMail) => boolean, timeoutMs = 5_000): Promise<CaughtMail> {
      const found = caught.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtMail>((resolve, reject) => {
        const onMail = (mail: CaughtMail) => {
          try {
            if (!predicate(mail)) return;
          } catch (err) {
            done();
            return reject(err as Error);
          }
          done();
          resolve(mail);
        };
        const timer = setTimeout(() => {
          done();
          const seen = caught.map((m) => `  ${m.to.join(', ')}: ${m.subject}`).join('\n') || '  (nothing)';
          reject(new Error(`no caught mail matched within ${timeoutMs} ms; caught, newest first:\n${seen}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          arrivals.off('mail', onMail);
        };
        arrivals.on('mail', onMail);
      });
    },
  };

  let http: Server | null = null;
  if (options.httpPort !== false) {
    http = createServer((req, res) => serveMailbox(req, res, catcher));
    try {
      await listen(http, options.httpPort ?? 0, host);
    } catch (err) {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      throw err;
    }
  }
  const origin = (p: number) => `http://${host.includes(':') ? `[${host}]` : host}:${p}`;

  return {
    ...catcher,
    port,
    smtpUrl: `smtp://${host.includes(':') ? `[${host}]` : host}:${port}`,
    httpUrl: http ? origin((http.address() as AddressInfo).port) : null,
    async close() {
      if (http) {
        http.closeAllConnections();
        await new Promise<void>((resolve) => http!.close(() => resolve()));
      }
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}

function serveMailbox(req: IncomingMessage, res: ServerResponse, catcher: Pick<MailCatcher, 'messages' | 'clear'>): void {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  req.resume(); // no request here has a body worth reading
  res.setHeader('cache-control', 'no-store');
  const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(method === 'HEAD' ? undefined : body);
  };
  const notAllowed = (allow: string) => send(405, 'text/plain; charset=utf-8', `Method ${method} is not allowed here\n`, { allow });
  const read = method === 'GET' || method === 'HEAD';
  switch (pathname) {
    case '/_dev/mail':
    case '/_dev/mail/':
      if (read) return send(200, 'text/html; charset=utf-8', renderMailboxPage(catcher.messages()));
      if (method === 'DELETE') return (catcher.clear(), send(204, 'text/plain; charset=utf-8', ''));
      return notAllowed('GET, HEAD, DELETE');
    case '/_dev/mail.json':
      if (read) return send(200, 'application/json; charset=utf-8', JSON.stringify(catcher.messages().map(toJson)));
      if (method === 'DELETE') return (catcher.clear(), send(204, 'text/plain; charset=utf-8', ''));
      return notAllowed('GET, HEAD, DELETE');
    case '/_dev/mail/clear':
      if (method === 'POST') return (catcher.clear(), send(303, 'text/plain; charset=utf-8', 'Cleared\n', { location: '/_dev/mail' }));
      return notAllowed('POST');
    default:
      return send(404, 'text/plain; charset=utf-8', 'Not found: the mailbox is at /_dev/mail and /_dev/mail.json\n');
  }
}
