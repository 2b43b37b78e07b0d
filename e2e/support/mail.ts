// The dev mailbox as the tests read it: `npm run dev` catches every email the app sends and lists it at
// /_dev/mail.json (newest first). Tests wait for a message to an address and open the link in it as the person
// who received it would.
import type { APIRequestContext } from '@playwright/test';
import { expect } from './test';

export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  links: string[];
  receivedAt: string;
}

export const MAIL_TIMEOUT = 15_000;

export async function mailbox(request: APIRequestContext): Promise<CaughtMail[]> {
  const res = await request.get('/_dev/mail.json');
  expect(res.status(), `GET /_dev/mail.json: ${await res.text()}`).toBe(200);
  return (await res.json()) as CaughtMail[];
}

const sentTo = (mail: CaughtMail, email: string) => mail.to.toLowerCase() === email.toLowerCase();

/**
 * The newest email to `email` whose subject matches, once it has arrived (the app sends mail from its outbox
 * after the request that caused it). `after` skips what was already there: pass the count `countMail` gave.
 */
export async function waitForMail(
  request: APIRequestContext,
  email: string,
  subject: RegExp,
  { after = 0, timeout = MAIL_TIMEOUT }: { after?: number; timeout?: number } = {},
): Promise<CaughtMail> {
  let found: CaughtMail | undefined;
  await expect
    .poll(
      async () => {
        const matching = (await mailbox(request)).filter((m) => sentTo(m, email) && subject.test(m.subject));
        found = matching.length > after ? matching[0] : undefined;
        return found?.subject ?? null;
      },
      { message: `an email to ${email} with a subject like ${subject}`, timeout },
    )
    .not.toBeNull();
  return found!;
}

/** How many emails to `email` with such a subject have arrived so far (for `waitForMail`'s `after`). */
export async function countMail(request: APIRequestContext, email: string, subject: RegExp): Promise<number> {
  return (await mailbox(request)).filter((m) => sentTo(m, email) && subject.test(m.subject)).length;
}

/**
 * The path (and query) of the email's link to one of the app's pages, e.g. `/invite/…`: the test opens it on its
 * own base URL, whatever origin the email names.
 */
export function linkTo(mail: CaughtMail, pathPrefix: string): string {
  const link = mail.links.map((l) => new URL(l)).find((u) => u.pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`no ${pathPrefix} link in "${mail.subject}": ${JSON.stringify(mail.links)}`);
  return `${link.pathname}${link.search}`;
}

export const SUBJECTS = {
  invitation: /invited you to/,
  verify: /^Confirm your email address/,
  reset: /^Reset your .* password$/,
  passwordChanged: /password was changed$/,
};
