import type { InfiniteData } from '@tanstack/react-query';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation, useParams } from 'react-router';
import { toast, Toaster } from 'sonner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationDetail } from '../../contracts/conversations';
import type { Customer } from '../../contracts/customers';
import { customerKeys } from '@/features/customers/keys';
import { dashboardKeys } from '@/features/dashboard/keys';
import { inboxKeys } from '@/features/inbox/api/keys';
import { threadMessages, type ThreadPages } from '@/features/inbox/api/message-cache';
import { defineDeferredFeature, defineFeature, type DeferredFeature, type FeatureManifest } from '@/lib/feature';
import type { WorkspaceEventHandlers } from '@/lib/realtime';
import { getLastWorkspaceId, setLastWorkspaceId } from '@/lib/last-workspace';
import { accountScope } from '@/lib/query-keys';
import { announceWorkspaceEvent } from '@/lib/workspace-events';
import { workspaceKeys } from '@/lib/workspace-keys';
import { conversation, conversationDetail, customer, ids, inboxIds, message, page, workspace } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { testQueryClient } from '@/test/render';
import { loadDeferredFeatures } from './deferred-features';
import { features as allFeatures } from './features';
import { WorkspaceRealtime } from './workspace-realtime';

// The channel itself is the realtime module's business (tested there); here we capture what the shell binds.
const realtime = vi.hoisted(() => ({
  handlers: {} as WorkspaceEventHandlers,
  onSubscribed: undefined as (() => void) | undefined,
  onAccessEnded: undefined as (() => void) | undefined,
  onReconnect: undefined as (() => void) | undefined,
}));
vi.mock('@/lib/realtime', () => ({
  useWorkspaceChannel: (_wid: string, handlers: WorkspaceEventHandlers, options: { onSubscribed?: () => void; onAccessEnded?: () => void } = {}) => {
    realtime.handlers = handlers;
    realtime.onSubscribed = options.onSubscribed;
    realtime.onAccessEnded = options.onAccessEnded;
  },
  useRealtimeReconnect: (callback: () => void) => {
    realtime.onReconnect = callback;
  },
}));

const wid = ids.workspace;
const cid = inboxIds.conversation(1);

/** Where the app is: the realtime subscription is mounted for `/w/:wid` as the workspace gate mounts it. */
function Location() {
  return <output aria-label="location">{useLocation().pathname}</output>;
}
function AtWorkspace({ features }: { features?: readonly FeatureManifest[] }) {
  const { wid: current = '' } = useParams();
  return <WorkspaceRealtime workspaceId={current} {...(features ? { features } : {})} />;
}

/** Mounts the subscription; unless told not to, waits until it has the features' handlers (they load with it). */
async function setup(features?: readonly FeatureManifest[], { handlersLoaded = true } = {}) {
  const queryClient = testQueryClient();
  queryClient.setQueryData<ThreadPages>(inboxKeys.messages(wid, cid), { pages: [page([message(2), message(1)], 'older')], pageParams: [null] });
  queryClient.setQueryData<ConversationDetail>(inboxKeys.detail(wid, cid), conversationDetail(1, { notes: 'VIP' }));
  const view = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[`/w/${wid}`]}>
        <Routes>
          <Route path="/w/:wid" element={<AtWorkspace {...(features ? { features } : {})} />} />
          <Route path="*" element={null} />
        </Routes>
        <Location />
      </MemoryRouter>
      <Toaster />
    </QueryClientProvider>,
  );
  // The subscription started loading the features' deferred parts (./deferred-features.ts) as it mounted; once
  // they are in, each event applies at once.
  if (handlersLoaded) await act(() => loadDeferredFeatures(features ?? allFeatures));
  return { queryClient, unmount: view.unmount };
}

const emit = (name: string, data: unknown) => realtime.handlers[name]?.(data);
const seed = (queryClient: ReturnType<typeof testQueryClient>, key: readonly unknown[], data: unknown = { pages: [page([])], pageParams: [null] }) => {
  queryClient.setQueryData<InfiniteData<unknown> | unknown>(key, data);
  return key;
};
const invalidated = (queryClient: ReturnType<typeof testQueryClient>, key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;

beforeEach(() => {
  realtime.handlers = {};
});

describe('the workspace realtime subscription, composed from the feature manifests', () => {
  it('applies message.created to the open thread once, however often it arrives', async () => {
    const { queryClient } = await setup();
    const incoming = message(3, { content: 'Are you there?' });
    // The event carries the team's unread count; the cache keeps the caller's own, one more for this message.
    const updated = conversation(1, { unreadCount: 6, updatedAt: '2026-01-02T11:00:00.000Z' });
    emit('message.created', { message: incoming, conversation: updated });
    emit('message.created', { message: incoming, conversation: updated });

    const thread = threadMessages(queryClient.getQueryData<ThreadPages>(inboxKeys.messages(wid, cid)));
    expect(thread.map((m) => m.id)).toEqual([inboxIds.message(1), inboxIds.message(2), inboxIds.message(3)]);
    const detail = queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, cid));
    expect(detail?.unreadCount).toBe(1);
    expect(detail?.notes).toBe('VIP');
  });

  it('hands a conversation event to every feature that shows conversations', async () => {
    const { queryClient } = await setup();
    const inboxList = seed(queryClient, inboxKeys.list(wid, { status: 'open', limit: 25 }));
    const customerConversations = seed(queryClient, customerKeys.conversations(wid, inboxIds.customer));
    const resolutionSeries = seed(queryClient, dashboardKeys.seriesOf(wid, 'conversations.resolution_seconds'), []);
    const customers = seed(queryClient, customerKeys.list(wid, {}));
    emit('conversation.updated', { conversation: conversation(1, { status: 'closed', updatedAt: '2026-01-03T00:00:00.000Z' }) });

    expect(queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, cid))?.status).toBe('closed');
    expect(invalidated(queryClient, inboxList)).toBe(true);
    expect(invalidated(queryClient, customerConversations)).toBe(true);
    expect(invalidated(queryClient, resolutionSeries)).toBe(true);
    // The customers list does not show conversations.
    expect(invalidated(queryClient, customers)).toBe(false);
  });

  it('updates a renamed customer wherever it is cached, and refreshes the lists that show the name', async () => {
    const { queryClient } = await setup();
    const renamed: Customer = customer({ name: 'Maya Chen-Okafor', updatedAt: '2026-01-05T00:00:00.000Z' });
    seed(queryClient, customerKeys.detail(wid, renamed.id), customer());
    seed(queryClient, inboxKeys.customer(wid, renamed.id), customer());
    const inboxList = seed(queryClient, inboxKeys.list(wid, { status: 'open', limit: 25 }));
    const members = seed(queryClient, workspaceKeys.members(wid));
    emit('customer.updated', { customer: renamed });

    expect(queryClient.getQueryData<Customer>(customerKeys.detail(wid, renamed.id))?.name).toBe('Maya Chen-Okafor');
    expect(queryClient.getQueryData<Customer>(inboxKeys.customer(wid, renamed.id))?.name).toBe('Maya Chen-Okafor');
    expect(invalidated(queryClient, inboxList)).toBe(true);
    expect(invalidated(queryClient, members)).toBe(false);

    emit('member.updated', {
      member: {
        id: ids.other,
        userId: ids.other,
        email: 'o@example.com',
        name: 'O',
        role: 'agent',
        status: 'active',
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: null,
        emailStatus: null,
      },
    });
    expect(invalidated(queryClient, members)).toBe(true);
  });

  it('never lets an older event overwrite newer data, and ignores malformed payloads', async () => {
    const { queryClient } = await setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    emit('conversation.updated', { conversation: conversation(1, { status: 'snoozed', updatedAt: '2020-01-01T00:00:00.000Z' }) });
    emit('message.created', { message: { id: 'nope' } });
    expect(queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, cid))?.status).toBe('open');
    expect(threadMessages(queryClient.getQueryData<ThreadPages>(inboxKeys.messages(wid, cid)))).toHaveLength(2);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it("refetches every feature's workspace data after a reconnect, and only that workspace's", async () => {
    const { queryClient } = await setup();
    const customers = seed(queryClient, customerKeys.list(wid, {}));
    const elsewhere = seed(queryClient, inboxKeys.list('00000000-0000-4000-8000-0000000000bb', {}));
    realtime.onReconnect?.();
    expect(invalidated(queryClient, inboxKeys.messages(wid, cid))).toBe(true);
    expect(invalidated(queryClient, inboxKeys.detail(wid, cid))).toBe(true);
    expect(invalidated(queryClient, customers)).toBe(true);
    expect(invalidated(queryClient, elsewhere)).toBe(false);
  });

  it("passes a feature's announced write to the other features, not back to it, and only for this workspace", async () => {
    const { queryClient, unmount } = await setup();
    const customers = seed(queryClient, customerKeys.list(wid, {}));
    const inboxList = seed(queryClient, inboxKeys.list(wid, { status: 'open', limit: 25 }));
    announceWorkspaceEvent('customers', '00000000-0000-4000-8000-0000000000bb', 'customer.deleted', { id: inboxIds.customer });
    expect(invalidated(queryClient, inboxList)).toBe(false);

    announceWorkspaceEvent('customers', wid, 'customer.deleted', { id: inboxIds.customer });
    expect(invalidated(queryClient, inboxList)).toBe(true);
    expect(invalidated(queryClient, customers)).toBe(false);

    unmount();
    queryClient.setQueryData(inboxList, { pages: [page([])], pageParams: [null] });
    announceWorkspaceEvent('customers', wid, 'customer.deleted', { id: inboxIds.customer });
    expect(invalidated(queryClient, inboxList)).toBe(false);
  });

  it("keeps delivering an event to the other features when one feature's handler throws", async () => {
    const seen: string[] = [];
    const failing = defineFeature({
      id: 'failing',
      deferred: async () => ({
        default: defineDeferredFeature({
          realtime: {
            events: {
              'customer.created': () => {
                throw new Error('boom');
              },
            },
          },
        }),
      }),
    });
    const working = defineFeature({
      id: 'working',
      deferred: async () => ({ default: defineDeferredFeature({ realtime: { events: { 'customer.created': ({ customer: c }) => void seen.push(c.name) } } }) }),
    });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await setup([failing, working]);
    emit('customer.created', { customer: customer() });
    expect(seen).toEqual(['Maya Chen']);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});

describe("the features' handlers, loaded with the subscription rather than with the first page", () => {
  /** A feature whose deferred part (its handlers) finishes loading when the test says so. */
  function lateFeature(id: string, part: DeferredFeature) {
    let finish!: () => void;
    const load = vi.fn(() => new Promise<{ default: DeferredFeature }>((resolve) => (finish = () => resolve({ default: part }))));
    return { feature: defineFeature({ id, deferred: load }), load, finish: () => act(async () => finish()) };
  }

  it('applies the events that arrived before the handlers were ready, in the order they arrived', async () => {
    const seen: string[] = [];
    const names = (label: string) => (payload: { customer: { name: string } }) => void seen.push(`${label} ${payload.customer.name}`);
    const late = lateFeature('late', {
      realtime: {
        events: { 'customer.created': names('created'), 'customer.updated': names('updated'), 'customer.deleted': ({ id }) => void seen.push(`deleted ${id}`) },
      },
    });
    await setup([late.feature], { handlersLoaded: false });
    expect(late.load).toHaveBeenCalledTimes(1);

    emit('customer.created', { customer: customer({ name: 'Ada' }) });
    emit('customer.updated', { customer: customer({ name: 'Ada Lovelace' }) });
    // A write of another feature in this tab, announced between the two socket events, keeps its place.
    announceWorkspaceEvent('customers', wid, 'customer.updated', { customer: customer({ name: 'Ada King' }) });
    emit('customer.created', { customer: { id: 'not a customer' } }); // malformed: dropped on arrival, never queued
    emit('customer.deleted', { id: inboxIds.customer });
    await act(async () => {});
    expect(seen).toEqual([]);

    await late.finish();
    expect(seen).toEqual(['created Ada', 'updated Ada Lovelace', 'updated Ada King', `deleted ${inboxIds.customer}`]);

    // From then on, at once.
    emit('customer.created', { customer: customer({ name: 'Grace' }) });
    expect(seen.at(-1)).toBe('created Grace');
    expect(late.load).toHaveBeenCalledTimes(1);
  });

  it('refetches after a reconnect that came before the handlers were ready, once they are', async () => {
    const late = lateFeature('late', { realtime: { events: {}, resync: (w) => ['w', w, 'late'] } });
    const { queryClient } = await setup([late.feature], { handlersLoaded: false });
    const lateData = seed(queryClient, ['w', wid, 'late', 'list']);
    realtime.onReconnect?.();
    await act(async () => {});
    expect(invalidated(queryClient, lateData)).toBe(false);

    await late.finish();
    expect(invalidated(queryClient, lateData)).toBe(true);
  });
});

describe('when the server refuses the workspace channel (access ended)', () => {
  const elsewhere = '00000000-0000-4000-8000-0000000000cc';
  let server: MockApi;
  beforeEach(() => {
    server = mockApi();
    setLastWorkspaceId(wid);
  });
  afterEach(() => {
    server.restore();
    setLastWorkspaceId(null);
    toast.dismiss(); // the toaster's state outlives a test; a later Toaster would show these again
  });

  it('says so with the workspace name, refreshes the account and goes to a workspace the user still has', async () => {
    server.on('GET /api/workspaces', { status: 200, body: page([workspace('owner', { id: elsewhere, name: 'Own Shop' })]) });
    const { queryClient } = await setup();
    queryClient.setQueryData(workspaceKeys.detail(wid), workspace('agent'));
    queryClient.setQueryData([...accountScope, 'sessions'], page([]));

    act(() => realtime.onAccessEnded?.());
    act(() => realtime.onAccessEnded?.()); // the presence channel's refusal, or a second reconnect: handled once

    expect(await screen.findByText('Your access to Acme Coffee has ended')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(`/w/${elsewhere}`));
    expect(getLastWorkspaceId()).toBeNull();
    expect(queryClient.getQueryState([...accountScope, 'sessions'])?.isInvalidated).toBe(true);
    expect(server.requests.filter((r) => r.url === '/api/workspaces')).toHaveLength(1);
    // The old workspace's data is dropped once its pages are gone.
    await waitFor(() => expect(queryClient.getQueryData(workspaceKeys.detail(wid))).toBeUndefined());
    expect(queryClient.getQueryData(inboxKeys.detail(wid, cid))).toBeUndefined();
    expect(screen.getAllByText('Your access to Acme Coffee has ended')).toHaveLength(1);
  });

  it('goes to the home page when the user has no workspace left', async () => {
    // The list may still name the workspace just left (the removal is being processed): it is skipped.
    server.on('GET /api/workspaces', { status: 200, body: page([workspace('agent')]) });
    const { queryClient } = await setup();
    queryClient.setQueryData(workspaceKeys.detail(wid), workspace('agent'));
    act(() => realtime.onAccessEnded?.());
    await waitFor(() => expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(/^\/$/));
    expect(screen.getByText('Your access to Acme Coffee has ended')).toBeInTheDocument();
  });
});
