import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../../../contracts/workspaces';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, member, page } from '@/test/fixtures';
import { mockApi, type MockApi, type MockRequest } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { ActivityPage } from './activity-page';

const AVA = ids.other;
const CONVERSATION = '00000000-0000-4000-8000-0000000000c1';
const url = `/api/workspaces/${ids.workspace}/activity`;

const assigned: Activity = {
  id: '00000000-0000-4000-8000-000000000101',
  actor: { id: AVA, name: 'Ava Agent' },
  action: 'conversation.assigned',
  subjectType: 'conversation',
  subjectId: CONVERSATION,
  metadata: { from: null, to: ids.me, toName: 'Mia Me', number: 42, customerName: 'Tom Becker' },
  summary: 'Ava Agent assigned #42 Tom Becker to Mia Me',
  link: `/w/${ids.workspace}/inbox/${CONVERSATION}`,
  createdAt: new Date().toISOString(),
};
const deleted: Activity = {
  ...assigned,
  id: '00000000-0000-4000-8000-000000000102',
  actor: { id: ids.me, name: 'Mia Me' },
  action: 'customer.deleted',
  subjectType: 'customer',
  metadata: { name: 'Gone Guy' },
  summary: 'Mia Me deleted the customer “Gone Guy”',
  link: null,
};

let server: MockApi;
let requests: MockRequest[];
beforeEach(() => {
  server = mockApi();
  sessionStore.signIn(auth());
  requests = [];
  server.on(`GET /api/workspaces/${ids.workspace}/members`, {
    status: 200,
    body: page([member({ id: ids.me, name: 'Mia Me', role: 'owner' }), member({ id: AVA, name: 'Ava Agent' })]),
  });
  server.on(`GET ${url}`, (req) => {
    requests.push(req);
    return { status: 200, body: page(req.params.actorId || req.params.action ? (req.params.action === 'member.left' ? [] : [assigned]) : [assigned, deleted]) };
  });
});
afterEach(() => server.restore());

function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.pathname + location.search}</output>;
}
const start = (search = '') =>
  renderRoute(
    <>
      <ActivityPage />
      <Where />
    </>,
    { path: `/w/${ids.workspace}/activity${search}`, pattern: '/w/:wid/activity' },
  );
const subtitle = () => screen.getByTestId('activity-subtitle');
const search = () => new URLSearchParams(screen.getByTestId('where').textContent!.split('?')[1] ?? '');
const lastQuery = () => requests[requests.length - 1]!.params;

describe('ActivityPage', () => {
  it('shows all activity with each subject a link, and deleted subjects as plain text', async () => {
    start();
    expect(await screen.findByText('#42 Tom Becker')).toBeInTheDocument();
    expect(subtitle()).toHaveTextContent('All activity in this workspace');
    const link = screen.getByRole('link', { name: '#42 Tom Becker' });
    expect(link).toHaveAttribute('href', `/w/${ids.workspace}/inbox/${CONVERSATION}`);
    expect(link.closest('p')).toHaveTextContent('Ava Agent assigned #42 Tom Becker to Mia Me');
    expect(screen.getByText('Mia Me deleted the customer “Gone Guy”').querySelector('a')).toBeNull();
    expect(screen.getAllByRole('link')).toHaveLength(1);
    expect(lastQuery()).toEqual({ limit: 25 });
  });

  it('reads member and period from the address, and says so', async () => {
    start(`?member=${AVA}&period=7d`);
    await waitFor(() => expect(subtitle()).toHaveTextContent('Everything Ava Agent did in the last 7 days'));
    await waitFor(() => expect(lastQuery()).toMatchObject({ actorId: AVA, tz: expect.any(String) }));
    const { from, to } = lastQuery() as { from: string; to: string };
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(6);
    expect(screen.getByLabelText('Member')).toHaveValue(AVA);
    expect(screen.getByLabelText('Period')).toHaveValue('7d');
  });

  it('puts the chosen member and action in the address and the query, and the subtitle follows', async () => {
    const user = userEvent.setup();
    start();
    await screen.findByText('#42 Tom Becker');
    await waitFor(() => expect(within(screen.getByLabelText('Member')).getByRole('option', { name: 'Ava Agent' })).toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText('Member'), AVA);
    await user.selectOptions(screen.getByLabelText('Action'), 'conversation.assigned');
    expect(search().get('member')).toBe(AVA);
    expect(search().get('action')).toBe('conversation.assigned');
    expect(subtitle()).toHaveTextContent('“Conversation assigned” by Ava Agent');
    await waitFor(() => expect(lastQuery()).toEqual({ limit: 25, actorId: AVA, action: 'conversation.assigned' }));

    await user.selectOptions(screen.getByLabelText('Action'), 'subject:conversation');
    expect(search().get('action')).toBeNull();
    expect(search().get('subject')).toBe('conversation');
    expect(subtitle()).toHaveTextContent('Conversation activity by Ava Agent');
    await waitFor(() => expect(lastQuery()).toEqual({ limit: 25, actorId: AVA, subjectType: 'conversation' }));
  });

  it('takes custom dates, and several actions from the address', async () => {
    start('?action=customer.created,customer.deleted&period=custom&from=2026-03-01&to=2026-03-10');
    await waitFor(() => expect(subtitle()).toHaveTextContent('“Customer created” or “Customer deleted” in this workspace from Mar 1, 2026 to Mar 10, 2026'));
    await waitFor(() => expect(lastQuery()).toMatchObject({ action: 'customer.created,customer.deleted', from: '2026-03-01', to: '2026-03-10' }));
    expect(screen.getByLabelText('From')).toHaveValue('2026-03-01');
    expect(screen.getByLabelText('To')).toHaveValue('2026-03-10');
  });

  it('says when nothing matches the filters, and clears them', async () => {
    const user = userEvent.setup();
    start('?action=member.left&period=today');
    expect(await screen.findByText('No activity matches these filters')).toBeInTheDocument();
    expect(subtitle()).toHaveTextContent('“Member left” in this workspace today');
    const clears = screen.getAllByRole('button', { name: 'Clear filters' });
    await user.click(clears[clears.length - 1]!);
    expect(search().toString()).toBe('');
    expect(subtitle()).toHaveTextContent('All activity in this workspace');
    expect(await screen.findByText('#42 Tom Becker')).toBeInTheDocument();
  });
});
