// A member removed while their inbox is open: the owner and the member (who joined through the emailed
// invitation link) each have the same conversation open in a browser of their own; a message the owner posts
// shows live on both. The owner removes the member: within 2 s the member's page says their access to the
// workspace ended and leaves it, and what the owner posts afterwards never reaches the member's browser (not on
// the page, not in any WebSocket frame), while the owner's own page still shows it live. A fresh workspace of
// the test's own, not the demo one.
import type { APIRequestContext } from '@playwright/test';
import type { User } from '../contracts/auth';
import type { Workspace } from '../contracts/workspaces';
import { freshAccount, registerViaApi } from './support/accounts';
import {
  FIRST_LOAD_TIMEOUT,
  InboxApi,
  LIVE_TIMEOUT,
  messagesWithText,
  newTeammateContext,
  openInbox,
  openTeammate,
  seenAt,
  uniq,
  watchFor,
  watchPage,
  type Teammate,
} from './support/inbox';
import { linkTo, SUBJECTS, waitForMail } from './support/mail';
import { expect, test } from './support/test';

/** The bound: a removed member's open page learns it within 2 s. */
const REVOCATION_TIMEOUT = 2_000;
/** How long the member's page is watched for an event that must never come. */
const QUIET_PERIOD = 1_500;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function createWorkspace(request: APIRequestContext, token: string, name: string): Promise<Workspace> {
  const res = await request.post('/api/workspaces', { headers: bearer(token), data: { name } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Workspace;
}

async function inviteAgent(request: APIRequestContext, token: string, wid: string, email: string): Promise<void> {
  const res = await request.post(`/api/workspaces/${wid}/members`, { headers: bearer(token), data: { email, role: 'agent' } });
  expect(res.status(), await res.text()).toBe(201);
}

test('a member removed while the inbox is open is told within 2 s that access ended, and receives nothing the workspace does afterwards', async ({
  browser,
  request,
  baseURL,
}) => {
  // The owner: an account and a workspace with one conversation, made through the API.
  const ownerAccount = freshAccount('revoker');
  const memberAccount = freshAccount('revoked');
  const workspaceName = `Revocation ${ownerAccount.id}`;
  const { accessToken: ownerToken } = await registerViaApi(request, ownerAccount);
  const workspace = await createWorkspace(request, ownerToken, workspaceName);
  const api = new InboxApi(request, ownerToken, workspace.id);
  const { conversation } = await api.freshConversation('Revocation');

  // The member joins through the emailed invitation link, registering in a browser of their own.
  await inviteAgent(request, ownerToken, workspace.id, memberAccount.email);
  const invitation = linkTo(await waitForMail(request, memberAccount.email, SUBJECTS.invitation), '/invite/');
  const memberContext = await newTeammateContext(browser, baseURL!);
  let member: Teammate | undefined;
  let owner: Teammate | undefined;
  try {
    // The page is watched (errors, WebSocket frames) from before it signs in.
    const watched = await watchPage(memberContext, 'member');
    const { page: memberPage } = watched;
    await memberPage.goto(invitation);
    await expect(memberPage.getByRole('heading', { name: `Join ${workspaceName}`, level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await memberPage.getByRole('button', { name: 'Create account' }).click();
    const form = memberPage.getByRole('form', { name: 'Create your account' });
    await expect(form.getByLabel('Work email')).toHaveValue(memberAccount.email);
    await form.getByLabel('Name').fill(memberAccount.name);
    await form.getByLabel('Password', { exact: true }).fill(memberAccount.password);
    const registered = memberPage.waitForResponse((r) => r.url().endsWith('/api/auth/register'));
    await form.getByRole('button', { name: 'Create account' }).click();
    const answer = await registered;
    expect(answer.status()).toBe(201);
    member = { ...watched, user: ((await answer.json()) as { user: User }).user };
    await expect(memberPage).toHaveURL(new RegExp(`/w/${workspace.id}$`));

    owner = await openTeammate(browser, baseURL!, ownerAccount.email, 'owner', ownerAccount.password);

    // Both have the conversation open, live.
    await openInbox(owner, workspace.id, conversation.id);
    await openInbox(member, workspace.id, conversation.id);

    // Before the removal, what the owner posts shows on the member's page without a reload.
    const before = uniq('Before removal');
    await api.postMessage(conversation.id, before);
    await expect(messagesWithText(member.page, before)).toHaveCount(1, { timeout: LIVE_TIMEOUT });
    await expect(messagesWithText(owner.page, before)).toHaveCount(1, { timeout: LIVE_TIMEOUT });
    // (It came as a frame on the member's connection: the check of the frames after the removal can see one.)
    // Both connections get it, in no set order: wait for the member's frame too.
    const { frames } = member;
    await expect.poll(() => frames.some((frame) => frame.includes(before) && frame.includes('"message.created"')), { timeout: LIVE_TIMEOUT }).toBe(true);

    // The owner removes the member.
    const ended = `Your access to ${workspaceName} has ended`;
    await watchFor(member.page, 'ended', '[data-sonner-toast]', ended);
    const framesBeforeRemoval = member.frames.length;
    const removedAt = Date.now();
    const removal = await request.delete(`/api/workspaces/${workspace.id}/members/${member.user.id}`, { headers: bearer(ownerToken) });
    expect(removal.status(), await removal.text()).toBe(204);

    // The member's page says so and leaves the workspace (they have no other, so it goes home).
    await expect(member.page.getByText(ended)).toBeVisible({ timeout: REVOCATION_TIMEOUT });
    const toldAfter = (await seenAt(member.page, 'ended')) - removedAt;
    console.log(`removed member told their access ended ${toldAfter} ms after the removal was sent`);
    expect(toldAfter, 'ms from the removal to the notice on the member’s page').toBeLessThanOrEqual(REVOCATION_TIMEOUT);
    await expect(member.page.getByText('You are no longer a member of it, so its inbox and customers are closed to you.')).toBeVisible();
    await expect(member.page).toHaveURL(`${baseURL}/`);
    await expect(member.page.getByRole('heading', { name: 'Create your first workspace', level: 1 })).toBeVisible();

    // What the owner posts now shows live on the owner's page, and never reaches the member's browser.
    const after = uniq('After removal');
    await api.postMessage(conversation.id, after);
    await expect(messagesWithText(owner.page, after)).toHaveCount(1, { timeout: LIVE_TIMEOUT });
    await member.page.waitForTimeout(QUIET_PERIOD);
    await expect(messagesWithText(member.page, after)).toHaveCount(0);
    const leaked = member.frames.slice(framesBeforeRemoval).filter((frame) => frame.includes(after) || frame.includes(`"message.created"`));
    expect(leaked, 'workspace events received by the removed member’s browser').toEqual([]);

    // Opening the conversation's address again does not bring it back.
    await member.page.goto(`/w/${workspace.id}/inbox/${conversation.id}`);
    await expect(member.page.getByRole('heading', { name: 'Workspace not found', level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await expect(messagesWithText(member.page, before)).toHaveCount(0);
  } finally {
    await memberContext.close();
    await owner?.context.close();
  }
  expect(member?.pageErrors ?? [], 'uncaught errors in the member’s page').toEqual([]);
  expect(owner?.pageErrors ?? [], 'uncaught errors in the owner’s page').toEqual([]);
});
