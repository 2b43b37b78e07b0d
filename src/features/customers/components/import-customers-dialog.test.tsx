import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../../contracts/common';
import { sessionStore } from '@/lib/session-store';
import { auth, ids } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { ImportCustomersDialog, PREVIEW_ROWS } from './import-customers-dialog';

const url = `/api/workspaces/${ids.workspace}/customers/import`;
let server: MockApi;

const HEADER = 'code,name,email,phone,company,tags,address,taxId,notes,status';
const GOOD = `${HEADER}\r\nCLI-0001,Maya Chen,maya@example.com,,Bean There,wholesale,,,"Two lines\r\nof notes",active\r\n,Nina New,nina@example.com,,,,,,,inactive\r\n`;

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

const file = (text: string, name = 'customers.csv') => new File([text], name, { type: 'text/csv' });
const imports = () => server.requests.filter((r) => r.url === url);
const cells = (dialog: HTMLElement) =>
  within(dialog)
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );

/** Answers the dry run only once `release` is called, so the preview can be seen before the check. */
function deferredDryRun(result: ImportResult) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  server.on(`POST ${url}`, async (request) => {
    if (request.params.dryRun === 'true') await released;
    return { status: 200, body: result };
  });
  return () => release();
}

describe('ImportCustomersDialog', () => {
  it('previews the first rows at once, checks the file with a dry run, then imports it all', async () => {
    const release = deferredDryRun({ created: 1, updated: 1, errors: [] });
    const user = userEvent.setup();
    renderRoute(<ImportCustomersDialog wid={ids.workspace} open onOpenChange={() => {}} />);
    const dialog = screen.getByRole('dialog', { name: 'Import customers' });
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();

    await user.upload(within(dialog).getByLabelText('CSV file'), file(GOOD));
    // The rows, read in the browser, before the server has answered.
    expect(await within(dialog).findByText(/Checking every row/)).toBeInTheDocument();
    expect(cells(dialog)).toEqual([
      ['2', 'Maya Chen', 'maya@example.com', 'Bean There', 'active', '…'],
      ['3', 'Nina New', 'nina@example.com', '', 'inactive', '…'],
    ]);
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();

    release();
    expect(await within(dialog).findByText(/Ready: 1 new, 1 updated/)).toBeInTheDocument();
    expect(cells(dialog).map((row) => row.at(-1))).toEqual(['Ready', 'Ready']);
    const [dryRun] = imports();
    expect(dryRun!.params).toEqual({ dryRun: 'true' });
    expect(dryRun!.headers['content-type']).toBe('text/csv');
    expect(await (dryRun!.body as Blob).text()).toBe(GOOD);

    await user.click(within(dialog).getByRole('button', { name: 'Import 2 customers' }));
    await waitFor(() => expect(imports()).toHaveLength(2));
    const commit = imports()[1]!;
    expect(commit.params ?? {}).not.toHaveProperty('dryRun');
    expect(commit.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (commit.body as Blob).text()).toBe(GOOD);
  });

  it("shows each row's errors, in the preview and past it, and imports nothing while there are any", async () => {
    const rows = Array.from({ length: PREVIEW_ROWS + 5 }, (_, i) => `,Client ${i + 1},client${i + 1}@example.com,,,,,,,active`);
    const csv = `${HEADER}\n${rows.join('\n')}\n`;
    server.on(`POST ${url}`, {
      status: 200,
      body: {
        created: 0,
        updated: 0,
        errors: [
          { row: 3, path: 'email', message: 'Enter a valid email address' },
          { row: 3, path: 'status', message: 'Invalid option: expected one of "active"|"inactive"' },
          { row: PREVIEW_ROWS + 4, path: 'email', message: 'Row 2 has this email too' },
        ],
      },
    });
    const user = userEvent.setup();
    renderRoute(<ImportCustomersDialog wid={ids.workspace} open onOpenChange={() => {}} />);
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file(csv));
    expect(await within(dialog).findByText(/2 rows with errors/)).toBeInTheDocument();
    expect(within(dialog).getAllByRole('row')).toHaveLength(PREVIEW_ROWS + 1);
    expect(within(dialog).getByText(`Showing the first ${PREVIEW_ROWS} of 15 rows.`)).toBeInTheDocument();
    const second = within(dialog).getAllByRole('row')[2]!;
    expect(within(second).getByText('email: Enter a valid email address')).toBeInTheDocument();
    expect(within(second).getByText(/status: Invalid option/)).toBeInTheDocument();
    const later = within(dialog).getByRole('list', { name: 'Errors in later rows' });
    expect(later).toHaveTextContent(`Row ${PREVIEW_ROWS + 4} email: Row 2 has this email too`);
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(imports()).toHaveLength(1);
  });

  it('explains a file the server refuses outright', async () => {
    server.on(`POST ${url}`, {
      status: 422,
      body: errorBody('validation_failed', 'The CSV header does not match', [{ path: 'header.colour', message: 'Unknown column colour' }]),
    });
    const user = userEvent.setup();
    renderRoute(<ImportCustomersDialog wid={ids.workspace} open onOpenChange={() => {}} />);
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file('name,colour\nMaya,blue\n'));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The CSV header does not match');
    expect(alert).toHaveTextContent('Unknown column colour');
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();
  });
});
