import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { customer, ids, page } from '@/test/fixtures';
import { customerKeys } from '../keys';
import { customerEventHandlers } from './handlers';

const wid = ids.workspace;

function setup() {
  const queryClient = new QueryClient();
  const seed = (key: readonly unknown[]) => {
    queryClient.setQueryData(key, page([]));
    return key;
  };
  const invalidated = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated === true;
  return { queryClient, seed, invalidated };
}

describe('customerEventHandlers', () => {
  it('refetches the lists and customers a large import touched, and nothing else', () => {
    const { queryClient, seed, invalidated } = setup();
    const list = seed(customerKeys.list(wid, { status: 'active', sort: 'name' }));
    const detail = seed(customerKeys.detail(wid, customer().id));
    const conversations = seed(customerKeys.conversations(wid, customer().id));
    const projects = seed(customerKeys.projects(wid, customer().id));
    customerEventHandlers['customer.imported']!({ created: 60, updated: 4 }, { queryClient, wid });
    expect(invalidated(list)).toBe(true);
    expect(invalidated(detail)).toBe(true);
    expect(invalidated(conversations)).toBe(false);
    expect(invalidated(projects)).toBe(false);
  });

  it("refreshes customers' project lists when a project changes, or a task moves its progress", () => {
    const { queryClient, seed, invalidated } = setup();
    const projects = seed(customerKeys.projects(wid, customer().id));
    const list = seed(customerKeys.list(wid, {}));
    customerEventHandlers['project.deleted']!({ id: ids.other }, { queryClient, wid });
    expect(invalidated(projects)).toBe(true);
    expect(invalidated(list)).toBe(false);

    seed(projects);
    // The payload is not read: any task change may move a project's progress.
    customerEventHandlers['task.updated']!({ task: {} } as never, { queryClient, wid });
    expect(invalidated(projects)).toBe(true);
  });
});
