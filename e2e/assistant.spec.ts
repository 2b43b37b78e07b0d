// The AI assistant in the browser, against the local OpenAI-compatible stand-in `npm run dev` starts: the demo
// owner turns it on in a conversation's details; a customer question (posted through the API) gets a labelled AI
// answer live in the thread; "I want a human" hands over: the centred handover line appears and the switch turns
// off. Settings → Assistant saves the knowledge text; axe checks the page.
import { expectNoAxeViolations } from './support/axe';
import { demo, signInAsDemoOwner } from './support/accounts';
import { InboxApi, LIVE_TIMEOUT, FIRST_LOAD_TIMEOUT } from './support/inbox';
import { expect, test } from './support/test';

/** The model's answer goes through the stand-in after the commit: a little longer than a realtime frame. */
const ANSWER_TIMEOUT = LIVE_TIMEOUT + 5_000;

test('the assistant answers a customer live, labelled, and hands over when asked for a person', async ({ page, request }) => {
  const wid = await signInAsDemoOwner(page);
  const api = await InboxApi.signIn(request, demo.owner);
  const { customer, conversation } = await api.freshConversation('Assistant');

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`/w/${wid}/inbox/${conversation.id}`);
  const details = page.getByRole('complementary', { name: 'Customer details' });
  const toggle = details.getByRole('switch', { name: 'AI assistant off' });
  await expect(toggle).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
  await toggle.click();
  await expect(details.getByRole('switch', { name: 'AI assistant on' })).toBeChecked();
  await expect.poll(async () => (await api.conversation(conversation.id)).aiActive).toBe(true);

  await api.postMessage(conversation.id, 'Do you roast on weekends?', { senderType: 'customer' });
  const thread = page.getByRole('region', { name: `Conversation with ${customer.name}` });
  const answer = thread.getByTestId('message').filter({ hasText: 'Thanks for your message ("Do you roast on weekends?")' });
  await expect(answer).toBeVisible({ timeout: ANSWER_TIMEOUT });
  await expect(answer).toContainText('AI assistant');
  await expect(answer).toContainText('AI');

  await api.postMessage(conversation.id, 'I want a human', { senderType: 'customer' });
  await expect(thread.getByText('The assistant handed this conversation to the team: the customer asked for a person')).toBeVisible({
    timeout: ANSWER_TIMEOUT,
  });
  await expect(details.getByRole('switch', { name: 'AI assistant off' })).not.toBeChecked({ timeout: LIVE_TIMEOUT });
});

test('Settings → Assistant saves the knowledge text', async ({ page }) => {
  const wid = await signInAsDemoOwner(page);
  await page.goto(`/w/${wid}/settings/assistant`);
  await expect(page.getByRole('heading', { name: 'AI assistant' })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
  await expect(page.getByText(/not configured on this server/)).toHaveCount(0);
  const text = page.getByRole('textbox', { name: 'What the assistant should know' });
  await text.fill('We roast on Mondays. Free shipping over €40.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'What the assistant should know' })).toHaveValue('We roast on Mondays. Free shipping over €40.', {
    timeout: FIRST_LOAD_TIMEOUT,
  });
  await expectNoAxeViolations(page, 'assistant settings');
});
