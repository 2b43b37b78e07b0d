// Files in the inbox composer, as an agent uses them: an image chosen with the paperclip, a text file dropped
// on the thread and another pasted into the message box, each uploaded at once to the local blob store and
// shown as a chip; Send posts them with the text, the thread shows the image and links the files, and a
// teammate with the conversation open sees the same message live. axe checks the composer with its chips.
import { expect, test as base } from './support/test';
import { demo } from './support/accounts';
import { expectNoAxeViolations } from './support/axe';
import { composer, InboxApi, LIVE_TIMEOUT, messagesWithText, openInbox, openTeammate, threadList, uniq, type Teammate } from './support/inbox';

const test = base.extend<{ api: InboxApi; agent: Teammate; owner: Teammate }>({
  api: async ({ request }, use) => {
    await use(await InboxApi.signIn(request, demo.owner));
  },
  agent: async ({ browser, baseURL }, use) => {
    const teammate = await openTeammate(browser, baseURL!, demo.agent, 'agent');
    await use(teammate);
    await teammate.context.close();
    expect(teammate.pageErrors, 'uncaught errors in the agent’s page').toEqual([]);
  },
  owner: async ({ browser, baseURL }, use) => {
    const teammate = await openTeammate(browser, baseURL!, demo.owner, 'owner');
    await use(teammate);
    await teammate.context.close();
    expect(teammate.pageErrors, 'uncaught errors in the owner’s page').toEqual([]);
  },
});

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

test('an agent attaches an image and text files, sends them, and a teammate sees them live', async ({ api, agent, owner }) => {
  const { conversation } = await api.freshConversation('Attachments');
  await api.postMessage(conversation.id, 'Can you send me the shipping label?', { senderType: 'customer' });
  await openInbox(agent, api.wid, conversation.id);
  await openInbox(owner, api.wid, conversation.id);
  const { page } = agent;
  const chips = page.getByRole('list', { name: 'Attachments' }).getByRole('listitem');

  // The paperclip opens the file chooser.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles({ name: 'label.png', mimeType: 'image/png', buffer: PNG });
  await expect(chips).toHaveCount(1);
  // The chip previews the image itself (decorative: the chip names it).
  await expect(chips.first().locator('img')).toHaveJSProperty('naturalWidth', 1);

  // A text file dragged onto the thread: the drop zone shows while it is over it, and the drop attaches it.
  const dropped = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['Order 1042: 2 bags of beans\n'], 'order-notes.txt', { type: 'text/plain' }));
    return data;
  });
  await threadList(page).dispatchEvent('dragenter', { dataTransfer: dropped });
  await expect(page.getByTestId('composer-drop-zone')).toBeVisible();
  await threadList(page).dispatchEvent('dragover', { dataTransfer: dropped });
  await threadList(page).dispatchEvent('drop', { dataTransfer: dropped });
  await expect(page.getByTestId('composer-drop-zone')).toBeHidden();

  // A file pasted into the message box.
  await composer(page).evaluate((box) => {
    const data = new DataTransfer();
    data.items.add(new File(['sku,qty\nBEANS-1,2\n'], 'order.csv', { type: 'text/csv' }));
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(chips).toHaveCount(3);
  await expect(chips.filter({ hasText: 'order-notes.txt' })).toContainText('28 B');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expectNoAxeViolations(page, 'the composer with attachments');

  const text = uniq('Here is the label');
  await composer(page).fill(text);
  const send = page.getByRole('button', { name: 'Send' });
  await expect(send).toBeEnabled();
  await send.click();
  await expect(chips).toHaveCount(0);

  // The agent's thread: the image shown, the text files linked to their stored copies.
  for (const { page: view, label } of [agent, owner]) {
    const message = messagesWithText(view, text);
    await expect(message, `${label} sees the message`).toHaveCount(1, { timeout: LIVE_TIMEOUT });
    const image = message.getByRole('img', { name: 'label.png' });
    await expect(image).toHaveAttribute('src', /\/_blob\/w\/[0-9a-f-]+\/attachment\/[A-Za-z0-9_-]+\/label\.png$/);
    await expect(image).toHaveJSProperty('naturalWidth', 1);
    for (const name of ['order-notes.txt', 'order.csv']) {
      const link = message.getByRole('link', { name: new RegExp(name.replace('.', '\\.')) });
      await expect(link, `${label} sees ${name}`).toHaveAttribute(
        'href',
        new RegExp(`/_blob/w/[0-9a-f-]+/attachment/[A-Za-z0-9_-]+/${name.replace('.', '\\.')}$`),
      );
    }
  }
  // The stored file is the one that was dropped.
  const href = await messagesWithText(owner.page, text)
    .getByRole('link', { name: /order-notes\.txt/ })
    .getAttribute('href');
  const served = await owner.context.request.get(href!);
  expect(served.status()).toBe(200);
  expect(await served.text()).toBe('Order 1042: 2 bags of beans\n');
});
