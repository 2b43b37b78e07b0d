// Undo in the live inbox, with two people at work: A (the demo owner, who may delete) and B (the demo agent).
// A closes a conversation with "e" and moves on to the next one, then clicks Undo: the server has it open again
// and it is back in B's Open list without a reload. A deletes it from the header's menu (B, who has it open, is
// told and taken to the list), then undoes with "z": it is restored, unchanged, and back in B's list.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test as base } from './support/test';
import { demo } from './support/accounts';
import { expectNoAxeViolations } from './support/axe';
import {
  composer,
  conversationItem,
  conversationLink,
  expectNoReload,
  InboxApi,
  listedIds,
  LIVE_TIMEOUT,
  loginViaApi,
  markDocument,
  openInbox,
  openTeammate,
  statusSelect,
  type Teammate,
} from './support/inbox';

const test = base.extend<{ api: InboxApi; a: Teammate; b: Teammate }>({
  api: async ({ request }, use) => {
    await use(await InboxApi.signIn(request, demo.owner));
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

/** The conversation as the API answers it now: its status code and body (404 while deleted). */
async function readConversation(request: APIRequestContext, token: string, wid: string, id: string) {
  const res = await request.get(`/api/workspaces/${wid}/conversations/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status(), body: res.ok() ? ((await res.json()) as Record<string, unknown>) : null };
}

const toastWith = (page: Page, text: string): Locator => page.locator('[data-sonner-toast]').filter({ hasText: text });

/** True when the two boxes share any area. */
async function overlaps(one: Locator, other: Locator): Promise<boolean> {
  const [p, q] = [await one.boundingBox(), await other.boundingBox()];
  if (!p || !q) return false;
  return p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
}

test('close with "e" opens the next conversation and Undo reopens it for everyone; delete and undo bring it back for B', async ({ api, a, b, request }) => {
  const { accessToken } = await loginViaApi(request, demo.owner);
  const { conversation } = await api.freshConversation('Undo');
  await api.postMessage(conversation.id, 'Can you check my order?', { senderType: 'customer' });
  const tagged = await request.patch(`/api/workspaces/${api.wid}/conversations/${conversation.id}`, {
    headers: { authorization: `Bearer ${accessToken}` },
    data: { tags: ['undo-e2e'] },
  });
  expect(tagged.status(), await tagged.text()).toBe(200);

  await openInbox(a, api.wid, conversation.id);
  await openInbox(b, api.wid);
  await markDocument(a.page);
  await markDocument(b.page);
  await expect(conversationItem(b.page, conversation.id)).toBeVisible();
  await expect(statusSelect(a.page)).toHaveValue('open');

  // "e": closed on the server, gone from B's Open list, and A is on the next conversation of the list.
  const listed = await listedIds(a.page);
  const at = listed.indexOf(conversation.id);
  const next = listed[at + 1] ?? listed[at - 1];
  expect(next, 'another conversation in A’s list').toBeTruthy();
  await expect(composer(a.page)).not.toBeFocused();
  await a.page.keyboard.press('e');
  await expect(a.page).toHaveURL(new RegExp(`/inbox/${next}`));
  const closedToast = toastWith(a.page, `Conversation #${conversation.number} closed`);
  await expect(closedToast).toBeVisible();
  await expect.poll(async () => (await readConversation(request, accessToken, api.wid, conversation.id)).body?.status).toBe('closed');
  await expect(conversationItem(b.page, conversation.id)).toHaveCount(0, { timeout: LIVE_TIMEOUT });
  // The toast leaves the next conversation's Send button clear.
  const send = a.page.getByRole('button', { name: 'Send', exact: true });
  await expect(send).toBeVisible();
  expect(await overlaps(closedToast, send), 'the undo toast covers Send').toBe(false);
  await a.page.screenshot({ path: 'e2e/screenshots/undo-closed-A.png' });

  // Undo: open again on the server, back in B's list live; A stays where "e" took them.
  await closedToast.getByRole('button', { name: 'Undo' }).click();
  await expect(toastWith(a.page, `Conversation #${conversation.number} is open again`)).toBeVisible();
  await expect.poll(async () => (await readConversation(request, accessToken, api.wid, conversation.id)).body?.status).toBe('open');
  await expect(conversationItem(b.page, conversation.id)).toBeVisible({ timeout: LIVE_TIMEOUT });
  await expect(conversationItem(a.page, conversation.id)).toBeVisible({ timeout: LIVE_TIMEOUT });
  const before = await readConversation(request, accessToken, api.wid, conversation.id);

  // Delete from the header's menu; B has it open.
  await conversationLink(b.page, conversation.id).click();
  await expect(statusSelect(b.page)).toHaveValue('open');
  await conversationLink(a.page, conversation.id).click();
  await expect(statusSelect(a.page)).toHaveValue('open');
  await expectNoAxeViolations(a.page, 'an open conversation with the undo toast and the More actions menu button', { soft: true });
  await a.page.getByRole('button', { name: 'More actions' }).click();
  await a.page.getByRole('menuitem', { name: /Delete conversation/ }).click();
  const dialog = a.page.getByRole('dialog', { name: `Delete conversation #${conversation.number}?` });
  await expect(dialog.getByRole('button', { name: 'Keep it' })).toBeVisible();
  await expectNoAxeViolations(a.page, 'the delete confirmation over an open conversation', { soft: true });
  await dialog.getByRole('button', { name: 'Delete conversation' }).click();
  await expect(dialog).toBeHidden();
  await expect(a.page).toHaveURL(new RegExp(`/w/${api.wid}/inbox(\\?|$)`));
  await expect(toastWith(a.page, `Conversation #${conversation.number} deleted`)).toBeVisible();
  expect((await readConversation(request, accessToken, api.wid, conversation.id)).status).toBe(404);
  // B is told and taken back to the list, which no longer has it.
  await expect(toastWith(b.page, `Conversation #${conversation.number} was deleted by a teammate`)).toBeVisible({ timeout: LIVE_TIMEOUT });
  await expect(b.page).toHaveURL(new RegExp(`/w/${api.wid}/inbox(\\?|$)`), { timeout: LIVE_TIMEOUT });
  await expect(conversationItem(b.page, conversation.id)).toHaveCount(0, { timeout: LIVE_TIMEOUT });
  await expect(conversationItem(a.page, conversation.id)).toHaveCount(0);

  // "z" while the toast shows: restored as it was, back in B's list live.
  await a.page.keyboard.press('z');
  await expect(toastWith(a.page, `Conversation #${conversation.number} is back`)).toBeVisible();
  await expect.poll(async () => (await readConversation(request, accessToken, api.wid, conversation.id)).status).toBe(200);
  expect(await readConversation(request, accessToken, api.wid, conversation.id)).toEqual(before);
  await expect(conversationItem(b.page, conversation.id)).toBeVisible({ timeout: LIVE_TIMEOUT });
  await expect(conversationItem(a.page, conversation.id)).toBeVisible({ timeout: LIVE_TIMEOUT });

  await expectNoReload(a.page);
  await expectNoReload(b.page);
});
