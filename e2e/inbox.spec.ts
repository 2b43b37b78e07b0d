// The live inbox with two people at work at once: A (the demo owner) and B (the demo agent), each signed in
// in a browser context of their own, and the API standing in for a customer. What one does shows in the
// other's browser without a reload, exactly once: replies, private notes, a customer's message (unread badge,
// to the top of the list), closing and reopening, who is online; plus the inbox keyboard and a conversation
// started from a customer page. Every conversation is made fresh by the test, so seeded data and other specs
// never change what these assertions see. Live delivery is timed in the browsers and logged.
import { expect, test as base } from './support/test';
import { demo } from './support/accounts';
import {
  composer,
  conversationItem,
  conversationItems,
  conversationLink,
  expectNoReload,
  FIRST_LOAD_TIMEOUT,
  InboxApi,
  lastEnterAt,
  listedIds,
  LIVE_TIMEOUT,
  markDocument,
  messagesWithText,
  onlineAvatars,
  openInbox,
  openTeammate,
  recordEnterPresses,
  searchBox,
  seenAt,
  sendFromComposer,
  statusSelect,
  statusTab,
  subscribed,
  summarize,
  threadList,
  uniq,
  watchFor,
  type Teammate,
} from './support/inbox';

const test = base.extend<{ api: InboxApi; bApi: InboxApi; a: Teammate; b: Teammate }>({
  api: async ({ request }, use) => {
    await use(await InboxApi.signIn(request, demo.owner));
  },
  /** B's own view through the API (unread counts are per member). */
  bApi: async ({ request }, use) => {
    await use(await InboxApi.signIn(request, demo.agent));
  },
  a: async ({ browser, baseURL }, use) => {
    const teammate = await openTeammate(browser, baseURL!, demo.owner, 'A (owner)');
    await use(teammate);
    await teammate.context.close();
    expect(teammate.pageErrors, 'uncaught errors in A’s page').toEqual([]);
  },
  b: async ({ browser, baseURL }, use) => {
    const teammate = await openTeammate(browser, baseURL!, demo.agent, 'B (agent)');
    await use(teammate);
    await teammate.context.close();
    expect(teammate.pageErrors, 'uncaught errors in B’s page').toEqual([]);
  },
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MESSAGE = '[data-testid="message"]';

test.describe('the live inbox, two agents at once', () => {
  test('A replies with Enter: A sees it at once, B sees it live in the open thread, each exactly once; both lists preview it', async ({ api, a, b }) => {
    const { conversation } = await api.freshConversation('Reply');
    await openInbox(a, api.wid, conversation.id);
    await openInbox(b, api.wid, conversation.id);
    await markDocument(a.page);
    await markDocument(b.page);
    await recordEnterPresses(a.page);

    const replies = [1, 2, 3].map((n) => uniq(`Reply ${n} from A`));
    const own: number[] = [];
    const live: number[] = [];
    for (const [i, text] of replies.entries()) {
      await watchFor(a.page, `own-${i}`, MESSAGE, text);
      await watchFor(b.page, `live-${i}`, MESSAGE, text);
      await sendFromComposer(a.page, text);
      // The sender's copy is there at once (optimistic), and the box is empty for the next one.
      await expect(messagesWithText(a.page, text)).toHaveCount(1, { timeout: 2_000 });
      await expect(composer(a.page)).toHaveValue('');
      // The other browser gets it live, in the thread it has open.
      await expect(messagesWithText(b.page, text)).toHaveCount(1, { timeout: LIVE_TIMEOUT });
      const enter = await lastEnterAt(a.page);
      own.push((await seenAt(a.page, `own-${i}`)) - enter);
      live.push((await seenAt(b.page, `live-${i}`)) - enter);
    }
    console.log(`[inbox e2e] A's own reply on screen after Enter (optimistic): ${summarize(own)}`);
    console.log(`[inbox e2e] live delivery, A's Enter → B's thread shows it: ${summarize(live)}`);

    // Exactly once on both sides, reconciled (no "Sending…" placeholder left), in the order they were sent.
    for (const page of [a.page, b.page]) {
      for (const text of replies) await expect(messagesWithText(page, text)).toHaveCount(1);
      const texts = await threadList(page).getByTestId('message').allTextContents();
      expect(texts.slice(-3).map((t, i) => t.includes(replies[i]!))).toEqual([true, true, true]);
    }
    for (const text of replies) await expect(messagesWithText(a.page, text)).not.toHaveAttribute('data-pending');
    // A sees its own replies as "You"; B sees A's name on them.
    await expect(messagesWithText(a.page, replies[0]!)).toContainText('You');
    await expect(messagesWithText(b.page, replies[0]!)).toContainText(a.user.name);

    // The list's preview follows in both browsers.
    for (const page of [a.page, b.page]) await expect(conversationItem(page, conversation.id)).toContainText(replies[2]!, { timeout: LIVE_TIMEOUT });

    await a.page.screenshot({ path: 'e2e/screenshots/inbox-live-reply-A.png' });
    await b.page.screenshot({ path: 'e2e/screenshots/inbox-live-reply-B.png' });
    await expectNoReload(a.page);
    await expectNoReload(b.page);
  });

  test('a private note from A shows in B as a private note, distinct from a reply', async ({ api, a, b }) => {
    const { conversation } = await api.freshConversation('Note');
    const reply = uniq('A plain reply');
    await api.postMessage(conversation.id, reply);
    await openInbox(a, api.wid, conversation.id);
    await openInbox(b, api.wid, conversation.id);

    const note = uniq('Internal: refund approved by A');
    // The radio itself is visually hidden; a person clicks its label.
    await a.page.getByRole('radiogroup', { name: 'Reply or private note' }).getByText('Private note', { exact: true }).click();
    await expect(a.page.getByRole('radio', { name: 'Private note' })).toBeChecked();
    await expect(a.page.getByRole('button', { name: 'Add note' })).toBeVisible();
    await sendFromComposer(a.page, note);

    for (const page of [a.page, b.page]) {
      const shown = messagesWithText(page, note);
      await expect(shown).toHaveCount(1, { timeout: LIVE_TIMEOUT });
      await expect(shown).toHaveAttribute('data-private', 'true');
      await expect(shown.getByText('Private note', { exact: true })).toBeVisible();
      // The reply has neither the flag nor the label.
      const plain = messagesWithText(page, reply);
      await expect(plain).toHaveCount(1);
      await expect(plain).not.toHaveAttribute('data-private');
      await expect(plain.getByText('Private note', { exact: true })).toHaveCount(0);
    }
    await expect(messagesWithText(b.page, note)).toContainText(a.user.name);
    await b.page.screenshot({ path: 'e2e/screenshots/inbox-private-note-B.png' });
  });

  test('a customer message posted through the API comes up live in B’s list, on top with an unread badge; opening it clears the badge', async ({
    api,
    bApi,
    b,
  }) => {
    const { conversation: elsewhere } = await api.freshConversation('Unread');
    const { conversation: viewing } = await api.freshConversation('Viewing');
    await openInbox(b, api.wid, viewing.id);
    await markDocument(b.page);

    const row = conversationItem(b.page, elsewhere.id);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('unread-badge')).toHaveCount(0);
    const before = await listedIds(b.page);
    expect(before.indexOf(elsewhere.id), 'the other conversation starts below the one B is reading').toBeGreaterThan(before.indexOf(viewing.id));

    const text = uniq('Hi, is my order shipped yet?');
    await watchFor(b.page, 'badge', `[data-conversation-id="${elsewhere.id}"] [data-testid="unread-badge"]`, '1');
    const postedAt = Date.now();
    await api.postMessage(elsewhere.id, text, { senderType: 'customer' });

    await expect(row.getByTestId('unread-badge')).toHaveText('1', { timeout: LIVE_TIMEOUT });
    await expect(row.getByTestId('unread-badge')).toHaveAttribute('aria-label', '1 unread');
    console.log(`[inbox e2e] live delivery, API POST of a customer message → B's list shows the badge: ${(await seenAt(b.page, 'badge')) - postedAt} ms`);
    await expect(row).toContainText(text);
    await expect.poll(async () => (await listedIds(b.page))[0], { message: 'it moves to the top', timeout: LIVE_TIMEOUT }).toBe(elsewhere.id);
    // B is still reading the other conversation: nothing marked it read.
    await expect(conversationLink(b.page, viewing.id)).toHaveAttribute('aria-current', 'page');
    expect((await bApi.conversation(elsewhere.id)).unreadCount).toBe(1);
    await b.page.screenshot({ path: 'e2e/screenshots/inbox-unread-B.png' });

    await conversationLink(b.page, elsewhere.id).click();
    await expect(b.page).toHaveURL(new RegExp(`/inbox/${elsewhere.id}`));
    await expect(messagesWithText(b.page, text)).toHaveCount(1);
    await expect(row.getByTestId('unread-badge')).toHaveCount(0);
    await expect.poll(async () => (await bApi.conversation(elsewhere.id)).unreadCount, { message: 'read on the server too' }).toBe(0);
    // Read by B only: the owner, who has not opened it, still has it unread.
    expect((await api.conversation(elsewhere.id)).unreadCount).toBe(1);

    // While it is open, the customer's next message shows in the thread live and is read at once.
    const next = uniq('Also: can I change the address?');
    await api.postMessage(elsewhere.id, next, { senderType: 'customer' });
    await expect(messagesWithText(b.page, next)).toHaveCount(1, { timeout: LIVE_TIMEOUT });
    await expect.poll(async () => (await bApi.conversation(elsewhere.id)).unreadCount, { message: 'read while open' }).toBe(0);
    await expect(row).toContainText(next);
    await expect(row.getByTestId('unread-badge')).toHaveCount(0);
    await expectNoReload(b.page);
  });

  test('A closes the conversation with "e": it leaves the Open tab (A moves on to the next) and is in the Closed tab in both browsers; reopening brings it back live', async ({
    api,
    a,
    b,
  }) => {
    const { conversation } = await api.freshConversation('Close');
    await openInbox(a, api.wid, conversation.id);
    await openInbox(b, api.wid, conversation.id);
    await markDocument(a.page);
    await markDocument(b.page);
    for (const page of [a.page, b.page]) {
      await expect(statusTab(page, 'Open')).toHaveAttribute('aria-selected', 'true');
      await expect(conversationItem(page, conversation.id)).toBeVisible();
      await expect(statusSelect(page)).toHaveValue('open');
    }

    await watchFor(b.page, 'closed', `[data-conversation-id="${conversation.id}"]`, '', { gone: true });
    await expect(composer(a.page)).not.toBeFocused();
    const pressedAt = Date.now();
    await a.page.keyboard.press('e');
    await expect(a.page.getByText(`Conversation #${conversation.number} closed`)).toBeVisible();

    // A moves on to the next conversation of the list; B, who still has it open, sees its header follow.
    await expect(a.page).not.toHaveURL(new RegExp(`/inbox/${conversation.id}`));
    for (const page of [a.page, b.page]) await expect(conversationItem(page, conversation.id)).toHaveCount(0, { timeout: LIVE_TIMEOUT });
    await expect(statusSelect(b.page)).toHaveValue('closed', { timeout: LIVE_TIMEOUT });
    console.log(`[inbox e2e] live delivery, A presses "e" → the conversation leaves B's Open tab: ${(await seenAt(b.page, 'closed')) - pressedAt} ms`);
    expect((await api.conversation(conversation.id)).status).toBe('closed');

    for (const page of [a.page, b.page]) {
      await statusTab(page, 'Closed').click();
      await expect(statusTab(page, 'Closed')).toHaveAttribute('aria-selected', 'true');
      await expect(page).toHaveURL(/[?&]status=closed/);
      await expect(conversationItem(page, conversation.id)).toBeVisible();
    }
    await a.page.screenshot({ path: 'e2e/screenshots/inbox-closed-A.png' });

    // Back the other way through the Status control: B waits on the Open tab and sees it arrive live.
    await statusTab(b.page, 'Open').click();
    await expect(statusTab(b.page, 'Open')).toHaveAttribute('aria-selected', 'true');
    await expect(conversationItem(b.page, conversation.id)).toHaveCount(0);
    await conversationLink(a.page, conversation.id).click();
    await expect(statusSelect(a.page)).toHaveValue('closed');
    await statusSelect(a.page).selectOption('open');
    await expect(a.page.getByText(`Conversation #${conversation.number} is now open`)).toBeVisible();
    await expect(conversationItem(a.page, conversation.id)).toHaveCount(0, { timeout: LIVE_TIMEOUT });
    await expect(conversationItem(b.page, conversation.id)).toBeVisible({ timeout: LIVE_TIMEOUT });
    await expect(statusSelect(b.page)).toHaveValue('open', { timeout: LIVE_TIMEOUT });

    await expectNoReload(a.page);
    await expectNoReload(b.page);
  });

  test('presence: A’s top bar shows B online while B has the app open, and drops B when B’s browser closes', async ({ api, a, b }) => {
    const presence = `presence-workspace-${api.wid}`;
    await openInbox(a, api.wid);
    await subscribed(a, presence);
    const avatars = onlineAvatars(a.page);
    await expect(avatars).toHaveAttribute('aria-label', new RegExp(`^\\d+ online: .*${escape(a.user.name)} \\(you\\)`));
    // B is not online yet (a browser of B's from an earlier test, if any, has closed by now).
    await expect(avatars).not.toHaveAttribute('aria-label', new RegExp(escape(b.user.name)));
    const alone = Number(/^(\d+) online/.exec((await avatars.getAttribute('aria-label')) ?? '')?.[1]);

    await openInbox(b, api.wid);
    await subscribed(b, presence);
    await expect(avatars).toHaveAttribute('aria-label', new RegExp(`^${alone + 1} online: .*${escape(b.user.name)}`), { timeout: LIVE_TIMEOUT });
    await expect(avatars).toContainText(`${alone + 1} online`);
    // And B sees A.
    await expect(onlineAvatars(b.page)).toHaveAttribute('aria-label', new RegExp(`${escape(a.user.name)}(?! \\(you\\))`));
    await a.page.screenshot({ path: 'e2e/screenshots/inbox-presence-A.png', clip: { x: 0, y: 0, width: 1440, height: 120 } });

    await b.context.close();
    await expect(avatars).toHaveAttribute('aria-label', new RegExp(`^${alone} online: `), { timeout: LIVE_TIMEOUT });
    expect(await avatars.getAttribute('aria-label')).not.toContain(b.user.name);
  });

  test('keyboard: j and k move through the conversations, / focuses the search', async ({ api, a }) => {
    await openInbox(a, api.wid);
    await expect(a.page.getByText('No conversation selected')).toBeVisible();
    const ids = await listedIds(a.page);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const selected = async (id: string) => {
      await expect(a.page).toHaveURL(new RegExp(`/inbox/${id}(\\?|$)`));
      await expect(conversationLink(a.page, id)).toHaveAttribute('aria-current', 'page');
      await expect(a.page.locator('[data-testid="conversation-item"] a[aria-current="page"]')).toHaveCount(1);
    };

    await a.page.keyboard.press('j');
    await selected(ids[0]!);
    await a.page.keyboard.press('j');
    await selected(ids[1]!);
    await a.page.keyboard.press('j');
    await selected(ids[2]!);
    await a.page.keyboard.press('k');
    await selected(ids[1]!);

    await a.page.keyboard.press('/');
    await expect(searchBox(a.page)).toBeFocused();
    await expect(searchBox(a.page)).toHaveValue('');
    // Typing in the search box is typing, not a shortcut.
    await a.page.keyboard.press('k');
    await expect(searchBox(a.page)).toHaveValue('k');
    await selected(ids[1]!);
    await searchBox(a.page).fill('');
    await a.page.keyboard.press('Escape');
    await expect(searchBox(a.page)).not.toBeFocused();
    await expect.poll(() => listedIds(a.page)).toEqual(ids);
    await a.page.keyboard.press('k');
    await selected(ids[0]!);
  });

  test('a conversation started from a customer page shows up live at the top of the other browser’s list', async ({ api, a, b }) => {
    const customer = await api.createCustomer(uniq('E2E New conversation'));
    await openInbox(b, api.wid);
    await markDocument(b.page);

    await a.page.goto(`/w/${api.wid}/customers/${customer.id}`);
    await expect(a.page.getByRole('heading', { name: customer.name, level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await a.page.getByRole('button', { name: 'New conversation' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'New conversation' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Channel').selectOption('whatsapp');
    const subject = uniq('Bulk order for the holidays');
    await dialog.getByLabel('Subject').fill(subject);

    await watchFor(b.page, 'created', '[data-testid="conversation-item"]', subject);
    const clickedAt = Date.now();
    await dialog.getByRole('button', { name: 'Create conversation' }).click();
    await expect(a.page).toHaveURL(/\/inbox\/[0-9a-f-]{36}$/);
    const id = /\/inbox\/([0-9a-f-]{36})$/.exec(a.page.url())![1]!;

    const row = conversationItem(b.page, id);
    await expect(row).toBeVisible({ timeout: LIVE_TIMEOUT });
    console.log(`[inbox e2e] live delivery, A creates a conversation → B's list shows it: ${(await seenAt(b.page, 'created')) - clickedAt} ms`);
    await expect(row).toContainText(customer.name);
    await expect(row).toContainText(subject);
    await expect(conversationItems(b.page).first()).toHaveAttribute('data-conversation-id', id);
    await expect(conversationItems(b.page).filter({ hasText: subject })).toHaveCount(1);
    await expectNoReload(b.page);
  });
});
