// The live inbox as two people meet it: each signed-in team member in a browser context of their own, the API
// (as the owner) for what happens off-screen (a customer writing in, fixtures), the locators of the inbox
// screens, and in-page stopwatches that time live delivery from one browser to the other.
import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Browser, BrowserContext, Locator, Page } from '@playwright/test';
import type { User } from '../../contracts/auth';
import type { Channel, ConversationDetail, Message } from '../../contracts/conversations';
import type { Customer } from '../../contracts/customers';
import { DEMO_PASSWORD, DEMO_WORKSPACE } from './accounts';
import { expect } from './test';

/** First page load on a cold `npm run dev` compiles the SPA's modules; later ones are quick. */
export const FIRST_LOAD_TIMEOUT = 30_000;
/** How long anything "live" may take to show in the other browser (the issue asks for well under a second). */
export const LIVE_TIMEOUT = 5_000;

/** A short unique marker for texts and names, so assertions find exactly what this run wrote. */
export const uniq = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

// ---------------------------------------------------------------------------------------------------------
// The API, with a Bearer token (a standalone request context: no cookies shared with any browser)

export interface ApiLogin {
  user: User;
  accessToken: string;
}

export async function loginViaApi(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<ApiLogin> {
  const res = await request.post('/api/auth/login', { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as ApiLogin;
}

export class InboxApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly token: string,
    readonly wid: string,
  ) {}

  static async signIn(request: APIRequestContext, email: string): Promise<InboxApi> {
    const { accessToken } = await loginViaApi(request, email);
    const res = await request.get('/api/workspaces', { headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status(), await res.text()).toBe(200);
    const { data } = (await res.json()) as { data: Array<{ id: string; name: string }> };
    const workspace = data.find((w) => w.name === DEMO_WORKSPACE);
    if (!workspace) throw new Error(`${email} is not a member of "${DEMO_WORKSPACE}": ${JSON.stringify(data)}`);
    return new InboxApi(request, accessToken, workspace.id);
  }

  private get headers() {
    return { authorization: `Bearer ${this.token}` };
  }

  private path(rest: string) {
    return `/api/workspaces/${this.wid}${rest}`;
  }

  async createCustomer(name = uniq('E2E Customer')): Promise<Customer> {
    const res = await this.request.post(this.path('/customers'), { headers: this.headers, data: { name } });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as Customer;
  }

  async createConversation(customerId: string, subject: string, channel: Channel = 'web'): Promise<ConversationDetail> {
    const res = await this.request.post(this.path('/conversations'), { headers: this.headers, data: { customerId, channel, subject } });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as ConversationDetail;
  }

  /** A fresh customer and an open conversation with them: a fixture nobody else's test touches. */
  async freshConversation(label: string): Promise<{ customer: Customer; conversation: ConversationDetail }> {
    const customer = await this.createCustomer(uniq(`E2E ${label}`));
    const conversation = await this.createConversation(customer.id, uniq(`${label} subject`));
    return { customer, conversation };
  }

  async postMessage(conversationId: string, content: string, extra: { senderType?: Message['senderType']; private?: boolean } = {}): Promise<Message> {
    const res = await this.request.post(this.path(`/conversations/${conversationId}/messages`), { headers: this.headers, data: { content, ...extra } });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as Message;
  }

  async conversation(id: string): Promise<ConversationDetail> {
    const res = await this.request.get(this.path(`/conversations/${id}`), { headers: this.headers });
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as ConversationDetail;
  }
}

// ---------------------------------------------------------------------------------------------------------
// A team member in a browser of their own

/** A page watched from its start: what a test reads about it besides the DOM. */
export interface WatchedPage {
  label: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page; a live view that throws is a bug even when the assertions pass. */
  pageErrors: string[];
  /** Text of every WebSocket frame the page received (Pusher protocol), for waiting on subscriptions. */
  frames: string[];
}

export interface Teammate extends WatchedPage {
  user: User;
}

/** The browser context a teammate works in (as wide as a desktop, so the inbox shows list and thread side by side). */
export const newTeammateContext = (browser: Browser, baseURL: string): Promise<BrowserContext> =>
  browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });

/** A new page in `context`, recording its uncaught errors and the WebSocket frames it receives from now on. */
export async function watchPage(context: BrowserContext, label: string): Promise<WatchedPage> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const frames: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`${label}: ${error.message}`));
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => frames.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString())));
  return { label, context, page, pageErrors, frames };
}

/**
 * A new browser context signed in as `email`: POST /api/auth/login through the context's own request, which
 * stores the HttpOnly refresh cookie in the context, so the SPA restores the session on its first load just
 * as it does after a reload.
 */
export async function openTeammate(browser: Browser, baseURL: string, email: string, label: string, password = DEMO_PASSWORD): Promise<Teammate> {
  const context = await newTeammateContext(browser, baseURL);
  const login = await context.request.post('/api/auth/login', { data: { email, password } });
  expect(login.status(), await login.text()).toBe(200);
  const { user } = (await login.json()) as ApiLogin;
  return { ...(await watchPage(context, label)), user };
}

/**
 * Resolves once the page's pusher-js client has joined `channel` (the server confirmed the subscription), in
 * a frame received after the first `since` frames: a page that was navigated afresh passes the count it had
 * before, so a confirmation its previous document got does not count for the new one.
 */
export async function subscribed(teammate: WatchedPage, channel: string, since = 0): Promise<void> {
  await expect
    .poll(() => teammate.frames.slice(since).some((f) => f.includes('subscription_succeeded') && f.includes(`"${channel}"`)), {
      message: `${teammate.label} joins ${channel}`,
      timeout: FIRST_LOAD_TIMEOUT,
    })
    .toBe(true);
}

/**
 * Opens the inbox (optionally with a conversation, and on a status tab) and waits until it is live: the list
 * is loaded and the workspace channel is subscribed, so every event from now on reaches this page.
 */
export async function openInbox(teammate: WatchedPage, wid: string, conversationId?: string, status?: string): Promise<void> {
  const { page } = teammate;
  const since = teammate.frames.length;
  await page.goto(`/w/${wid}/inbox${conversationId ? `/${conversationId}` : ''}${status ? `?status=${status}` : ''}`);
  await expect(page.getByRole('tablist', { name: 'Inbox tabs' })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
  await expect(conversationItems(page).first()).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
  if (conversationId) await expect(threadList(page).or(page.getByText('No messages yet'))).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
  await subscribed(teammate, `private-workspace-${wid}`, since);
  await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
}

/** Marks the document; `expectNoReload` later proves the page was never reloaded in between. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eDocument?: boolean }).__e2eDocument = true;
  });
}

export async function expectNoReload(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __e2eDocument?: boolean }).__e2eDocument === true), 'the page was not reloaded').toBe(true);
}

// ---------------------------------------------------------------------------------------------------------
// Locators of the inbox screens

export const conversationItems = (page: Page): Locator => page.getByTestId('conversation-item');

export const conversationItem = (page: Page, id: string): Locator => page.locator(`[data-testid="conversation-item"][data-conversation-id="${id}"]`);

/** The row's link (it carries `aria-current="page"` when the conversation is the open one). */
export const conversationLink = (page: Page, id: string): Locator => conversationItem(page, id).getByRole('link');

export const threadList = (page: Page): Locator => page.getByRole('list', { name: 'Thread' });

/** Every rendered message whose text contains `text` (a unique marker, so the count is the number of copies). */
export const messagesWithText = (page: Page, text: string): Locator => page.getByTestId('message').filter({ hasText: text });

export const composer = (page: Page): Locator => page.getByRole('textbox', { name: 'Message', exact: true });

export const statusTab = (page: Page, name: 'Open' | 'Pending' | 'Snoozed' | 'Closed'): Locator =>
  page.getByRole('tablist', { name: 'Inbox tabs' }).getByRole('tab', { name, exact: true });

export const statusSelect = (page: Page): Locator => page.getByLabel('Status', { exact: true });

export const searchBox = (page: Page): Locator => page.getByRole('searchbox', { name: 'Search conversations' });

export const onlineAvatars = (page: Page): Locator => page.getByTestId('online-avatars');

/** The ids of the conversations in the list, top to bottom. */
export async function listedIds(page: Page): Promise<string[]> {
  return conversationItems(page).evaluateAll((items) => items.map((item) => item.getAttribute('data-conversation-id') ?? ''));
}

/** Types into the composer and presses Enter (the composer sends on Enter). */
export async function sendFromComposer(page: Page, text: string): Promise<void> {
  const box = composer(page);
  await box.fill(text);
  await box.press('Enter');
}

// ---------------------------------------------------------------------------------------------------------
// Stopwatches in the page. Both browsers and the test runner share the machine's clock, so a time taken in
// one page (or in the runner) and one taken in another compare directly.

type StopwatchWindow = Window & { __e2eSeen?: Record<string, Promise<number>>; __e2eEnterAt?: number[] };

/**
 * Starts watching the page for an element matching `selector` whose text contains `text`; `seenAt` later
 * resolves to the `Date.now()` of the DOM mutation that first showed it (or when it disappeared, with
 * `gone`).
 */
export async function watchFor(page: Page, key: string, selector: string, text: string, { gone = false } = {}): Promise<void> {
  await page.evaluate(
    ({ key, selector, text, gone }) => {
      const w = window as StopwatchWindow;
      w.__e2eSeen ??= {};
      w.__e2eSeen[key] = new Promise<number>((resolve) => {
        const present = () => Array.from(document.querySelectorAll(selector)).some((el) => (el.textContent ?? '').includes(text));
        const done = () => present() !== gone;
        if (done()) return resolve(Date.now());
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          resolve(Date.now());
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      });
    },
    { key, selector, text, gone },
  );
}

export async function seenAt(page: Page, key: string): Promise<number> {
  return page.evaluate((key) => (window as StopwatchWindow).__e2eSeen![key]!, key);
}

/** Records the time of every Enter keydown in the page (capture phase: before the app handles it). */
export async function recordEnterPresses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as StopwatchWindow;
    if (w.__e2eEnterAt) return;
    w.__e2eEnterAt = [];
    document.addEventListener(
      'keydown',
      (event) => {
        if (event.key === 'Enter') w.__e2eEnterAt!.push(Date.now());
      },
      true,
    );
  });
}

export async function lastEnterAt(page: Page): Promise<number> {
  const times = await page.evaluate(() => (window as StopwatchWindow).__e2eEnterAt ?? []);
  const last = times[times.length - 1];
  if (last === undefined) throw new Error('no Enter press was recorded');
  return last;
}

export function summarize(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return `n=${sorted.length} min=${sorted[0]} median=${median} max=${sorted[sorted.length - 1]} ms [${samples.join(', ')}]`;
}
