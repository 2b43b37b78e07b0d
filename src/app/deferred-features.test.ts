import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineDeferredFeature, defineFeature, type DeferredFeature, type FeatureManifest } from '@/lib/feature';
import { customer, ids } from '@/test/fixtures';
import { commandHref, commandsFor, createWorkspaceEventDispatcher, loadCommands, loadDeferredFeatures, type LoadedFeature } from './deferred-features';

const wid = ids.workspace;

/** A deferred part whose module load the test finishes (or fails) when it chooses. */
function controlledLoad(part: DeferredFeature) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const load = vi.fn(
    () =>
      new Promise<{ default: DeferredFeature }>((resolve, reject) => {
        finish = () => resolve({ default: part });
        fail = reject;
      }),
  );
  return { load, finish: async () => finish(), fail: async (error: Error) => fail(error) };
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.restoreAllMocks());

describe('palette actions', () => {
  const sample: LoadedFeature[] = [
    {
      id: 'one',
      commands: [
        { id: 'one.go', label: 'Go', scope: 'workspace', href: ({ wid }) => `/w/${wid}/one` },
        { id: 'one.admin', label: 'Admin', scope: 'workspace', minRole: 'admin', href: ({ wid }) => `/w/${wid}/admin` },
      ],
    },
    { id: 'two', commands: [{ id: 'two.run', label: 'Run', scope: 'app', run: () => {} }] },
  ];

  it('offers workspace actions only inside a workspace and for the role, with the workspace in their links', () => {
    expect(commandsFor(sample, { wid: null, role: undefined }).map((c) => c.id)).toEqual(['two.run']);
    expect(commandsFor(sample, { wid: 'w1', role: 'viewer' }).map((c) => c.id)).toEqual(['one.go', 'two.run']);
    const admin = commandsFor(sample, { wid: 'w1', role: 'owner' });
    expect(admin.map((c) => c.id)).toEqual(['one.go', 'one.admin', 'two.run']);
    expect(admin.map((c) => commandHref(c, 'w1'))).toEqual(['/w/w1/one', '/w/w1/admin', null]);
  });

  it('load with the palette: once on its first opening, again only after a failed load', async () => {
    const part = defineDeferredFeature({ commands: [{ id: 'late.go', label: 'Go', scope: 'app', href: '/late' }] });
    const load = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue({ default: part });
    const features = [defineFeature({ id: 'late', deferred: load }), defineFeature({ id: 'plain' })];
    expect(load).not.toHaveBeenCalled();

    await expect(loadCommands(features, { wid: null, role: undefined })).rejects.toThrow('offline');
    expect((await loadCommands(features, { wid: null, role: undefined })).map((c) => c.id)).toEqual(['late.go']);
    expect((await loadCommands(features, { wid: 'w1', role: 'viewer' })).map((c) => c.id)).toEqual(['late.go']);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("keeps the features' order and ids, whether or not a feature has a deferred part", async () => {
    const features: FeatureManifest[] = [defineFeature({ id: 'a' }), defineFeature({ id: 'b', deferred: async () => ({ default: {} }) })];
    expect(await loadDeferredFeatures(features)).toEqual([{ id: 'a' }, { id: 'b' }]);
  });
});

describe('the workspace event dispatcher', () => {
  function setup() {
    const seen: string[] = [];
    const record = (label: string) => (payload: { customer: { name: string } }) => void seen.push(`${label}:${payload.customer.name}`);
    const handlers = controlledLoad({
      realtime: { events: { 'customer.created': record('one'), 'customer.updated': record('one') }, resync: (w) => ['w', w, 'one'] },
    });
    const features = [
      defineFeature({ id: 'one', deferred: handlers.load }),
      defineFeature({ id: 'two', deferred: async () => ({ default: { realtime: { events: { 'customer.created': record('two') } } } }) }),
    ];
    const queryClient = new QueryClient();
    queryClient.setQueryData(['w', wid, 'one', 'list'], []);
    const dispatcher = createWorkspaceEventDispatcher(features, { queryClient, wid });
    const resynced = () => queryClient.getQueryState(['w', wid, 'one', 'list'])?.isInvalidated === true;
    return { seen, handlers, dispatcher, resynced, queryClient };
  }

  it('starts loading the handlers at once, and applies what arrived meanwhile in arrival order when they are ready', async () => {
    const { seen, handlers, dispatcher } = setup();
    expect(handlers.load).toHaveBeenCalledTimes(1);
    dispatcher.dispatch('customer.created', { customer: customer({ name: 'First' }) });
    dispatcher.dispatch('customer.updated', { customer: customer({ name: 'Second' }) });
    // An announced write of feature two: the other features only.
    dispatcher.dispatch('customer.created', { customer: customer({ name: 'Third' }) }, 'two');
    await settle();
    expect(seen).toEqual([]);

    await handlers.finish();
    await settle();
    expect(seen).toEqual(['one:First', 'two:First', 'one:Second', 'one:Third']);

    // Once ready, an event applies at once.
    dispatcher.dispatch('customer.created', { customer: customer({ name: 'Fourth' }) });
    expect(seen.slice(4)).toEqual(['one:Fourth', 'two:Fourth']);
    expect(handlers.load).toHaveBeenCalledTimes(1);
  });

  it('runs a resync asked for meanwhile in its place among the events', async () => {
    const { seen, handlers, dispatcher, resynced, queryClient } = setup();
    const order: string[] = [];
    queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'invalidate') order.push(`resync after ${seen.length} events`);
    });
    dispatcher.dispatch('customer.created', { customer: customer({ name: 'First' }) });
    dispatcher.resync();
    dispatcher.dispatch('customer.updated', { customer: customer({ name: 'Second' }) });
    expect(resynced()).toBe(false);

    await handlers.finish();
    await settle();
    expect(resynced()).toBe(true);
    expect(order).toEqual(['resync after 2 events']);
    expect(seen).toEqual(['one:First', 'two:First', 'one:Second']);
  });

  it('drops what waited when the handlers fail to load, and resyncs before the next event once they load', async () => {
    const { seen, handlers, dispatcher, resynced } = setup();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    dispatcher.dispatch('customer.created', { customer: customer({ name: 'Lost' }) });
    await handlers.fail(new Error('offline'));
    await settle();
    expect(error).toHaveBeenCalled();
    expect(seen).toEqual([]);
    expect(resynced()).toBe(false);

    // The next event loads them again; the lost event's data is refetched, and the new event applied.
    dispatcher.dispatch('customer.updated', { customer: customer({ name: 'Next' }) });
    expect(handlers.load).toHaveBeenCalledTimes(2);
    await handlers.finish();
    await settle();
    expect(resynced()).toBe(true);
    expect(seen).toEqual(['one:Next']);
  });

  it('applies nothing once closed (the workspace was left), even what was waiting', async () => {
    const { seen, handlers, dispatcher, resynced } = setup();
    dispatcher.dispatch('customer.created', { customer: customer({ name: 'Waiting' }) });
    dispatcher.resync();
    dispatcher.close();
    await handlers.finish();
    await settle();
    dispatcher.dispatch('customer.created', { customer: customer({ name: 'Late' }) });
    expect(seen).toEqual([]);
    expect(resynced()).toBe(false);
  });
});
