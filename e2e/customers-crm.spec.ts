// Customers as the CRM's clients, in the browser, in a workspace of the test's own: the owner creates a client
// with its address, tax ID, notes and status and sees the code the server gave it, sees a project of that client
// arrive live on its page, filters the list to inactive clients (kept in the address across a reload), exports
// the list as CSV and imports the edited file back (a dry run first, then all or nothing, rows matched by email).
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { CUSTOMER_CSV_COLUMNS, type Customer } from '../contracts/customers';
import { openShop } from './support/commerce';
import { FIRST_LOAD_TIMEOUT, LIVE_TIMEOUT, openTeammate, subscribed, uniq } from './support/inbox';
import { expect, test } from './support/test';

const rows = (page: Page) => page.getByTestId('customer-row');
const row = (page: Page, name: string) => rows(page).filter({ hasText: name });
/** The value shown beside a label in the customer page's details. */
const detail = (page: Page, label: string) => page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

test.describe('customers as clients', () => {
  test('the owner creates a client with its details and code, sees its project live, filters inactive clients, and exports and re-imports the CSV', async ({
    browser,
    request,
    baseURL,
  }) => {
    const shop = await openShop(request, 'clients');
    const wid = shop.workspace.id;
    const post = async <T>(path: string, data: unknown): Promise<T> => {
      const res = await request.post(`/api/workspaces/${wid}${path}`, { headers: { authorization: `Bearer ${shop.api.token}` }, data });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as T;
    };
    const marker = uniq('client').split(' ')[1]!;
    const former = await post<Customer>('/customers', { name: `Former client ${marker}`, email: `former-${marker}@example.test`, status: 'inactive' });
    expect(former.code).toBe('CLI-0001');

    const owner = await openTeammate(browser, baseURL!, shop.owner.email, 'owner', shop.owner.password);
    const { page } = owner;
    try {
      await page.goto(`/w/${wid}/customers`);
      await expect(row(page, former.name)).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(row(page, former.name)).toContainText('CLI-0001');
      await expect(row(page, former.name)).toContainText('Inactive');

      // A new client with every client field; the code comes from the server.
      const name = `Roastery ${marker}`;
      const email = `roastery-${marker}@example.test`;
      await page.getByRole('button', { name: 'New customer' }).click();
      const form = page.getByRole('dialog', { name: 'New customer' });
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Company').fill('Roastery Co');
      await form.getByLabel('Address').fill('12 Roastery Lane\nPortland, OR 97201');
      await form.getByLabel('Tax ID').fill('US-98-7654321');
      await form.getByLabel('Notes').fill('Prefers email.\nInvoices to accounts.');
      await expect(form.getByLabel('Status')).toHaveValue('active');
      await form.getByRole('button', { name: 'Create customer' }).click();

      await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
      await expect(detail(page, 'Code')).toHaveText('CLI-0002');
      await expect(detail(page, 'Status')).toHaveText('Active');
      await expect(detail(page, 'Tax ID')).toHaveText('US-98-7654321');
      // Line breaks are kept as the user typed them.
      expect(await detail(page, 'Address').innerText()).toBe('12 Roastery Lane\nPortland, OR 97201');
      expect(await detail(page, 'Notes').innerText()).toBe('Prefers email.\nInvoices to accounts.');
      await expect(page.getByText('No projects yet')).toBeVisible();
      const clientId = new URL(page.url()).pathname.split('/').pop()!;

      // A project of this client, made elsewhere, shows up on the page without a reload.
      await subscribed(owner, `private-workspace-${wid}`);
      const project = await post<{ id: string; code: string }>('/projects', {
        name: `Café fit-out ${marker}`,
        customerId: clientId,
        status: 'in_progress',
        dueDate: '2026-03-05',
      });
      const projectRow = page.getByTestId('customer-project').filter({ hasText: project.code });
      await expect(projectRow).toBeVisible({ timeout: LIVE_TIMEOUT });
      await expect(projectRow).toContainText('In progress');
      await expect(projectRow).toContainText('0%');
      await expect(projectRow).toContainText('Mar 5, 2026');
      await expect(projectRow.getByRole('link', { name: `Café fit-out ${marker}` })).toHaveAttribute('href', `/w/${wid}/projects/${project.id}`);
      await page.screenshot({ path: 'e2e/screenshots/customer-page.png' });

      // Inactive clients only; the filter lives in the address and survives a reload.
      await page.getByRole('link', { name: 'Customers', exact: true }).first().click();
      await expect(row(page, name)).toBeVisible();
      const status = page.getByRole('group', { name: 'Status' });
      await status.getByRole('button', { name: 'Inactive' }).click();
      await expect(page).toHaveURL(/[?&]status=inactive/);
      await expect(rows(page)).toHaveCount(1);
      await expect(row(page, former.name)).toBeVisible();
      await page.reload();
      await expect(rows(page)).toHaveCount(1, { timeout: FIRST_LOAD_TIMEOUT });
      await expect(page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Inactive' })).toHaveAttribute('aria-pressed', 'true');
      await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'All' }).click();
      await expect(rows(page)).toHaveCount(2);

      // Export every client, sorted by code.
      await page.getByRole('button', { name: 'Code' }).click();
      await expect(page).toHaveURL(/[?&]sort=code/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = await readFile((await download.path())!, 'utf8');
      const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toBe(CUSTOMER_CSV_COLUMNS.join(','));
      expect(lines[1]).toMatch(/^CLI-0001,/);
      expect(lines[2]).toMatch(/^CLI-0002,/);
      expect(csv).toContain('"12 Roastery Lane\nPortland, OR 97201"');

      // The edited file back: the company changed, a new row added; existing rows match by their code.
      const importedName = `Imported ${marker}`;
      const edited = `${csv.replace('Roastery Co,', 'Roastery Collective,')}${['', importedName, `imported-${marker}@example.test`, '', '', 'wholesale', '', '', '', 'active'].join(',')}\r\n`;
      await page.getByRole('button', { name: 'Import CSV' }).click();
      const importer = page.getByRole('dialog', { name: 'Import customers' });
      await importer.getByLabel('CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(edited) });
      await expect(importer.getByRole('region', { name: 'Preview' })).toContainText('customers.csv: 3 rows, 10 columns');
      await expect(importer.getByRole('status')).toHaveText('Ready: 1 new, 2 updated.');
      await expect(importer.getByRole('row')).toHaveCount(4);
      await importer.getByRole('button', { name: 'Import 3 customers' }).click();
      await expect(importer).toBeHidden();
      await expect(page.getByText('Imported 1 new customer and updated 2 customers')).toBeVisible();

      await expect(rows(page)).toHaveCount(3);
      await expect(row(page, importedName)).toContainText('CLI-0003');
      await expect(row(page, name)).toContainText('Roastery Collective');
      await expect(row(page, former.name)).toContainText('Inactive');
      await page.screenshot({ path: 'e2e/screenshots/customers-list.png' });

      expect(owner.pageErrors).toEqual([]);
    } finally {
      await owner.context.close();
    }
  });
});
