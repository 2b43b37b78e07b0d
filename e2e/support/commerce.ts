// Commerce as the browser tests set it up and meet it: a shop of the test's own (a fresh owner and workspace,
// members who joined through an invitation link, products, customers, orders, payments and forms, all made
// through the API), and the local Stripe stand-in's hosted pages (Checkout, 3-D Secure) as a customer uses them.
import { randomUUID } from 'node:crypto';
import type { APIRequestContext, APIResponse, Locator, Page } from '@playwright/test';
import type { Role } from '../../contracts/roles';
import type { Customer } from '../../contracts/customers';
import type { Form, SaveFormBody } from '../../contracts/forms';
import type { Order, OrderPayments, Payment } from '../../contracts/orders';
import type { CreateProductBody, Product } from '../../contracts/products';
import type { Member, Workspace } from '../../contracts/workspaces';
import { freshAccount, registerViaApi, type Account } from './accounts';
import { InboxApi, uniq } from './inbox';
import { expect, fromAddress } from './test';

/** How long a payment may take to show in the app once the customer paid: the stand-in's webhook, the outbox, Pusher. */
export const WEBHOOK_TIMEOUT = 15_000;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Asserts the status of an API answer (with its body in the message) and returns the parsed body. */
async function answer<T>(res: APIResponse, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status(), `${res.url()}: ${text}`).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The commerce API of one workspace, as one member (Bearer token; a standalone request context, no cookies). */
export class CommerceApi {
  constructor(
    readonly request: APIRequestContext,
    readonly token: string,
    readonly wid: string,
  ) {}

  private path(rest: string) {
    return `/api/workspaces/${this.wid}${rest}`;
  }

  private post<T>(rest: string, data: unknown, status: number): Promise<T> {
    return this.request.post(this.path(rest), { headers: bearer(this.token), data }).then((res) => answer<T>(res, status));
  }

  private get<T>(rest: string): Promise<T> {
    return this.request.get(this.path(rest), { headers: bearer(this.token) }).then((res) => answer<T>(res, 200));
  }

  /** A product with a unique SKU and name (the test's own: searching for either finds only it). */
  createProduct(overrides: Partial<CreateProductBody> = {}): Promise<Product> {
    const marker = randomUUID().slice(0, 8);
    return this.post<Product>('/products', { sku: `E2E-${marker}`, name: `E2E Beans ${marker}`, price: 1250, currency: 'usd', stock: 5, ...overrides }, 201);
  }

  createCustomer(name = uniq('E2E Customer'), email: string | null = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.test`): Promise<Customer> {
    return this.post<Customer>('/customers', { name, email }, 201);
  }

  createOrder(customerId: string, items: Array<{ productId: string; quantity: number }>, conversationId?: string): Promise<Order> {
    return this.post<Order>('/orders', { customerId, items, ...(conversationId ? { conversationId } : {}) }, 201);
  }

  order(id: string): Promise<Order> {
    return this.get<Order>(`/orders/${id}`);
  }

  payments(orderId: string): Promise<OrderPayments> {
    return this.get<OrderPayments>(`/orders/${orderId}/payments`);
  }

  /** A Stripe Checkout link for what the order still owes (the stand-in's hosted page). */
  async paymentLink(orderId: string, conversationId?: string): Promise<string> {
    const { url } = await this.post<{ url: string }>('/payments/link', { orderId, ...(conversationId ? { conversationId } : {}) }, 200);
    return url;
  }

  /** Pays the order server-side: a PaymentIntent for what it owes, confirmed with a test payment method. */
  async pay(orderId: string, paymentMethod = 'pm_card_visa'): Promise<Payment> {
    const intent = await this.post<Payment>('/payments/intent', { orderId }, 201);
    return this.post<Payment>('/payments/confirm', { paymentId: intent.id, paymentMethod }, 200);
  }

  createForm(body: SaveFormBody): Promise<Form> {
    return this.post<Form>('/forms', body, 201);
  }

  /** Invites `email` (201; 402 plan_limit once a free workspace's seats are taken). */
  invite(email: string, role: Role = 'agent'): Promise<Member> {
    return this.post<Member>('/members', { email, role }, 201);
  }

  /** A fresh link for a pending invitation: what its email would carry. */
  async invitationLink(invitationId: string): Promise<string> {
    const { url } = await this.post<{ url: string }>(`/members/${invitationId}/link`, undefined, 200);
    return url;
  }
}

/** A workspace of the test's own, made through the API: its owner (an account registered now) and their API. */
export interface Shop {
  owner: Account;
  workspace: Workspace;
  /** The commerce API as the owner. */
  api: CommerceApi;
  /** Customers and conversations as the owner. */
  inbox: InboxApi;
}

export async function openShop(request: APIRequestContext, label: string): Promise<Shop> {
  const owner = freshAccount(`${label}-owner`);
  const { accessToken } = await registerViaApi(request, owner);
  const res = await request.post('/api/workspaces', { headers: bearer(accessToken), data: { name: `Shop ${label} ${owner.id}` } });
  const workspace = await answer<Workspace>(res, 201);
  return { owner, workspace, api: new CommerceApi(request, accessToken, workspace.id), inbox: new InboxApi(request, accessToken, workspace.id) };
}

/**
 * A member of the shop with `role`, who joined as a person does: invited by the owner, then registered from the
 * invitation's link (which verifies the email and accepts the invitation). Returns their account and API.
 */
export async function joinShop(request: APIRequestContext, shop: Shop, role: Role): Promise<{ account: Account; api: CommerceApi }> {
  const account = freshAccount(role);
  const invitation = await shop.api.invite(account.email, role);
  const link = new URL(await shop.api.invitationLink(invitation.id));
  const invitationToken = link.pathname.split('/').pop()!;
  const { name, email, password } = account;
  const res = await request.post('/api/auth/register', { data: { name, email, password, invitationToken }, headers: fromAddress() });
  const { accessToken } = await answer<{ accessToken: string }>(res, 201);
  return { account, api: new CommerceApi(request, accessToken, shop.workspace.id) };
}

// ---------------------------------------------------------------------------------------------------------
// The stand-in's hosted pages, as the customer meets them

/** The test cards of the stand-in's Checkout page, by the accessible names of their radios. */
export const TEST_CARDS = {
  visa: 'Visa (succeeds) pm_card_visa',
  declined: 'Declined pm_card_chargeDeclined',
  threeDSecure: '3-D Secure pm_card_authenticationRequired',
} as const;

/** The first Checkout link (the stand-in's `/checkout/cs_…`) in a text, e.g. the message the agent sent. */
export function checkoutUrlIn(text: string): string {
  const match = /https?:\/\/\S+\/checkout\/[A-Za-z0-9_]+/.exec(text);
  if (!match) throw new Error(`no Checkout link in: ${text}`);
  return match[0];
}

/** The Checkout page's form parts. */
export const checkoutPage = (page: Page) => ({
  heading: page.getByRole('heading', { name: 'Checkout', level: 1 }),
  email: page.getByLabel('Email'),
  cards: page.getByRole('group', { name: 'Test card' }),
  pay: page.getByRole('button', { name: 'Pay', exact: true }),
  alert: page.getByRole('alert'),
});

/** On the Checkout page: enters the email, picks a test card and presses Pay. */
export async function payOnCheckout(page: Page, email: string, card: keyof typeof TEST_CARDS): Promise<void> {
  const checkout = checkoutPage(page);
  await expect(checkout.heading).toBeVisible();
  await checkout.email.fill(email);
  await checkout.cards.getByRole('radio', { name: TEST_CARDS[card] }).check();
  await checkout.pay.click();
}

// ---------------------------------------------------------------------------------------------------------
// Locators of the app's commerce screens

/** The Orders section of the inbox's customer panel. */
export const conversationOrders = (page: Page): Locator =>
  page.getByRole('complementary', { name: 'Customer details' }).getByRole('region', { name: 'Orders', exact: true });

/** One order's row in that section. */
export const conversationOrder = (page: Page, number: number): Locator =>
  conversationOrders(page)
    .getByTestId('conversation-order')
    .filter({ has: page.getByRole('link', { name: `Order #${number}`, exact: true }) });

/** The Payment section of the order page. */
export const paymentSection = (page: Page): Locator => page.getByRole('region', { name: 'Payment', exact: true });

/** The payment status badge beside the Payment heading of the order page (e.g. "Unpaid", "Paid", "Refunded"). */
export const paymentStatusBadge = (page: Page, label: string): Locator => paymentSection(page).locator('header').getByText(label, { exact: true });
