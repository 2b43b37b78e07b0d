// Commerce as people meet it in the browser, each test in a shop of its own (a fresh owner's workspace with its
// products, customers and members, made through the API): an agent sells from a conversation and sees the order
// turn Paid live once the customer paid on the Checkout page; a declined card shows on the Checkout page and in
// the order's payment; an admin refunds a paid order; an owner past the free plan's seats upgrades to Pro
// through Checkout and can invite again; a public order form opens a conversation in the inbox. Payments go
// through the local Stripe stand-in's hosted pages, opened in a browser context of the customer's own.
import type { Browser, Page } from '@playwright/test';
import { freshAccount } from './support/accounts';
import {
  checkoutPage,
  checkoutUrlIn,
  conversationOrder,
  conversationOrders,
  joinShop,
  openShop,
  paymentSection,
  paymentStatusBadge,
  payOnCheckout,
  WEBHOOK_TIMEOUT,
} from './support/commerce';
import {
  conversationItem,
  conversationLink,
  expectNoReload,
  FIRST_LOAD_TIMEOUT,
  markDocument,
  messagesWithText,
  openInbox,
  openTeammate,
  subscribed,
  threadList,
  uniq,
  type Teammate,
} from './support/inbox';
import { memberRow } from './support/workspaces';
import { expect, test } from './support/test';

/** The customer's own browser: a fresh context, with none of the team's cookies. */
async function customerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  return context.newPage();
}

/** The team member's page is live for the workspace: its events from now on reach the page without a reload. */
async function live(teammate: Teammate, wid: string): Promise<void> {
  await subscribed(teammate, `private-workspace-${wid}`);
  await markDocument(teammate.page);
}

test.describe('commerce', () => {
  test('an agent creates an order in the conversation panel and sends the payment link; the customer pays it on Checkout and the order turns Paid live', async ({
    browser,
    request,
    baseURL,
  }) => {
    const shop = await openShop(request, 'panel');
    const product = await shop.api.createProduct({ price: 1250, stock: 5 });
    const customer = await shop.api.createCustomer();
    const conversation = await shop.inbox.createConversation(customer.id, uniq('Order question'));
    const { account: agentAccount } = await joinShop(request, shop, 'agent');

    const agent = await openTeammate(browser, baseURL!, agentAccount.email, 'agent', agentAccount.password);
    const customerBrowser = await customerPage(browser);
    try {
      const { page } = agent;
      await openInbox(agent, shop.workspace.id, conversation.id);
      await markDocument(page);
      const orders = conversationOrders(page);
      await expect(orders.getByText('No orders yet.')).toBeVisible();

      // The product picker: search by SKU, add the product, one more of it; the running total follows.
      await orders.getByRole('button', { name: 'New order' }).click();
      const dialog = page.getByRole('dialog', { name: 'New order' });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('searchbox', { name: 'Products' }).fill(product.sku);
      const picked = dialog.getByRole('list', { name: 'Products' }).getByRole('listitem');
      await expect(picked).toHaveCount(1);
      await expect(picked).toContainText(product.name);
      await expect(picked).toContainText('$12.50');
      await expect(picked).toContainText('5 in stock');
      await dialog.getByRole('button', { name: `Add ${product.name}` }).click();
      const cart = dialog.getByRole('region', { name: 'This order' });
      await cart.getByRole('button', { name: `One more ${product.name}` }).click();
      await expect(cart.getByRole('spinbutton', { name: `Quantity of ${product.name}` })).toHaveValue('2');
      await expect(cart).toContainText('Total$25.00');
      await dialog.getByRole('button', { name: 'Create order' }).click();

      const created = page.getByRole('dialog', { name: /^Order #\d+ created$/ });
      await expect(created).toBeVisible();
      const number = Number(/#(\d+)/.exec((await created.getByRole('heading').first().textContent()) ?? '')![1]);
      await expect(created.getByRole('status')).toContainText('2 items, total $25.00');
      await created.getByRole('button', { name: 'Send payment link' }).click();
      await expect(created).toBeHidden();

      // The link is a message in the thread, and the order in the panel waits for its payment.
      const linkMessage = messagesWithText(page, `Here is the payment link for order #${number} ($25.00): `);
      await expect(linkMessage).toHaveCount(1);
      const row = conversationOrder(page, number);
      await expect(row).toContainText('$25.00');
      await expect(row).toContainText('Payment: Unpaid');
      await expect(row).toContainText('2 items');
      const checkoutUrl = checkoutUrlIn((await linkMessage.textContent()) ?? '');

      // The customer opens the link in a browser of their own and pays with the Visa test card.
      await customerBrowser.goto(checkoutUrl);
      await expect(checkoutPage(customerBrowser).heading).toBeVisible();
      await expect(customerBrowser.getByText('Pay $25.00')).toBeVisible();
      await expect(customerBrowser.getByRole('table')).toContainText(`Order #${number}`);
      await payOnCheckout(customerBrowser, customer.email!, 'visa');
      await expect(customerBrowser).toHaveURL(`${baseURL}/payment-complete?order=${number}`, { timeout: FIRST_LOAD_TIMEOUT });
      await expect(customerBrowser.getByRole('heading', { name: 'Thank you for your payment', level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(customerBrowser.getByRole('status')).toContainText(`Your payment for order #${number} was received.`);

      // The agent's page, never reloaded, shows the order paid once Stripe's webhook landed.
      await expect(row).toContainText('Payment: Paid', { timeout: WEBHOOK_TIMEOUT });
      await expect(row.getByRole('button', { name: /Send payment link/ })).toHaveCount(0);
      await expectNoReload(page);
      expect(agent.pageErrors).toEqual([]);
    } finally {
      await customerBrowser.context().close();
      await agent.context.close();
    }
  });

  test('a declined card: the Checkout page says so, and the open order page shows the payment failed', async ({ browser, request, baseURL }) => {
    const shop = await openShop(request, 'declined');
    const product = await shop.api.createProduct({ price: 4200, stock: null });
    const customer = await shop.api.createCustomer();
    const order = await shop.api.createOrder(customer.id, [{ productId: product.id, quantity: 1 }]);
    const link = await shop.api.paymentLink(order.id);

    const owner = await openTeammate(browser, baseURL!, shop.owner.email, 'owner', shop.owner.password);
    const customerBrowser = await customerPage(browser);
    try {
      const { page } = owner;
      await page.goto(`/w/${shop.workspace.id}/orders/${order.id}`);
      await expect(page.getByRole('heading', { name: `Order #${order.number}`, level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      const payment = paymentSection(page);
      await expect(payment).toContainText('No payment yet.');
      await expect(paymentStatusBadge(page, 'Unpaid')).toBeVisible();
      await live(owner, shop.workspace.id);

      await customerBrowser.goto(link);
      await payOnCheckout(customerBrowser, customer.email!, 'declined');
      await expect(checkoutPage(customerBrowser).alert).toHaveText('Your card was declined. Choose a card and try again.');
      // Still on Checkout, ready for another card, with the one that was declined still chosen.
      await expect(checkoutPage(customerBrowser).heading).toBeVisible();
      await expect(customerBrowser.getByRole('radio', { name: 'Declined pm_card_chargeDeclined' })).toBeChecked();

      await expect(paymentStatusBadge(page, 'Payment failed')).toBeVisible({ timeout: WEBHOOK_TIMEOUT });
      const attempt = payment.getByTestId('payment');
      await expect(attempt).toHaveCount(1);
      await expect(attempt).toContainText('$42.00');
      await expect(attempt).toContainText('Failed');
      await expect(attempt).toContainText('Your card was declined.');
      await expect(payment.getByRole('list', { name: 'Payment timeline' })).toContainText('Payment failed: Your card was declined.');
      // Nothing was paid: the whole amount is still due.
      await expect(payment.getByRole('definition').nth(2)).toHaveText('$42.00');
      await expectNoReload(page);
      expect(owner.pageErrors).toEqual([]);
    } finally {
      await customerBrowser.context().close();
      await owner.context.close();
    }
  });

  test('an admin refunds a paid order in full from the order page: it shows Refunded, and the timeline the refund', async ({ browser, request, baseURL }) => {
    const shop = await openShop(request, 'refund');
    const { account: adminAccount, api: admin } = await joinShop(request, shop, 'admin');
    const product = await shop.api.createProduct({ price: 1999, stock: 10 });
    const customer = await shop.api.createCustomer();
    const order = await admin.createOrder(customer.id, [{ productId: product.id, quantity: 2 }]);
    const paid = await admin.pay(order.id, 'pm_card_visa');
    expect(paid.status).toBe('succeeded');

    const teammate = await openTeammate(browser, baseURL!, adminAccount.email, 'admin', adminAccount.password);
    try {
      const { page } = teammate;
      await page.goto(`/w/${shop.workspace.id}/orders/${order.id}`);
      await expect(page.getByRole('heading', { name: `Order #${order.number}`, level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      const payment = paymentSection(page);
      await expect(paymentStatusBadge(page, 'Paid')).toBeVisible({ timeout: WEBHOOK_TIMEOUT });
      await expect(payment.getByRole('definition').first()).toHaveText('$39.98');
      await live(teammate, shop.workspace.id);

      await payment.getByRole('button', { name: 'Refund the $39.98 payment' }).click();
      const dialog = page.getByRole('dialog', { name: 'Refund payment' });
      await expect(dialog).toContainText('$39.98 paid, $39.98 left to refund.');
      // The amount starts at everything that is left to refund.
      await expect(dialog.getByLabel('Amount (USD)')).toHaveValue('39.98');
      await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
      await expect(dialog).toBeHidden();

      await expect(paymentStatusBadge(page, 'Refunded')).toBeVisible({ timeout: WEBHOOK_TIMEOUT });
      await expect(payment.getByRole('definition').nth(1)).toHaveText('$39.98');
      await expect(payment.getByTestId('payment')).toContainText('$39.98 refunded');
      await expect(payment.getByTestId('payment').getByRole('button', { name: /^Refund/ })).toHaveCount(0);
      const refundEvent = payment
        .getByRole('list', { name: 'Payment timeline' })
        .getByTestId('payment-event')
        .filter({ hasText: /^Refunded/ });
      await expect(refundEvent).toHaveCount(1, { timeout: WEBHOOK_TIMEOUT });
      await expect(refundEvent).toContainText('$39.98');
      await expectNoReload(page);
      expect(teammate.pageErrors).toEqual([]);
    } finally {
      await teammate.context.close();
    }
  });

  test("a free workspace's fourth seat is refused; upgrading to Pro through Checkout lifts the limit", async ({ browser, request, baseURL }) => {
    const shop = await openShop(request, 'seats');
    await shop.api.invite(freshAccount('second').email);
    await shop.api.invite(freshAccount('third').email);
    const fourth = freshAccount('fourth');

    const owner = await openTeammate(browser, baseURL!, shop.owner.email, 'owner', shop.owner.password);
    try {
      const { page } = owner;
      await page.goto(`/w/${shop.workspace.id}/settings`);
      await expect(page.getByRole('heading', { name: 'Workspace settings', level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      const inviteForm = page.getByRole('form', { name: 'Invite a member' });
      await inviteForm.getByLabel('Email to invite').fill(fourth.email);
      await inviteForm.getByRole('button', { name: 'Invite' }).click();
      await expect(inviteForm.getByRole('alert')).toHaveText('The free plan has 3 seats (members and pending invitations): upgrade to add more');
      await expect(memberRow(page, fourth.email)).toHaveCount(0);

      const tabs = page.getByRole('navigation', { name: 'Settings sections' });
      await tabs.getByRole('link', { name: 'Billing' }).click();
      await expect(page.getByRole('heading', { name: 'Billing', level: 1 })).toBeVisible();
      await expect(page.getByTestId('plan-name')).toHaveText('Free');
      await expect(page.getByRole('progressbar', { name: 'Seats used' })).toHaveAttribute('aria-valuetext', '3 of 3 seats');
      await expect(page.getByText('Every seat is taken: upgrade to Pro to invite more people.')).toBeVisible();

      // Upgrade: the stand-in's Checkout page for the subscription, paid with the Visa test card.
      await page.getByRole('button', { name: 'Upgrade to Pro' }).click();
      await expect(checkoutPage(page).heading).toBeVisible();
      await expect(page.getByText(/^Subscribe \$\d+\.\d\d per period$/)).toBeVisible();
      await payOnCheckout(page, shop.owner.email, 'visa');

      // Back on the billing tab, which waits for the subscription's webhook.
      await expect(page).toHaveURL(`${baseURL}/w/${shop.workspace.id}/settings/billing?checkout=success`, { timeout: FIRST_LOAD_TIMEOUT });
      await expect(page.getByTestId('plan-name')).toHaveText('Pro', { timeout: WEBHOOK_TIMEOUT * 2 });
      await expect(page.getByText('Thanks — your workspace is on Pro now.')).toBeVisible();
      await expect(page.getByRole('region', { name: 'Plan' }).getByText('Active', { exact: true })).toBeVisible();
      await expect(page.getByText('3 seats in use · no limit')).toBeVisible();

      await tabs.getByRole('link', { name: 'General' }).click();
      await inviteForm.getByLabel('Email to invite').fill(fourth.email);
      await inviteForm.getByRole('button', { name: 'Invite' }).click();
      await expect(page.getByText(`Invitation emailed to ${fourth.email}. They join once they accept it.`)).toBeVisible();
      await expect(memberRow(page, fourth.email)).toContainText(/Invited · expires/);
      await expect(inviteForm.getByRole('alert')).toHaveCount(0);
      expect(owner.pageErrors).toEqual([]);
    } finally {
      await owner.context.close();
    }
  });

  test('a customer submits the public order form; the conversation and its order show in the open inbox', async ({ browser, request, baseURL }) => {
    const shop = await openShop(request, 'form');
    const product = await shop.api.createProduct({ price: 800, stock: 20 });
    const form = await shop.api.createForm({
      name: uniq('Order beans'),
      fields: [
        { key: 'name', label: 'Your name', type: 'text', required: true },
        { key: 'email', label: 'Your email', type: 'email', required: true },
        { key: 'beans', label: 'Beans', type: 'product', required: true, productIds: [product.id] },
        { key: 'notes', label: 'Anything else?', type: 'textarea' },
      ],
    });
    const customerName = uniq('Form Customer');
    const customerEmail = `${customerName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.test`;
    const note = uniq('Grind them fine');

    const owner = await openTeammate(browser, baseURL!, shop.owner.email, 'owner', shop.owner.password);
    const customerBrowser = await customerPage(browser);
    try {
      // The owner's inbox is open (and empty) before the customer writes in.
      const { page } = owner;
      await page.goto(`/w/${shop.workspace.id}/inbox`);
      await expect(page.getByRole('tablist', { name: 'Inbox tabs' })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await live(owner, shop.workspace.id);

      await customerBrowser.goto(`${baseURL}/f/${form.publicKey}`);
      await expect(customerBrowser.getByRole('heading', { name: shop.workspace.name, level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(customerBrowser.getByText(form.name)).toBeVisible();
      await customerBrowser.getByLabel('Your name').fill(customerName);
      await customerBrowser.getByLabel('Your email').fill(customerEmail);
      const beans = customerBrowser.getByRole('group', { name: /^Beans/ });
      await expect(beans).toContainText(product.name);
      await expect(beans).toContainText('$8.00');
      await beans.getByRole('spinbutton', { name: `Quantity of ${product.name}` }).fill('3');
      await expect(beans).toContainText('Total $24.00');
      await customerBrowser.getByLabel('Anything else?').fill(note);
      await customerBrowser.getByRole('button', { name: 'Send' }).click();
      await expect(customerBrowser.getByRole('heading', { name: 'Thank you!', level: 1 })).toBeVisible();

      // The new conversation arrives in the owner's list without a reload; opened, it shows the answers and the order.
      const item = page.getByTestId('conversation-item').filter({ hasText: customerName });
      await expect(item).toHaveCount(1, { timeout: WEBHOOK_TIMEOUT });
      const conversationId = await item.getAttribute('data-conversation-id');
      await expectNoReload(page);
      await conversationLink(page, conversationId!).click();
      await expect(conversationItem(page, conversationId!).getByRole('link')).toHaveAttribute('aria-current', 'page');
      await expect(threadList(page)).toBeVisible();
      // The conversation is about the form: its subject is the form's name.
      await expect(page.getByText(`${form.name} · Web chat`)).toBeVisible();
      await expect(messagesWithText(page, note)).toHaveCount(1);
      await expect(messagesWithText(page, note)).toContainText(product.name);
      const orders = conversationOrders(page);
      await expect(orders.getByTestId('conversation-order')).toHaveCount(1);
      await expect(orders.getByTestId('conversation-order')).toContainText('$24.00');
      await expect(orders.getByTestId('conversation-order')).toContainText('Payment: Unpaid');
      await expect(page.getByRole('complementary', { name: 'Customer details' })).toContainText(customerEmail);
      expect(owner.pageErrors).toEqual([]);
    } finally {
      await customerBrowser.context().close();
      await owner.context.close();
    }
  });
});
