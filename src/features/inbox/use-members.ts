import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { membersQueryOptions } from '@/lib/workspace';

export interface MemberOption {
  userId: string;
  name: string;
}

/** Active members (not pending invitations) by user id: assignees and the names on agents' messages. */
export function useWorkspaceMembers(wid: string) {
  const query = useInfiniteQuery(membersQueryOptions(wid));
  const members = useMemo(() => {
    const list: MemberOption[] = [];
    for (const page of query.data?.pages ?? []) {
      for (const member of page.data) {
        if (member.status === 'active' && member.userId) list.push({ userId: member.userId, name: member.name ?? member.email });
      }
    }
    return list.sort((a, b) => a.name.localeCompare(b.name));
  }, [query.data]);
  const byId = useMemo(() => new Map(members.map((m) => [m.userId, m.name])), [members]);
  return { members, byId, isPending: query.isPending, isError: query.isError };
}
