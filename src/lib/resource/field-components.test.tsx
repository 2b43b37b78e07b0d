import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Box } from 'lucide-react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineResource } from '../../../contracts/resource';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import type { ResourceRecord } from './cache';
import { ResourceDetailPage } from './detail-page';
import type { AnyFieldComponents, FieldEditorProps, FieldViewProps } from './field-components';
import { issuesAt, issuesUnder } from './field-components';
import { RecordFormDialog } from './form';
import { resourceMeta, type Resource } from './meta';
import { resourcePages } from './pages';
import { testResource } from './test-resource';

/** Served at the projects endpoints: a text field, a json field with an editor of its own and one without. */
const tagged = defineResource({
  name: 'project',
  plural: 'projects',
  label: 'Project',
  pluralLabel: 'Projects',
  code: { prefix: 'PRJ', digits: 4 },
  title: 'name',
  fields: {
    name: { kind: 'text', label: 'Name', required: true },
    tags: { kind: 'json', label: 'Tags', help: 'Comma separated', schema: z.array(z.string().min(2, 'Use at least 2 letters')).max(3, 'At most 3 tags') },
    extras: { kind: 'json', label: 'Extras', schema: z.array(z.number()) },
  },
  defaultSort: 'name',
  access: { read: 'viewer', write: 'agent', remove: 'admin' },
});
type Tagged = { id: string; code: string; name: string; tags: string[] | null; extras: number[] | null };

/** Tags typed comma separated; an empty one between commas is an issue of its own (path `{index}`). */
function TagsEditor({ value, onChange, errors, record }: FieldEditorProps<string[], Tagged>) {
  const [text, setText] = useState((value ?? []).join(', '));
  return (
    <div>
      <label>
        Tag list
        <input
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            const tags = e.target.value.split(',').map((t) => t.trim());
            const issues = Object.fromEntries(tags.flatMap((t, i) => (t === '' && tags.length > 1 ? [[String(i), 'Empty tag']] : [])));
            onChange(e.target.value.trim() ? tags : null, issues);
          }}
        />
      </label>
      <p>{record ? `Editing ${record.name}` : 'New record'}</p>
      <ul aria-label="Tag messages">
        {Object.entries(errors).map(([path, message]) => (
          <li key={path}>{`${path}: ${message}`}</li>
        ))}
      </ul>
    </div>
  );
}

function TagsView({ value, record }: FieldViewProps<string[], Tagged>) {
  return <span data-testid="tags-view">{`${value.map((t) => `#${t}`).join(' ')} on ${record.code}`}</span>;
}

const meta = resourceMeta<typeof tagged>()({
  domain: 'crm',
  name: 'project',
  plural: 'projects',
  label: 'Project',
  pluralLabel: 'Projects',
  access: { read: 'viewer', write: 'agent', remove: 'admin' },
  icon: Box,
  order: 0,
  load: () => Promise.reject(new Error('not loaded in tests')),
});

// Typed against the declaration: only its json fields, each with its own value type.
resourcePages(meta, { def: tagged, description: 'Tagged', fields: { tags: { edit: TagsEditor, view: TagsView } } });
// @ts-expect-error `name` is a text field: the generated input edits it.
resourcePages(meta, { def: tagged, description: 'Tagged', fields: { name: { view: TagsView } } });
// @ts-expect-error `extras` holds numbers, not tags.
resourcePages(meta, { def: tagged, description: 'Tagged', fields: { extras: { edit: TagsEditor } } });
// @ts-expect-error no such field.
resourcePages(meta, { def: tagged, description: 'Tagged', fields: { labels: { view: TagsView } } });

// As resourcePages holds them: checked above, untyped in the pages.
const resource: Resource = { ...testResource(tagged, 'crm'), fields: { tags: { edit: TagsEditor, view: TagsView } } as unknown as AnyFieldComponents };
const base = `/api/workspaces/${ids.workspace}`;
const record: ResourceRecord = {
  id: '00000000-0000-4000-8000-0000000000e1',
  code: 'PRJ-0007',
  name: 'Roastery',
  tags: ['coffee', 'fit-out'],
  extras: [1, 2],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
let server: MockApi;

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
  server.on(`GET ${base}`, { status: 200, body: workspace('agent') });
});
afterEach(() => server.restore());

const renderForm = (props: { record?: ResourceRecord } = {}) =>
  renderRoute(<RecordFormDialog resource={resource} wid={ids.workspace} open onOpenChange={() => {}} {...props} />);
const posts = () => server.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH');

describe('field components', () => {
  it('puts the editor in a group named by the field, with its help; a json field without one has no control', () => {
    renderForm();
    const dialog = screen.getByRole('dialog', { name: 'New project' });
    const group = within(dialog).getByRole('group', { name: 'Tags' });
    expect(group).toHaveAccessibleDescription('Comma separated');
    expect(within(group).getByRole('textbox', { name: 'Tag list' })).toHaveValue('');
    expect(within(group).getByText('New record')).toBeInTheDocument();
    expect(within(dialog).queryByRole('group', { name: 'Extras' })).not.toBeInTheDocument();
    expect(within(dialog).queryByText('Extras')).not.toBeInTheDocument();
  });

  it("sends the editor's value, checked with the declaration's schema, whose messages reach it by their path below the field", async () => {
    server.on(`POST ${base}/projects`, (request) => ({ status: 201, body: { ...record, ...(request.body as object) } }));
    const user = userEvent.setup();
    renderForm();
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Roastery');
    const tags = within(dialog).getByRole('textbox', { name: 'Tag list' });
    await user.type(tags, 'coffee, tea, fit-out, beans');
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    const group = within(dialog).getByRole('group', { name: 'Tags' });
    // The array's own message is the form's, under the group; its items' go to the editor.
    expect(group).toHaveAccessibleDescription('Comma separated At most 3 tags');
    expect(group).toHaveAttribute('aria-invalid', 'true');

    await user.clear(tags);
    await user.type(tags, 'coffee, x');
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    expect(within(group).getByRole('list', { name: 'Tag messages' })).toHaveTextContent('1: Use at least 2 letters');
    expect(group).toHaveAccessibleDescription('Comma separated');
    expect(posts()).toEqual([]);

    await user.clear(tags);
    await user.type(tags, 'coffee, fit-out');
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]!.body).toEqual({ name: 'Roastery', tags: ['coffee', 'fit-out'] });
  });

  it('sends nothing while the editor reports issues, and shows them on submit', async () => {
    const user = userEvent.setup();
    renderForm();
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Roastery');
    await user.type(within(dialog).getByRole('textbox', { name: 'Tag list' }), 'coffee, , tea');
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    expect(within(dialog).getByRole('list', { name: 'Tag messages' })).toHaveTextContent('1: Empty tag');
    expect(posts()).toEqual([]);
  });

  it("hands the server's 422 details below the field to the editor, and the field's own to the form", async () => {
    server.on(`POST ${base}/projects`, {
      status: 422,
      body: errorBody('validation_failed', 'Check the highlighted fields', [
        { path: 'body.tags.1', message: 'Tag taken by another project' },
        { path: 'body.tags', message: 'Tags are locked for this client' },
      ]),
    });
    const user = userEvent.setup();
    renderForm();
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Roastery');
    await user.type(within(dialog).getByRole('textbox', { name: 'Tag list' }), 'coffee, tea');
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    const group = within(dialog).getByRole('group', { name: 'Tags' });
    expect(await within(group).findByText('1: Tag taken by another project')).toBeInTheDocument();
    expect(group).toHaveAccessibleDescription('Comma separated Tags are locked for this client');
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
  });

  it("starts an edit from the record's value and sends it only when it changed", async () => {
    server.on(`PATCH ${base}/projects/${record.id}`, (request) => ({ status: 200, body: { ...record, ...(request.body as object) } }));
    const user = userEvent.setup();
    const { unmount } = renderForm({ record });
    let dialog = screen.getByRole('dialog', { name: 'Edit Roastery' });
    const tags = within(dialog).getByRole('textbox', { name: 'Tag list' });
    expect(tags).toHaveValue('coffee, fit-out');
    expect(within(dialog).getByText('Editing Roastery')).toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), ' North');
    // The same tags typed again are no change.
    await user.clear(tags);
    await user.type(tags, 'coffee, fit-out');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]!.body).toEqual({ name: 'Roastery North' });
    unmount();

    renderForm({ record });
    dialog = screen.getByRole('dialog', { name: 'Edit Roastery' });
    await user.clear(within(dialog).getByRole('textbox', { name: 'Tag list' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(posts()).toHaveLength(2));
    expect(posts()[1]!.body).toEqual({ tags: null });
  });

  it('shows the value with the display on the detail page, "—" when there is none, and other json fields as before', async () => {
    server.on(`GET ${base}/projects/${record.id}`, { status: 200, body: record });
    renderRoute(<ResourceDetailPage resource={resource} />, { path: `/w/${ids.workspace}/projects/${record.id}`, pattern: '/w/:wid/projects/:id' });
    const details = await screen.findByRole('region', { name: 'Details' });
    expect(within(details).getByTestId('tags-view')).toHaveTextContent('#coffee #fit-out on PRJ-0007');
    expect(within(details).getByText('Extras', { selector: 'dt' }).nextElementSibling).toHaveTextContent('2 items');
  });

  it('shows "—" for a record without a value', async () => {
    server.on(`GET ${base}/projects/${record.id}`, { status: 200, body: { ...record, tags: null } });
    renderRoute(<ResourceDetailPage resource={resource} />, { path: `/w/${ids.workspace}/projects/${record.id}`, pattern: '/w/:wid/projects/:id' });
    const details = await screen.findByRole('region', { name: 'Details' });
    expect(within(details).getByText('Tags', { selector: 'dt' }).nextElementSibling).toHaveTextContent('—');
    expect(within(details).queryByTestId('tags-view')).not.toBeInTheDocument();
  });

  it('finds the messages under a field by path, and back', () => {
    const errors = { tags: 'Too many', 'tags.1': 'Taken', tagsExtra: 'Other field', name: 'Enter name' };
    expect(issuesUnder(errors, 'tags')).toEqual({ '': 'Too many', '1': 'Taken' });
    expect(issuesAt('tags', { '': 'Too many', '1': 'Taken' })).toEqual({ tags: 'Too many', 'tags.1': 'Taken' });
  });
});
