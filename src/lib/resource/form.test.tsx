import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineResource } from '../../../contracts/resource';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, member, page, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import type { ResourceRecord } from './cache';
import { RecordFormDialog } from './form';
import { testResource } from './test-resource';

/** A declaration with a field of every kind (served at the projects endpoints). */
const everyKind = defineResource({
  name: 'project',
  plural: 'projects',
  label: 'Project',
  pluralLabel: 'Projects',
  code: { prefix: 'PRJ', digits: 4 },
  title: 'name',
  fields: {
    name: { kind: 'text', label: 'Name', required: true, max: 80 },
    notes: { kind: 'longText', label: 'Notes' },
    email: { kind: 'email', label: 'Email' },
    phone: { kind: 'phone', label: 'Phone' },
    startDate: { kind: 'date', label: 'Start' },
    headcount: { kind: 'int', label: 'Headcount', min: 1, help: 'People on it' },
    budget: { kind: 'money', label: 'Budget' },
    currency: { kind: 'currency', label: 'Currency', default: 'usd' },
    status: { kind: 'enum', label: 'Status', values: ['planning', 'in_progress'], default: 'planning' },
    risk: { kind: 'enum', label: 'Risk', values: ['low', 'high'] },
    plantId: { kind: 'ref', label: 'Plant', to: 'plants', required: true },
    ownerId: { kind: 'ref', label: 'Owner', to: 'users' },
    position: { kind: 'int', label: 'Position', readOnly: true },
    closedAt: { kind: 'timestamp', label: 'Closed', readOnly: true },
    inputs: { kind: 'json', label: 'Inputs', schema: z.array(z.string()) },
  },
  defaultSort: 'name',
  access: { read: 'viewer', write: 'agent', remove: 'admin' },
});
const resource = testResource(everyKind, 'crm');

const base = `/api/workspaces/${ids.workspace}`;
const plantId = '00000000-0000-4000-8000-0000000000b1';
const otherPlantId = '00000000-0000-4000-8000-0000000000b2';
let server: MockApi;

const plant = (id: string, name: string, code: string) => ({
  id,
  code,
  name,
  location: null,
  capacityPerDay: null,
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const record: ResourceRecord = {
  id: '00000000-0000-4000-8000-0000000000e1',
  code: 'PRJ-0007',
  name: 'Roastery fit-out',
  notes: 'Phase one',
  email: 'site@example.com',
  phone: '+1 555 0100',
  startDate: '2026-03-01',
  headcount: 4,
  budget: 125050,
  currency: 'usd',
  status: 'in_progress',
  risk: null,
  plantId,
  ownerId: ids.me,
  position: 3,
  closedAt: '2026-05-04T10:30:00.000Z',
  inputs: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
  server.on(`GET ${base}`, { status: 200, body: workspace('agent') });
  server.on(`GET ${base}/plants`, { status: 200, body: page([plant(plantId, 'North plant', 'PLT-01'), plant(otherPlantId, 'South plant', 'PLT-02')]) });
  server.on(`GET ${base}/members`, { status: 200, body: page([member({ id: ids.me, name: 'Mia Me' }), member({ id: ids.other, name: 'Olly Other' })]) });
});
afterEach(() => server.restore());

const renderForm = (props: { record?: ResourceRecord } = {}) =>
  renderRoute(<RecordFormDialog resource={resource} wid={ids.workspace} open onOpenChange={() => {}} {...props} />);

async function pick(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement, label: string, option: string) {
  await user.click(within(dialog).getByRole('combobox', { name: label }));
  await user.click(await within(dialog).findByRole('option', { name: new RegExp(`^${option}`) }));
}

describe('RecordFormDialog', () => {
  it('generates one control per writable field, by kind, and marks the required ones', async () => {
    renderForm();
    const dialog = screen.getByRole('dialog', { name: 'New project' });
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    expect(name).toBeRequired();
    expect(name).toHaveAttribute('maxlength', '80');
    expect(name.closest('div')).toHaveTextContent('Name *');
    expect(within(dialog).getByRole('textbox', { name: 'Notes' }).tagName).toBe('TEXTAREA');
    expect(within(dialog).getByRole('textbox', { name: 'Email' })).toHaveAttribute('type', 'email');
    expect(within(dialog).getByRole('textbox', { name: 'Phone' })).toHaveAttribute('type', 'tel');
    expect(within(dialog).getByLabelText('Start')).toHaveAttribute('type', 'date');
    const headcount = within(dialog).getByRole('spinbutton', { name: 'Headcount' });
    expect(headcount).toHaveAttribute('min', '1');
    expect(headcount).toHaveAccessibleDescription('People on it');
    expect(within(dialog).getByRole('textbox', { name: 'Budget (USD)' })).toHaveAttribute('inputmode', 'decimal');
    expect(within(dialog).getByRole('combobox', { name: 'Currency' })).toHaveValue('usd');
    const status = within(dialog).getByRole('combobox', { name: 'Status' });
    expect(status).toHaveValue('planning');
    expect(
      within(status)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Planning', 'In progress']);
    expect(
      within(within(dialog).getByRole('combobox', { name: 'Risk' }))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['—', 'Low', 'High']);
    expect(within(dialog).getByRole('combobox', { name: 'Plant' })).toHaveAttribute('aria-required', 'true');
    expect(within(dialog).getByRole('combobox', { name: 'Owner' })).not.toHaveAttribute('aria-required');
    // Server-set and structured fields have no input on a new record.
    for (const label of ['Position', 'Closed', 'Inputs']) expect(within(dialog).queryByLabelText(label)).not.toBeInTheDocument();
  });

  it("checks the values with the declaration's schema before anything is sent", async () => {
    const user = userEvent.setup();
    renderForm();
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    expect(within(dialog).getByText('Enter name')).toBeInTheDocument();
    expect(within(dialog).getByText('Choose a plant')).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');

    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Fit-out');
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'not-an-email');
    await user.type(within(dialog).getByRole('spinbutton', { name: 'Headcount' }), '0');
    await user.type(within(dialog).getByRole('textbox', { name: 'Budget (USD)' }), '12.345');
    await pick(user, dialog, 'Plant', 'North plant');
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    expect(within(dialog).getByText('Enter a valid email address')).toBeInTheDocument();
    expect(within(dialog).getByText('At least 1')).toBeInTheDocument();
    expect(within(dialog).getByText('Enter an amount such as 25.00')).toBeInTheDocument();
    expect(within(dialog).queryByText('Choose a plant')).not.toBeInTheDocument();
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('sends money in minor units of the chosen currency, numbers as numbers, references as ids, and leaves empty fields out', async () => {
    server.on(`POST ${base}/projects`, (request) => ({ status: 201, body: { ...record, ...(request.body as object) } }));
    const user = userEvent.setup();
    renderForm();
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), '  Fit-out ');
    await user.type(within(dialog).getByRole('textbox', { name: 'Notes' }), 'Line one\nLine two');
    await user.type(within(dialog).getByLabelText('Start'), '2026-04-01');
    await user.type(within(dialog).getByRole('spinbutton', { name: 'Headcount' }), '3');
    const currency = within(dialog).getByRole('combobox', { name: 'Currency' });
    await user.clear(currency);
    await user.type(currency, 'EUR');
    await user.type(within(dialog).getByRole('textbox', { name: 'Budget (EUR)' }), '1,250.5');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Status' }), 'In progress');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Risk' }), 'High');
    await pick(user, dialog, 'Plant', 'South plant');
    expect(within(dialog).getByRole('combobox', { name: 'Plant' })).toHaveValue('South plant');
    await pick(user, dialog, 'Owner', 'Olly Other');
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    await waitFor(() => expect(server.requests.some((r) => r.method === 'POST')).toBe(true));
    const post = server.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({
      name: 'Fit-out',
      notes: 'Line one\nLine two',
      startDate: '2026-04-01',
      headcount: 3,
      budget: 125050,
      currency: 'eur',
      status: 'in_progress',
      risk: 'high',
      plantId: otherPlantId,
      ownerId: ids.other,
    });
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("shows the server's 422 details beside their fields, and its message when it names none", async () => {
    let answer = 0;
    server.on(`POST ${base}/projects`, () =>
      answer++ === 0
        ? {
            status: 422,
            body: errorBody('validation_failed', 'Check the highlighted fields', [
              { path: 'body.plantId', message: 'No such plant in this workspace' },
              { path: 'email', message: 'Use a company address' },
            ]),
          }
        : { status: 409, body: errorBody('conflict', 'Something else changed first') },
    );
    const user = userEvent.setup();
    renderForm();
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Fit-out');
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'me@gmail.com');
    await pick(user, dialog, 'Plant', 'North plant');
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    expect(await within(dialog).findByText('No such plant in this workspace')).toBeInTheDocument();
    expect(within(dialog).getByText('Use a company address')).toBeInTheDocument();
    expect(within(dialog).getByRole('combobox', { name: 'Plant' })).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByRole('textbox', { name: 'Email' })).toHaveAccessibleDescription('Use a company address');

    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Something else changed first');
  });

  it('edits a record: its values filled in (money as a decimal), server-set fields shown, and only what changed sent (null clears)', async () => {
    server.on(`PATCH ${base}/projects/${record.id}`, (request) => ({ status: 200, body: { ...record, ...(request.body as object) } }));
    const user = userEvent.setup();
    renderForm({ record });
    const dialog = screen.getByRole('dialog', { name: 'Edit Roastery fit-out' });
    expect(within(dialog).getByRole('textbox', { name: 'Budget (USD)' })).toHaveValue('1250.50');
    expect(within(dialog).getByRole('combobox', { name: 'Status' })).toHaveValue('in_progress');
    expect(await within(dialog).findByDisplayValue('North plant')).toBeInTheDocument();
    expect(await within(dialog).findByDisplayValue('Mia Me')).toBeInTheDocument();
    const system = within(dialog).getByLabelText('Set by the system');
    expect(system).toHaveTextContent('Position3');
    expect(system).toHaveTextContent('ClosedMay 4, 2026');

    await user.clear(within(dialog).getByRole('textbox', { name: 'Name' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Roastery, phase two');
    await user.clear(within(dialog).getByRole('textbox', { name: 'Phone' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(server.requests.some((r) => r.method === 'PATCH')).toBe(true));
    expect(server.requests.find((r) => r.method === 'PATCH')!.body).toEqual({ name: 'Roastery, phase two', phone: null });
  });
});
