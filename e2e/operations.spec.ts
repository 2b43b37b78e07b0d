// Production batches as people meet them in the browser, in a workspace of the test's own (owner, two agents,
// a plant and a material with stock, made through the API): the first agent starts a batch and sends it to
// quality check from its page, the inputs leave the plant's stock, and the release buttons are disabled for them
// with the reason; their signed release through the API is refused and the refusal shows in red in the
// timeline, live; the second agent, in a browser context of their own, signs the release with their password
// and the timeline shows the signature, live on the first agent's page too.
import type { APIRequestContext, Page } from '@playwright/test';
import type { Batch, Material, Plant } from '../contracts/operations';
import { joinShop, openShop } from './support/commerce';
import { FIRST_LOAD_TIMEOUT, openTeammate, subscribed, uniq } from './support/inbox';
import { expect, test } from './support/test';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function post<T>(request: APIRequestContext, token: string, path: string, data: unknown, status = 201): Promise<T> {
  const res = await request.post(path, { headers: bearer(token), data });
  const text = await res.text();
  expect(res.status(), `${path}: ${text}`).toBe(status);
  return JSON.parse(text) as T;
}

const statusBadge = (page: Page) => page.getByTestId('batch-status');
const historyEntries = (page: Page) => page.getByTestId('batch-history-entry');

test.describe('operations', () => {
  test('one agent runs a batch to quality check, cannot sign its release, and a second agent signs it in a browser of their own', async ({
    browser,
    request,
    baseURL,
  }) => {
    const shop = await openShop(request, 'ops');
    const wid = shop.workspace.id;
    const base = `/api/workspaces/${wid}`;
    const first = await joinShop(request, shop, 'agent');
    const second = await joinShop(request, shop, 'agent');
    const plant = await post<Plant>(request, shop.api.token, `${base}/plants`, { name: uniq('Roastery') });
    const material = await post<Material>(request, shop.api.token, `${base}/materials`, { name: uniq('Green beans'), unit: 'kg', minStock: 5 });
    await post(request, shop.api.token, `${base}/materials/${material.id}/movements`, { plantId: plant.id, quantity: 50, reason: 'Opening stock' });
    const batch = await post<Batch>(request, first.api.token, `${base}/batches`, {
      plantId: plant.id,
      product: 'Espresso blend, 1 kg',
      plannedQuantity: 40,
      unit: 'bags',
      inputs: [{ materialId: material.id, quantity: 12 }],
    });

    // The first agent runs it from planned to quality check on its page.
    const starter = await openTeammate(browser, baseURL!, first.account.email, 'first agent', first.account.password);
    const page = starter.page;
    await page.goto(`/w/${wid}/batches/${batch.id}`);
    await expect(statusBadge(page)).toHaveText('Planned', { timeout: FIRST_LOAD_TIMEOUT });
    await expect(page.getByTestId('batch-input')).toContainText(`${material.name} (${material.code})`);
    await expect(page.getByTestId('batch-input')).toContainText('50 kg · enough');
    await subscribed(starter, `private-workspace-${wid}`);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(statusBadge(page)).toHaveText('In progress');
    await expect(page.getByTestId('batch-input')).toContainText('38 kg');
    await page.getByRole('button', { name: 'Send to quality check' }).click();
    await expect(statusBadge(page)).toHaveText('Quality check');
    await expect(page.getByRole('button', { name: 'Release' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Reject' })).toBeDisabled();
    await expect(page.getByText('You started this batch, so another member must sign its release or rejection.')).toBeVisible();

    // Their release, signed with their own password, is refused; the refusal appears in their timeline, live.
    const refused = await request.post(`${base}/batches/${batch.id}/transition`, {
      headers: bearer(first.api.token),
      data: { to: 'released', producedQuantity: 40, signature: { password: first.account.password, meaning: 'Approved for release' } },
    });
    expect(refused.status()).toBe(403);
    const refusal = historyEntries(page).filter({ hasText: 'Signature refused' });
    await expect(refusal).toContainText(`${first.account.name} tried to release the batch`);
    await expect(refusal).toContainText('You started this batch: another member must sign its release or rejection');
    await expect(refusal).toHaveClass(/text-danger/);

    // The second agent signs the release in a browser of their own.
    const signer = await openTeammate(browser, baseURL!, second.account.email, 'second agent', second.account.password);
    await signer.page.goto(`/w/${wid}/batches/${batch.id}`);
    await expect(statusBadge(signer.page)).toHaveText('Quality check', { timeout: FIRST_LOAD_TIMEOUT });
    await signer.page.getByRole('button', { name: 'Release' }).click();
    const dialog = signer.page.getByRole('dialog', { name: `Release ${batch.code}` });
    await expect(dialog).toContainText(`Signing as ${second.account.name} (${second.account.email})`);
    await expect(dialog).toContainText(`other than the one who started it (${first.account.name})`);
    await expect(dialog.getByLabel('Meaning')).toHaveValue('Approved for release');
    await dialog.getByLabel('Produced quantity').fill('38');
    await dialog.getByLabel('Your password').fill(second.account.password);
    await dialog.getByRole('button', { name: 'Sign and release' }).click();
    await expect(dialog).toBeHidden();
    await expect(statusBadge(signer.page)).toHaveText('Released');
    const signature = signer.page.getByTestId('batch-signature');
    await expect(signature).toContainText(`Signed by ${second.account.name} on`);
    await expect(signature).toContainText('— Approved for release');
    await expect(historyEntries(signer.page).last()).toContainText(`${second.account.name}: Quality check → Released`);

    // The first agent's page follows without a reload.
    await expect(statusBadge(page)).toHaveText('Released');
    await expect(page.getByTestId('batch-signature')).toContainText(`Signed by ${second.account.name}`);
    await expect(page.getByText('This batch is released: it can no longer change.')).toBeVisible();

    expect([...starter.pageErrors, ...signer.pageErrors]).toEqual([]);
    await starter.context.close();
    await signer.context.close();
  });
});
