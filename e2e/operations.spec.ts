// Production batches as people meet them in the browser, in a workspace of the test's own (owner, two agents,
// a plant and a material with stock, made through the API): the first agent creates a batch from the batches
// list with the generated form, its input picked in the inputs editor, and sees the input on the batch's page;
// they start it and send it to quality check from its page, the input leaves the plant's stock (the batch's
// inputs and the material's page say so) and the inputs can no longer be edited; the release buttons are
// disabled for them with the reason; their signed release through the API is refused and the refusal shows in
// red in the timeline, live; the second agent, in a browser context of their own, signs the release with their
// password and the timeline shows the signature, live on the first agent's page too. Screenshots of the create
// dialog and the batch's page at 1440×900, each checked with axe.
import type { APIRequestContext, Page } from '@playwright/test';
import type { Batch, Material, Plant } from '../contracts/operations';
import { expectNoAxeViolations } from './support/axe';
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
  test('one agent creates a batch with an input in the form and runs it to quality check (the input taken from stock), cannot sign its release, and a second agent signs it in a browser of their own', async ({
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

    // The first agent creates the batch from the list, with its input, in the generated form.
    const starter = await openTeammate(browser, baseURL!, first.account.email, 'first agent', first.account.password);
    const page = starter.page;
    await page.goto(`/w/${wid}/batches`);
    await expect(page.getByRole('heading', { name: 'Batches', level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await page.getByRole('button', { name: 'New batch' }).first().click();
    const form = page.getByRole('dialog', { name: 'New batch' });
    await form.getByRole('combobox', { name: 'Plant' }).click();
    await form.getByRole('option', { name: new RegExp(`^${plant.name}`) }).click();
    await form.getByRole('textbox', { name: 'Product' }).fill('Espresso blend, 1 kg');
    await form.getByRole('spinbutton', { name: 'Planned quantity' }).fill('40');
    await form.getByRole('textbox', { name: 'Unit' }).fill('bags');
    const inputs = form.getByRole('group', { name: 'Inputs' });
    await inputs.getByRole('button', { name: 'Add input' }).click();
    const picker = inputs.getByRole('combobox', { name: 'Material of input 1' });
    await expect(picker).toBeFocused();
    await page.keyboard.type(material.name);
    await inputs.getByRole('option', { name: new RegExp(material.code) }).click();
    await expect(picker).toHaveValue(`${material.name} (${material.code})`);
    await inputs.getByRole('spinbutton', { name: 'Quantity of input 1' }).fill('12');
    await expect(inputs.getByRole('listitem', { name: 'Input 1' })).toContainText('kg');
    await page.screenshot({ path: 'e2e/screenshots/batch-create.png' });
    await expectNoAxeViolations(page, 'batch create dialog');
    await form.getByRole('button', { name: 'Create batch' }).click();
    await expect(form).toBeHidden();
    await page.getByTestId('record-row').filter({ hasText: 'Espresso blend, 1 kg' }).getByRole('link', { name: 'Espresso blend, 1 kg' }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${wid}/batches/[0-9a-f-]{36}$`));
    const created = await request.get(`${base}/batches/${new URL(page.url()).pathname.split('/').pop()}`, { headers: bearer(first.api.token) });
    const batch = (await created.json()) as Batch;
    expect(batch.inputs).toEqual([{ materialId: material.id, quantity: 12 }]);
    expect(batch.createdBy).toBe(starter.user.id);

    // Its page lists the input, with what the plant has; the first agent runs it from planned to quality check.
    await expect(statusBadge(page)).toHaveText('Planned', { timeout: FIRST_LOAD_TIMEOUT });
    await expect(page.getByTestId('batch-input-item')).toHaveText(`${material.code}${material.name}12 kg`);
    await expect(page.getByTestId('batch-input')).toContainText(`${material.name} (${material.code})`);
    await expect(page.getByTestId('batch-input')).toContainText('50 kg · enough');
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: 'e2e/screenshots/batch-page.png' });
    await expectNoAxeViolations(page, 'batch page');
    await subscribed(starter, `private-workspace-${wid}`);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(statusBadge(page)).toHaveText('In progress');
    await expect(page.getByTestId('batch-input')).toContainText('38 kg');
    // Started, its inputs are locked in the form.
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Espresso blend, 1 kg' });
    await expect(edit.getByRole('group', { name: 'Inputs' })).toContainText('Inputs change only while the batch is planned; this one is in progress.');
    await expect(edit.getByRole('combobox', { name: 'Material of input 1' })).toBeDisabled();
    await expect(edit.getByRole('button', { name: 'Add input' })).toHaveCount(0);
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await expect(edit).toBeHidden();
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

    // The material's page shows what the start took from the plant's stock.
    await page.getByTestId('batch-input-item').getByRole('link', { name: material.name }).click();
    await expect(page.getByRole('heading', { name: material.name, level: 1 })).toBeVisible();
    await expect(page.getByTestId('material-stock-row').filter({ hasText: plant.name })).toContainText('38 kg');
    await expect(page.getByTestId('material-movement').first()).toContainText(`−12 kg at ${plant.name} · Batch ${batch.code}`);

    expect([...starter.pageErrors, ...signer.pageErrors]).toEqual([]);
    await starter.context.close();
    await signer.context.close();
  });
});
