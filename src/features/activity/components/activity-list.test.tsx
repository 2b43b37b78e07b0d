import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../../../contracts/workspaces';
import { sessionStore } from '@/lib/session-store';
import { auth, ids } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { ActivityList } from './activity-list';

let server: MockApi;
beforeEach(() => {
  server = mockApi();
  sessionStore.signIn(auth());
});
afterEach(() => server.restore());

const url = `/api/workspaces/${ids.workspace}/activity`;
const entry = (n: number, name: string): Activity => ({
  id: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
  actor: { id: ids.me, name: 'Adam Admin' },
  action: 'member.added',
  subjectType: 'member',
  subjectId: ids.other,
  metadata: { name, role: 'agent' },
  summary: `Adam Admin added ${name} as agent`,
  link: null,
  createdAt: new Date(Date.now() - n * 60_000).toISOString(),
});

describe('ActivityList', () => {
  it('shows the newest page, then the next one with "Load more" and the cursor', async () => {
    server.on(`GET ${url}`, (req) =>
      req.params.cursor === 'page-2'
        ? { status: 200, body: { data: [entry(3, 'Cleo')], nextCursor: null } }
        : { status: 200, body: { data: [entry(1, 'Ava'), entry(2, 'Ben')], nextCursor: 'page-2' } },
    );
    renderRoute(<ActivityList filters={{ wid: ids.workspace }} />);

    expect(await screen.findByText('Adam Admin added Ava as agent')).toBeInTheDocument();
    expect(screen.getByText('Adam Admin added Ben as agent')).toBeInTheDocument();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByText('Adam Admin added Cleo as agent')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('button', { name: /Load more|Loading/ })).not.toBeInTheDocument());
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringContaining('Ava'),
      expect.stringContaining('Ben'),
      expect.stringContaining('Cleo'),
    ]);
  });

  it('explains a 403 instead of showing an error', async () => {
    server.on(`GET ${url}`, { status: 403, body: errorBody('forbidden', 'Your role does not allow this') });
    renderRoute(<ActivityList filters={{ wid: ids.workspace }} />);
    expect(await screen.findByText('Only admins and owners can see the activity log')).toBeInTheDocument();
  });

  it('has an empty state', async () => {
    server.on(`GET ${url}`, { status: 200, body: { data: [], nextCursor: null } });
    renderRoute(<ActivityList filters={{ wid: ids.workspace }} />);
    expect(await screen.findByText('No activity yet')).toBeInTheDocument();
  });
});
