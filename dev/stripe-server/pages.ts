// The HTML pages of the local Stripe stand-in: hosted Checkout, the 3-D Secure challenge, the Billing Portal
// and the webhook log at /_dev/stripe. No scripts (the app's policy allows none at /_dev), inline styles only,
// plain forms; every control has a stable accessible name for browser tests.
import type { StripeEventRecord } from '../stripe-server.js';
import { formatAmount, type StripeObject } from './state.js';

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const BUTTON = 'font:inherit;padding:8px 16px;border-radius:6px;cursor:pointer;border:1px solid #a1a1aa;background:#fff;color:#18181b';
const PRIMARY = 'font:inherit;padding:10px 20px;border-radius:6px;cursor:pointer;border:1px solid #4338ca;background:#4f46e5;color:#fff;font-weight:600';
const LINK = 'color:#1d4ed8';
const CARD = 'border:1px solid #d4d4d8;border-radius:8px;padding:16px;background:#fff;margin:0 0 16px';

function page(title: string, body: string, width = '34rem'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0;background:#fafafa;color:#18181b;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5">
<main style="max-width:${width};margin:0 auto;padding:24px">
${body}
<p style="margin-top:32px;font-size:13px;color:#52525b">Local Stripe stand-in: test mode, nothing is charged.</p>
</main>
</body>
</html>
`;
}

const date = (unix: unknown) => new Date(Number(unix) * 1000).toISOString().slice(0, 10);

/** The test cards offered on the checkout page, in order. */
export const CHECKOUT_CARDS = [
  { value: 'pm_card_visa', label: 'Visa (succeeds)' },
  { value: 'pm_card_chargeDeclined', label: 'Declined' },
  { value: 'pm_card_authenticationRequired', label: '3-D Secure' },
];

export interface CheckoutView {
  session: StripeObject;
  lineItems: StripeObject[];
  email: string;
  card: string;
  /** A message to show in the alert (a declined card, a failed authentication, a missing email). */
  error: string | null;
}

export function renderCheckoutPage({ session, lineItems, email, card, error }: CheckoutView): string {
  const currency = String(session.currency);
  const recurring = session.mode === 'subscription';
  const rows = lineItems
    .map((item) => {
      const price = item.price as StripeObject;
      const interval = (price.recurring as { interval: string } | null)?.interval;
      return `<tr><td style="padding:6px 0">${escapeHtml(item.description)}${Number(item.quantity) > 1 ? ` × ${escapeHtml(item.quantity)}` : ''}</td>
<td style="padding:6px 0;text-align:right">${formatAmount(Number(item.amount_total), currency)}${interval ? ` / ${escapeHtml(interval)}` : ''}</td></tr>`;
    })
    .join('\n');
  const total = formatAmount(Number(session.amount_total), currency);
  const cards = CHECKOUT_CARDS.map(
    (c) =>
      `<label style="display:flex;gap:8px;align-items:center;margin:6px 0"><input type="radio" name="payment_method" value="${c.value}"${
        c.value === card ? ' checked' : ''
      }> ${escapeHtml(c.label)} <code>${c.value}</code></label>`,
  ).join('\n');
  const cancel = session.cancel_url ? `<p style="margin:16px 0 0"><a href="${escapeHtml(session.cancel_url)}" style="${LINK}">Cancel</a></p>` : '';
  return page(
    `Checkout · ${total}`,
    `<h1 style="font-size:24px;margin:0 0 4px">Checkout</h1>
<p style="margin:0 0 16px;color:#3f3f46">${recurring ? 'Subscribe' : 'Pay'} <strong>${total}</strong>${recurring ? ' per period' : ''}</p>
<section aria-labelledby="summary" style="${CARD}">
<h2 id="summary" style="font-size:16px;margin:0 0 8px">Order summary</h2>
<table style="width:100%;border-collapse:collapse;font-size:15px">
<thead><tr><th scope="col" style="text-align:left;font-weight:600">Item</th><th scope="col" style="text-align:right;font-weight:600">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row" style="text-align:left;padding-top:8px;border-top:1px solid #e4e4e7">Total</th><td style="text-align:right;padding-top:8px;border-top:1px solid #e4e4e7;font-weight:600">${total}</td></tr></tfoot>
</table>
</section>
${error ? `<p role="alert" style="padding:12px;border-radius:6px;background:#fef2f2;border:1px solid #fecaca;color:#991b1b">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/checkout/${escapeHtml(session.id)}" style="${CARD}">
<p style="margin:0 0 12px"><label for="email" style="display:block;font-weight:600">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(email)}" style="font:inherit;width:100%;box-sizing:border-box;padding:8px;border:1px solid #a1a1aa;border-radius:6px"></p>
<fieldset style="border:1px solid #d4d4d8;border-radius:6px;margin:0 0 16px;padding:8px 12px">
<legend style="font-weight:600;padding:0 4px">Test card</legend>
${cards}
</fieldset>
<button type="submit" style="${PRIMARY}">Pay</button>
</form>
${cancel}`,
  );
}

export function renderMessagePage(title: string, message: string, link?: { href: string; text: string }): string {
  return page(
    title,
    `<h1 style="font-size:24px;margin:0 0 8px">${escapeHtml(title)}</h1>
<p role="status">${escapeHtml(message)}</p>
${link ? `<p><a href="${escapeHtml(link.href)}" style="${LINK}">${escapeHtml(link.text)}</a></p>` : ''}`,
  );
}

export function renderThreeDSecurePage(intent: StripeObject): string {
  const amount = formatAmount(Number(intent.amount), String(intent.currency));
  return page(
    '3-D Secure authentication',
    `<h1 style="font-size:24px;margin:0 0 8px">3-D Secure authentication</h1>
<p>Your bank asks you to confirm a payment of <strong>${amount}</strong>.</p>
<p style="color:#52525b;font-size:14px">PaymentIntent <code>${escapeHtml(intent.id)}</code></p>
<form method="post" action="/3ds/${escapeHtml(intent.id)}" style="display:flex;gap:12px;flex-wrap:wrap">
<button type="submit" name="result" value="complete" style="${PRIMARY}">Complete authentication</button>
<button type="submit" name="result" value="fail" style="${BUTTON}">Fail authentication</button>
</form>`,
  );
}

export function renderPortalPage(
  portal: StripeObject,
  customer: StripeObject | undefined,
  subscriptions: StripeObject[],
  productName: (productId: string) => string,
): string {
  const items = subscriptions.map((sub) => {
    const item = (sub.items as { data: StripeObject[] }).data[0];
    const price = item?.price as StripeObject | undefined;
    const interval = (price?.recurring as { interval: string } | null | undefined)?.interval;
    const name = price ? productName(String(price.product)) : 'Subscription';
    const amount = price
      ? `${formatAmount(Number(price.unit_amount) * Number(item?.quantity ?? 1), String(price.currency))}${interval ? ` / ${interval}` : ''}`
      : '';
    const heading = `sub-${escapeHtml(sub.id)}`;
    const action = (path: string, label: string, primary = false) =>
      `<form method="post" action="/portal/${escapeHtml(portal.id)}/subscriptions/${escapeHtml(sub.id)}/${path}" style="margin:0"><button type="submit" style="${primary ? PRIMARY : BUTTON}">${label}</button></form>`;
    let state: string;
    let actions = '';
    if (sub.status === 'canceled') {
      state = `Canceled on ${date(sub.ended_at ?? sub.canceled_at)}`;
    } else if (sub.cancel_at_period_end) {
      state = `Cancels on ${date(sub.current_period_end)}`;
      actions = action('resume', 'Resume', true) + action('cancel', 'Cancel now');
    } else {
      state = `Renews on ${date(sub.current_period_end)}`;
      actions = action('cancel-at-period-end', 'Cancel at period end') + action('cancel', 'Cancel now');
    }
    return `<li>
<article aria-labelledby="${heading}" style="${CARD}">
<h2 id="${heading}" style="font-size:18px;margin:0 0 4px">${escapeHtml(name)}</h2>
<p style="margin:0 0 4px">${escapeHtml(amount)}</p>
<p style="margin:0 0 12px;color:#3f3f46">Status: <strong>${escapeHtml(sub.status)}</strong> · ${escapeHtml(state)}</p>
${actions ? `<div style="display:flex;gap:12px;flex-wrap:wrap">${actions}</div>` : ''}
</article>
</li>`;
  });
  const back = portal.return_url ? `<p><a href="${escapeHtml(portal.return_url)}" style="${LINK}">Return</a></p>` : '';
  return page(
    'Billing portal',
    `<h1 style="font-size:24px;margin:0 0 4px">Billing portal</h1>
<p style="margin:0 0 16px;color:#3f3f46">${escapeHtml(customer?.email ?? customer?.name ?? portal.customer)}</p>
${back}
${items.length ? `<ul style="list-style:none;margin:0;padding:0">${items.join('\n')}</ul>` : '<p>No subscriptions.</p>'}`,
  );
}

function deliveryText(record: StripeEventRecord): string {
  const attempts = record.attempts.map((a) => `${a.status ?? a.error} at ${a.at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`);
  const state: Record<StripeEventRecord['state'], string> = {
    pending: 'Pending',
    retrying: `Retrying${record.nextAttemptAt ? ` at ${record.nextAttemptAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}` : ''}`,
    delivered: 'Delivered',
    failed: 'Failed',
    not_sent: 'Not sent (no webhook URL)',
  };
  return [state[record.state], ...attempts].join(' · ');
}

/** `/_dev/stripe`: every event, newest first, with its deliveries and a Resend button. */
export function renderEventsPage(records: StripeEventRecord[], webhookUrl: string | null): string {
  const rows = records.map(
    (r) => `<tr style="border-top:1px solid #e4e4e7;vertical-align:top">
<td style="padding:8px 8px 8px 0;white-space:nowrap"><time datetime="${new Date(r.created * 1000).toISOString()}">${new Date(r.created * 1000)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC')}</time></td>
<td style="padding:8px"><code>${escapeHtml(r.type)}</code><br><span style="font-size:12px;color:#52525b">${escapeHtml(r.id)}</span></td>
<td style="padding:8px"><code>${escapeHtml(r.objectId)}</code></td>
<td style="padding:8px;font-size:14px">${escapeHtml(deliveryText(r))}</td>
<td style="padding:8px 0 8px 8px"><form method="post" action="/_dev/stripe/events/${escapeHtml(r.id)}/resend" style="margin:0"><button type="submit" aria-label="Resend ${escapeHtml(r.type)} ${escapeHtml(r.id)}" style="${BUTTON}">Resend</button></form></td>
</tr>`,
  );
  const count = `${records.length} event${records.length === 1 ? '' : 's'}`;
  return page(
    `Stripe events (${count}) · Switchboard`,
    `<h1 style="font-size:24px;margin:0 0 8px">Stripe events</h1>
<p style="color:#3f3f46">${count}, newest first. Webhooks go to ${webhookUrl ? `<code>${escapeHtml(webhookUrl)}</code>` : 'nowhere (no webhook URL is set)'}, signed as Stripe signs them. <a href="/_dev/stripe" style="${LINK}">Refresh</a> · <a href="/_dev/stripe.json" style="${LINK}">JSON</a></p>
${
  records.length
    ? `<table style="width:100%;border-collapse:collapse;font-size:15px">
<thead><tr><th scope="col" style="text-align:left;padding:8px 8px 8px 0">Time</th><th scope="col" style="text-align:left;padding:8px">Type</th><th scope="col" style="text-align:left;padding:8px">Object</th><th scope="col" style="text-align:left;padding:8px">Delivery</th><th scope="col" style="padding:8px 0 8px 8px"><span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">Actions</span></th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
    : '<p>No events yet.</p>'
}`,
    '72rem',
  );
}
