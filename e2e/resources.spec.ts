// The record pages generated from declarations (src/lib/resource/), in the browser, each test in a workspace of
// its own: the owner creates an employee from the list with the generated form (the required name checked
// before anything is sent), opens it, edits it and goes back to the list; exports the filtered list as CSV;
// imports a CSV with one bad row (its error shown, nothing written), then the fixed file (created and updated
// all at once). Screenshots of the employees list, a project's page and a filtered task list at 1440×900, each
// checked with axe.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { openShop, type Shop } from './support/commerce';
import { FIRST_LOAD_TIMEOUT, openTeammate } from './support/inbox';
import { expect, test } from './support/test';

test.use({ viewport: { width: 1440, height: 900 } });

const rows = (page: Page) => page.getByTestId('record-row');
const row = (page: Page, text: string) => rows(page).filter({ hasText: text });
/** Waits until the page has settled (top bar, panels and their data loaded), for a screenshot. */
async function settled(page: Page) {
  await expect(page.getByRole('button', { name: /^Account menu for / })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
  await page.waitForLoadState('networkidle');
  await expect(page.locator('main .animate-spin')).toHaveCount(0);
}

/** The value shown beside a label in a record page's details. */
const detail = (page: Page, label: string) => page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

type Rec = { id: string; code: string } & Record<string, unknown>;

/** The workspace's records through the API, as its owner. */
function recordsApi(shop: Shop) {
  const { request, token, wid } = shop.api;
  const headers = { authorization: `Bearer ${token}` };
  return {
    async create(plural: string, data: Record<string, unknown>): Promise<Rec> {
      const res = await request.post(`/api/workspaces/${wid}/${plural}`, { headers, data });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as Rec;
    },
    async list(plural: string): Promise<Rec[]> {
      const res = await request.get(`/api/workspaces/${wid}/${plural}?limit=100`, { headers });
      expect(res.status(), await res.text()).toBe(200);
      return ((await res.json()) as { data: Rec[] }).data;
    },
  };
}

async function signedIn(browser: Browser, baseURL: string, shop: Shop) {
  const owner = await openTeammate(browser, baseURL, shop.owner.email, 'owner', shop.owner.password);
  await owner.page.setViewportSize({ width: 1440, height: 900 });
  return owner;
}

test.describe('record pages', () => {
  test('the owner creates an employee from the list, sees it, edits it and goes back to the list', async ({ browser, request, baseURL }) => {
    const shop = await openShop(request, 'staff');
    const wid = shop.workspace.id;
    const { page, context } = await signedIn(browser, baseURL!, shop);
    try {
      await page.goto(`/w/${wid}/employees?sort=-hireDate`);
      await expect(page.getByRole('heading', { name: 'Employees', level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(page.getByText('No employees yet')).toBeVisible();
      const crm = page.getByRole('navigation', { name: 'Main' }).getByRole('list', { name: 'CRM' });
      await expect(crm.getByRole('link', { name: 'Employees' })).toHaveAttribute('aria-current', 'page');

      await page.getByRole('button', { name: 'New employee' }).first().click();
      const form = page.getByRole('dialog', { name: 'New employee' });
      await form.getByRole('button', { name: 'Create employee' }).click();
      await expect(form.getByText('Enter name')).toBeVisible();
      await form.getByRole('textbox', { name: 'Name' }).fill('Ada Lovelace');
      await form.getByRole('textbox', { name: 'Email' }).fill('ada@example.test');
      await form.getByRole('textbox', { name: 'Position' }).fill('Head roaster');
      await form.getByRole('textbox', { name: 'Department' }).fill('Roasting');
      await form.getByLabel('Hire date').fill('2026-03-02');
      await form.getByRole('combobox', { name: 'Status' }).selectOption('on_leave');
      await form.getByRole('combobox', { name: 'Member' }).click();
      await form.getByRole('option', { name: new RegExp(`^${shop.owner.name}`) }).click();
      await form.getByRole('button', { name: 'Create employee' }).click();
      await expect(form).toBeHidden();

      const ada = row(page, 'Ada Lovelace');
      await expect(ada).toContainText('EMP-0001');
      await expect(ada).toContainText('On leave');
      await expect(ada).toContainText('Mar 2, 2026');
      await expect(ada).toContainText('Roasting');

      await ada.getByRole('link', { name: 'Ada Lovelace' }).click();
      await expect(page.getByRole('heading', { name: 'Ada Lovelace', level: 1 })).toBeVisible();
      await expect(page.getByText('EMP-0001', { exact: true })).toBeVisible();
      await expect(detail(page, 'Member')).toHaveText(shop.owner.name);
      await expect(detail(page, 'Position')).toHaveText('Head roaster');

      await page.getByRole('button', { name: 'Edit' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit Ada Lovelace' });
      await edit.getByRole('textbox', { name: 'Position' }).fill('Roastery manager');
      await edit.getByRole('combobox', { name: 'Status' }).selectOption('active');
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await expect(edit).toBeHidden();
      await expect(detail(page, 'Position')).toHaveText('Roastery manager');
      await expect(page.getByText('Active', { exact: true })).toBeVisible();

      // Back to the list it came from, with its sort.
      await page.getByRole('main').getByRole('link', { name: 'Employees' }).click();
      await expect(page).toHaveURL(new RegExp(`/w/${wid}/employees\\?sort=-hireDate$`));
      await expect(row(page, 'Ada Lovelace')).toContainText('Roastery manager');
      await expect(row(page, 'Ada Lovelace')).toContainText('Active');
    } finally {
      await context.close();
    }
  });

  test('exports the filtered list as CSV', async ({ browser, request, baseURL }) => {
    const shop = await openShop(request, 'export');
    const api = recordsApi(shop);
    await api.create('employees', { name: 'Grace Hopper', email: 'grace@example.test', department: 'Roasting', hireDate: '2025-01-15' });
    await api.create('employees', { name: 'Alan Turing', department: 'Roasting', status: 'on_leave' });
    await api.create('employees', { name: 'Edsger Dijkstra', department: 'Sales' });
    const { page, context } = await signedIn(browser, baseURL!, shop);
    try {
      await page.goto(`/w/${shop.workspace.id}/employees?department=Roasting`);
      await expect(rows(page)).toHaveCount(2, { timeout: FIRST_LOAD_TIMEOUT });
      await expect(page.getByRole('textbox', { name: 'Department' })).toHaveValue('Roasting');
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^employees-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = (await readFile(await download.path())).toString('utf8').replace(/^\uFEFF/, '');
      expect(csv.trim().split(/\r?\n/)).toEqual([
        'code,name,email,phone,position,department,hireDate,status,userId',
        'EMP-0002,Alan Turing,,,,Roasting,,on_leave,',
        'EMP-0001,Grace Hopper,grace@example.test,,,Roasting,2025-01-15,active,',
      ]);
    } finally {
      await context.close();
    }
  });

  test('imports a CSV: a bad row is shown and nothing is written; the fixed file creates and updates at once', async ({ browser, request, baseURL }) => {
    const shop = await openShop(request, 'import');
    const api = recordsApi(shop);
    const existing = await api.create('employees', { name: 'Existing Person', department: 'Sales' });
    const { page, context } = await signedIn(browser, baseURL!, shop);
    const header = 'code,name,email,department,status';
    const bad = [
      header,
      `${existing.code},Existing Renamed,,Sales,active`,
      ',Grace Hopper,grace@example.test,Roasting,active',
      ',Bad Row,bad@example.test,Roasting,retired',
    ];
    const good = [...bad.slice(0, 3), ',Fixed Row,fixed@example.test,Roasting,inactive'];
    const csvFile = (lines: string[], name: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\r\n')}\r\n`) });
    try {
      await page.goto(`/w/${shop.workspace.id}/employees`);
      await expect(rows(page)).toHaveCount(1, { timeout: FIRST_LOAD_TIMEOUT });
      await page.getByRole('button', { name: 'Import CSV' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import employees' });
      await expect(dialog).toContainText('The import is all or nothing');

      await dialog.getByLabel('CSV file').setInputFiles(csvFile(bad, 'staff.csv'));
      const preview = dialog.getByRole('region', { name: 'Preview' });
      await expect(preview).toContainText('staff.csv: 3 rows, 5 columns');
      await expect(preview.getByRole('row')).toHaveCount(4);
      const error = dialog.getByTestId('import-error');
      await expect(error).toHaveCount(1);
      await expect(error.getByRole('cell').nth(0)).toHaveText('4');
      await expect(error.getByRole('cell').nth(1)).toHaveText('status');
      await expect(error.getByRole('cell').nth(2)).toContainText('Invalid option');
      await expect(dialog.getByRole('button', { name: 'Import' })).toBeDisabled();
      // Nothing was written by the check.
      expect((await api.list('employees')).map((e) => e.name)).toEqual(['Existing Person']);

      await dialog.getByLabel('CSV file').setInputFiles(csvFile(good, 'staff-fixed.csv'));
      await expect(dialog.getByRole('status').filter({ hasText: 'Ready' })).toHaveText('Ready: 2 new, 1 updated.');
      await dialog.getByRole('button', { name: 'Import 3 employees' }).click();
      await expect(dialog).toBeHidden();
      await expect(rows(page)).toHaveCount(3);
      await expect(row(page, 'Existing Renamed')).toContainText(existing.code);
      await expect(row(page, 'Fixed Row')).toContainText('Inactive');
      expect((await api.list('employees')).map((e) => e.name)).toEqual(['Existing Renamed', 'Fixed Row', 'Grace Hopper']);
    } finally {
      await context.close();
    }
  });

  test('the employees list and a project page, at 1440×900', async ({ browser, request, baseURL }) => {
    const shop = await openShop(request, 'looks');
    const api = recordsApi(shop);
    const people: [string, string, string, string, string][] = [
      ['Ada Lovelace', 'Head roaster', 'Roasting', '2021-03-02', 'active'],
      ['Grace Hopper', 'Quality lead', 'Quality', '2022-06-13', 'active'],
      ['Alan Turing', 'Green coffee buyer', 'Sourcing', '2023-01-09', 'on_leave'],
      ['Katherine Johnson', 'Finance manager', 'Finance', '2020-11-30', 'active'],
      ['Edsger Dijkstra', 'Barista trainer', 'Cafés', '2024-02-19', 'active'],
      ['Barbara Liskov', 'Operations manager', 'Operations', '2019-09-01', 'active'],
      ['Donald Knuth', 'Packaging', 'Roasting', '2025-04-22', 'inactive'],
      ['Margaret Hamilton', 'Logistics', 'Operations', '2023-08-14', 'active'],
      ['Tim Berners-Lee', 'Web shop', 'Sales', '2024-10-07', 'active'],
      ['Radia Perlman', 'Wholesale accounts', 'Sales', '2022-03-28', 'on_leave'],
      ['Frances Allen', 'Roaster', 'Roasting', '2025-01-06', 'active'],
      ['John Backus', 'Maintenance', 'Operations', '2021-12-13', 'active'],
    ];
    const staff: Rec[] = [];
    for (const [name, position, department, hireDate, status] of people)
      staff.push(await api.create('employees', { name, email: `${name.split(' ')[0]!.toLowerCase()}@acme.test`, position, department, hireDate, status }));
    const { id: customerId } = await shop.api.createCustomer('Bean There Co', 'orders@beanthere.test');
    const project = await api.create('projects', {
      name: 'Espresso bar fit-out',
      description: 'Counter, shelving and a two-group machine for the Alder Street café.\nOpening before the spring menu.',
      status: 'in_progress',
      customerId,
      budget: 4850000,
      currency: 'usd',
      startDate: '2026-02-02',
      dueDate: '2026-04-30',
    });
    for (const [title, status, assignee] of [
      ['Order the machine', 'completed', 0],
      ['Build the counter', 'completed', 5],
      ['Plumbing and power', 'in_progress', 11],
      ['Train the baristas', 'pending', 4],
    ] as const)
      await api.create('tasks', { title, status, projectId: project.id, assigneeEmployeeId: staff[assignee]!.id, dueDate: '2026-04-15' });

    const { page, context } = await signedIn(browser, baseURL!, shop);
    try {
      await page.goto(`/w/${shop.workspace.id}/employees`);
      await expect(rows(page)).toHaveCount(12, { timeout: FIRST_LOAD_TIMEOUT });
      await page.getByRole('checkbox', { name: 'Select Alan Turing' }).check();
      await page.getByRole('checkbox', { name: 'Select Barbara Liskov' }).check();
      await settled(page);
      await page.screenshot({ path: 'e2e/screenshots/resources-employees.png' });
      await expectNoAxeViolations(page, 'employees list', { soft: true });

      await page.goto(`/w/${shop.workspace.id}/projects/${project.id}`);
      await expect(page.getByRole('heading', { name: 'Espresso bar fit-out', level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(detail(page, 'Client')).toHaveText('Bean There Co');
      await expect(page.getByRole('progressbar', { name: 'Progress' })).toHaveAttribute('aria-valuenow', '50');
      await settled(page);
      await page.screenshot({ path: 'e2e/screenshots/resources-project.png' });
      await expectNoAxeViolations(page, 'project page', { soft: true });

      await page.goto(`/w/${shop.workspace.id}/tasks?projectId=${project.id}`);
      await expect(rows(page)).toHaveCount(4, { timeout: FIRST_LOAD_TIMEOUT });
      await expect(page.getByRole('combobox', { name: 'Project' })).toHaveValue('Espresso bar fit-out');
      await expect(row(page, 'Plumbing and power')).toContainText('John Backus');
      await settled(page);
      await page.screenshot({ path: 'e2e/screenshots/resources-tasks.png' });
      await expectNoAxeViolations(page, 'tasks list', { soft: true });
    } finally {
      await context.close();
    }
  });
});
