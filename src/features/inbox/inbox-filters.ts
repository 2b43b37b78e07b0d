// The inbox's filters live in the URL (?status=&assignee=&channel=&unread=&q=), so a reload, a shared link and the
// back button keep them.
import { CHANNELS, CONVERSATION_STATUSES, type Channel, type ConversationStatus } from '../../../contracts/conversations';
import type { ViewFilters } from '../../../contracts/saved-views';
import type { ConversationFilters } from './api/keys';

export const ASSIGNEE_VIEWS = ['mine', 'unassigned', 'all'] as const;
export type AssigneeView = (typeof ASSIGNEE_VIEWS)[number];

export interface InboxFilters {
  status: ConversationStatus;
  assignee: AssigneeView;
  channel: Channel | null;
  /** Only conversations with customer messages the user has not read. */
  unread: boolean;
  q: string;
}

const isOneOf = <T extends string>(values: readonly T[], value: string | null): value is T => value !== null && values.includes(value as T);

export function readInboxFilters(params: URLSearchParams): InboxFilters {
  const status = params.get('status');
  const assignee = params.get('assignee');
  const channel = params.get('channel');
  return {
    status: isOneOf(CONVERSATION_STATUSES, status) ? status : 'open',
    assignee: isOneOf(ASSIGNEE_VIEWS, assignee) ? assignee : 'all',
    channel: isOneOf(CHANNELS, channel) ? channel : null,
    unread: params.get('unread') === 'true',
    q: params.get('q')?.slice(0, 200) ?? '',
  };
}

/** The URL form of the filters; defaults are left out so the plain /inbox URL is the default view. */
export function writeInboxFilters(filters: InboxFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== 'open') params.set('status', filters.status);
  if (filters.assignee !== 'all') params.set('assignee', filters.assignee);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.unread) params.set('unread', 'true');
  if (filters.q.trim()) params.set('q', filters.q.trim());
  return params;
}

/** A search looks through every status (the status tabs step aside while there is text in the box). */
export function toApiFilters(filters: InboxFilters): ConversationFilters {
  const q = filters.q.trim();
  return {
    ...(q ? {} : { status: filters.status }),
    ...(filters.assignee === 'mine' ? { assigneeId: 'me' as const } : filters.assignee === 'unassigned' ? { assigneeId: 'none' as const } : {}),
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.unread ? { unread: 'true' as const } : {}),
    ...(q ? { q } : {}),
  };
}

/** The filters as a saved view keeps them (the API's names); defaults are left out. */
export function toViewFilters(filters: InboxFilters): ViewFilters {
  return {
    ...(filters.status !== 'open' ? { status: filters.status } : {}),
    ...(filters.assignee === 'mine' ? { assigneeId: 'me' as const } : filters.assignee === 'unassigned' ? { assigneeId: 'none' as const } : {}),
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.unread ? { unread: true } : {}),
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
  };
}

/** A saved view's filters as the inbox shows them (an assignee other than me or none, and a tag, are not inbox filters). */
export function fromViewFilters(view: ViewFilters): InboxFilters {
  return {
    status: view.status ?? 'open',
    assignee: view.assigneeId === 'me' ? 'mine' : view.assigneeId === 'none' ? 'unassigned' : 'all',
    channel: view.channel ?? null,
    unread: view.unread ?? false,
    q: view.q ?? '',
  };
}

export const sameFilters = (a: InboxFilters, b: InboxFilters) => writeInboxFilters(a).toString() === writeInboxFilters(b).toString();
