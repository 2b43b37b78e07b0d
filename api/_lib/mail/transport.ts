// Outgoing email over SMTP: one relay URL (SMTP_URL) serves every deployment, since transactional providers
// (Resend, Postmark, SES, …) all offer SMTP, and locally `npm run dev` points it at the mail catcher.
// nodemailer is imported on the first send only, so a function that never sends mail never loads it. A
// failure always throws: the caller (the outbox) keeps the mail pending and retries it.
import type { Transporter } from 'nodemailer';
import { serverEnv } from '../env.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailConfig {
  /** The relay, e.g. `smtps://user:pass@smtp.example.com:465`; unset means mail cannot be sent. */
  smtpUrl: string | undefined;
  /** The From header, e.g. `Switchboard <no-reply@example.com>`. */
  from: string;
}

/** Short enough that a dead relay fails a send (and the outbox retries later) instead of holding a function. */
export const SMTP_TIMEOUT_MS = 10_000;

// One transporter per relay URL (not pooled: a serverless function may be frozen between sends, and a pooled
// connection would not survive that). A failed import is not cached, so the next send tries again.
const transports = new Map<string, Promise<Transporter>>();

function transportFor(smtpUrl: string): Promise<Transporter> {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = import('nodemailer').then(({ createTransport }) =>
      createTransport({
        url: smtpUrl,
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS,
        dnsTimeout: SMTP_TIMEOUT_MS,
      }),
    );
    transport.catch(() => transports.delete(smtpUrl));
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** Sends one message through the relay `config` names; throws when it is not configured or refuses. */
export async function sendMailWith(config: MailConfig, message: MailMessage): Promise<void> {
  if (!config.smtpUrl) throw new Error('SMTP_URL is not set: mail cannot be sent');
  const transport = await transportFor(config.smtpUrl);
  let rejected: unknown[];
  try {
    const info = await transport.sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    rejected = (info as { rejected?: unknown[] }).rejected ?? [];
  } catch (err) {
    throw new Error(`the SMTP relay did not take the message: ${(err as Error).message}`, { cause: err });
  }
  if (rejected.length > 0) throw new Error('the SMTP relay rejected the recipient');
}

/** Sends one message from MAIL_FROM through SMTP_URL (api/_lib/env.ts). */
export async function sendMail(message: MailMessage): Promise<void> {
  await sendMailWith(serverEnv().mail, message);
}
