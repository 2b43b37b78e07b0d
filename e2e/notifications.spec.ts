// Notifications as an agent meets them while working elsewhere in the app: agent A (a member of a workspace of
// the test's own, who joined through an invitation) has a conversation assigned to them and is on the
// Customers page; a customer writes in (posted through the API by the owner). Within 1 s A's Inbox entry shows
// the unread badge, the tab title gains its "(N)" count, and a toast offers to open the conversation, which its
// Open button does. With the tab hidden and notifications allowed, the next message shows a desktop
// notification (window.Notification is wrapped by an init script that records what is shown; the page's
// visibility is switched by the same script). The bell lists both, and "Mark all read" clears its count.
import type { APIRequestContext, Page } from '@playwright/test';
import type { Notification } from '../contracts/notifications';
import { joinShop, openShop } from './support/commerce';
import { FIRST_LOAD_TIMEOUT, LIVE_TIMEOUT, messagesWithText, openTeammate, seenAt, subscribed, uniq, watchFor, type Teammate } from './support/inbox';
import { expect, test } from './support/test';

/** The bound: the badge, the title and the toast show within a second of the message. */
const NOTIFY_TIMEOUT = 1_000;

interface ShownNotification {
  title: string;
  body?: string;
  tag?: string;
}
type NotifyWindow = Window & { __e2eShown: ShownNotification[]; __e2eHidden: boolean; __e2eClickShown: (index: number) => void };

/**
 * Runs before the app's scripts in every page of the context: `document.visibilityState` answers `hidden` while
 * `window.__e2eHidden` is set (headless Chromium keeps every page visible), and each `new Notification(…)` is
 * recorded (and still made, so the browser's permission is what the app sees) with a way to click it.
 */
function instrument() {
  const w = window as unknown as NotifyWindow;
  w.__e2eShown = [];
  w.__e2eHidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (w.__e2eHidden ? 'hidden' : 'visible') });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => w.__e2eHidden });
  const Real = window.Notification;
  if (!Real) return;
  const made: globalThis.Notification[] = [];
  class Recorded extends EventTarget {
    static get permission() {
      return Real.permission;
    }
    static requestPermission(...args: Parameters<typeof Real.requestPermission>) {
      return Real.requestPermission(...args);
    }
    onclick: ((this: Recorded, ev: Event) => unknown) | null = null;
    constructor(title: string, options: NotificationOptions = {}) {
      super();
      w.__e2eShown.push({ title, body: options.body, tag: options.tag });
      made.push(this as unknown as globalThis.Notification);
      try {
        new Real(title, options);
      } catch {
        // A browser that shows none still recorded what the app asked for.
      }
    }
    close() {}
  }
  w.__e2eClickShown = (index) => {
    const shown = made[index] as unknown as Recorded;
    shown.onclick?.call(shown, new Event('click'));
  };
  Object.defineProperty(window, 'Notification', { configurable: true, writable: true, value: Recorded });
}

const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((hidden) => {
    (window as unknown as NotifyWindow).__e2eHidden = hidden;
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

const shownNotifications = (page: Page) => page.evaluate(() => (window as unknown as NotifyWindow).__e2eShown);

const inboxBadge = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByTestId('inbox-unread');
const bellButton = (page: Page) => page.getByRole('banner').getByRole('button', { name: /^Notifications/ });

async function assignToSelf(request: APIRequestContext, token: string, wid: string, conversationId: string, userId: string): Promise<void> {
  const res = await request.patch(`/api/workspaces/${wid}/conversations/${conversationId}`, {
    headers: { authorization: `Bearer ${token}` },
    data: { assigneeId: userId },
  });
  expect(res.status(), await res.text()).toBe(200);
}

async function notificationsOf(request: APIRequestContext, token: string): Promise<{ data: Notification[]; unreadCount: number }> {
  const res = await request.get('/api/notifications', { headers: { authorization: `Bearer ${token}` } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { data: Notification[]; unreadCount: number };
}

test('a customer message on an agent’s conversation shows on the Customers page within 1 s (badge, title, toast), as a desktop notification while the tab is hidden, and in the bell', async ({
  browser,
  request,
  baseURL,
}) => {
  const shop = await openShop(request, 'notify');
  const wid = shop.workspace.id;
  const agent = await joinShop(request, shop, 'agent');
  const { customer, conversation } = await shop.inbox.freshConversation('Notify');

  let a: Teammate | undefined;
  try {
    a = await openTeammate(browser, baseURL!, agent.account.email, 'agent', agent.account.password);
    await a.context.grantPermissions(['notifications'], { origin: baseURL! });
    await a.context.addInitScript(instrument);
    // The agent takes the conversation (a self-assignment notifies nobody).
    await assignToSelf(request, agent.api.token, wid, conversation.id, a.user.id);

    const { page } = a;
    await page.goto(`/w/${wid}/customers`);
    await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await subscribed(a, `private-user-${a.user.id}`);
    await subscribed(a, `private-workspace-${wid}`);
    await expect(inboxBadge(page)).toHaveCount(0);
    await expect(page).not.toHaveTitle(/^\(\d+\) /);
    await expect(bellButton(page)).toHaveAccessibleName('Notifications');

    // A customer writes in.
    await watchFor(page, 'badge', '[data-testid="inbox-unread"]', '1');
    await watchFor(page, 'toast', '[data-sonner-toast]', `New message from ${customer.name}`);
    await page.evaluate(() => {
      const w = window as unknown as { __e2eTitleAt: Promise<number> };
      w.__e2eTitleAt = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (!document.title.startsWith('(1) ')) return;
          observer.disconnect();
          resolve(Date.now());
        });
        observer.observe(document.head, { subtree: true, childList: true, characterData: true });
      });
    });
    const first = uniq('Do you ship to Norway?');
    const sentAt = Date.now();
    await shop.inbox.postMessage(conversation.id, first, { senderType: 'customer' });

    await expect(inboxBadge(page)).toHaveText('1', { timeout: LIVE_TIMEOUT });
    await expect(inboxBadge(page)).toHaveAccessibleName('1 unread');
    await expect(page).toHaveTitle(/^\(1\) /, { timeout: LIVE_TIMEOUT });
    const toast = page.locator('[data-sonner-toast]').filter({ hasText: `New message from ${customer.name}` });
    await expect(toast).toBeVisible({ timeout: LIVE_TIMEOUT });
    await expect(toast).toContainText(first);
    const badgeMs = (await seenAt(page, 'badge')) - sentAt;
    const toastMs = (await seenAt(page, 'toast')) - sentAt;
    const titleMs = (await page.evaluate(() => (window as unknown as { __e2eTitleAt: Promise<number> }).__e2eTitleAt)) - sentAt;
    console.log(`[notifications e2e] customer message sent → Inbox badge ${badgeMs} ms, title ${titleMs} ms, toast ${toastMs} ms`);
    expect(badgeMs, 'ms from the message to the Inbox badge').toBeLessThanOrEqual(NOTIFY_TIMEOUT);
    expect(titleMs, 'ms from the message to the title count').toBeLessThanOrEqual(NOTIFY_TIMEOUT);
    expect(toastMs, 'ms from the message to the toast').toBeLessThanOrEqual(NOTIFY_TIMEOUT);
    // Visible and not hidden: no desktop notification.
    expect(await shownNotifications(page)).toEqual([]);
    await page.screenshot({ path: 'e2e/screenshots/notifications-toast.png' });

    // The toast's Open opens the conversation.
    await toast.getByRole('button', { name: 'Open' }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${wid}/inbox/${conversation.id}$`));
    await expect(messagesWithText(page, first)).toHaveCount(1, { timeout: FIRST_LOAD_TIMEOUT });

    // Back on Customers, the tab goes to the background; the next message shows a desktop notification.
    // (The frames are those of the new document from here: its own subscription is what to wait for.)
    a.frames.length = 0;
    await page.goto(`/w/${wid}/customers`);
    await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await subscribed(a, `private-user-${a.user.id}`);
    await subscribed(a, `private-workspace-${wid}`);
    expect(await page.evaluate(() => Notification.permission)).toBe('granted');
    await setHidden(page, true);
    const second = uniq('And how long does it take?');
    await shop.inbox.postMessage(conversation.id, second, { senderType: 'customer' });
    await expect.poll(() => shownNotifications(page), { timeout: LIVE_TIMEOUT }).toHaveLength(1);
    const [shown] = await shownNotifications(page);
    expect(shown!.title).toBe(`New message from ${customer.name}`);
    expect(shown!.body).toContain(second);
    await expect(inboxBadge(page)).toHaveText(/^[12]$/, { timeout: LIVE_TIMEOUT });
    await expect(page).toHaveTitle(/^\([12]\) /);

    // Clicking the desktop notification opens the conversation.
    await setHidden(page, false);
    await page.evaluate(() => (window as unknown as NotifyWindow).__e2eClickShown(0));
    await expect(page).toHaveURL(new RegExp(`/w/${wid}/inbox/${conversation.id}$`));
    await expect(messagesWithText(page, second)).toHaveCount(1, { timeout: FIRST_LOAD_TIMEOUT });

    // The bell lists both and marks them read.
    const { data, unreadCount } = await notificationsOf(request, agent.api.token);
    expect(data.filter((n) => n.type === 'conversation.message')).toHaveLength(2);
    await expect(bellButton(page)).toHaveAccessibleName(`Notifications, ${unreadCount} unread`);
    await expect(page.getByTestId('notification-count')).toHaveText(String(unreadCount));
    await bellButton(page).click();
    const panel = page.getByRole('dialog', { name: 'Notifications' });
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('listitem').filter({ hasText: `New message from ${customer.name}` })).toHaveCount(2);
    await expect(panel.getByText(first)).toBeVisible();
    await expect(panel.getByText(second)).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/notifications-bell.png' });
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await expect(bellButton(page)).toHaveAccessibleName('Notifications');
    await expect(page.getByTestId('notification-count')).toHaveCount(0);
    await expect(panel.getByRole('button', { name: 'Mark all read' })).toBeDisabled();
    expect((await notificationsOf(request, agent.api.token)).unreadCount).toBe(0);
  } finally {
    await a?.context.close();
  }
  expect(a?.pageErrors ?? [], 'uncaught errors in the agent’s page').toEqual([]);
});
