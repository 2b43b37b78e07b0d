import { useQuery } from '@tanstack/react-query';
import { useMatch } from 'react-router';
import { getLastWorkspaceId } from '@/lib/last-workspace';
import { workspaceListQueryOptions } from '@/lib/workspace';

/**
 * The workspace in the URL; outside /w/… (e.g. account settings) the last one opened, if the user still
 * belongs to it, so the sidebar and switcher keep their context.
 */
export function useCurrentWorkspaceId(): string | null {
  const fromUrl = useMatch('/w/:wid/*')?.params.wid ?? null;
  const list = useQuery({ ...workspaceListQueryOptions(), enabled: fromUrl === null });
  if (fromUrl) return fromUrl;
  const last = getLastWorkspaceId();
  return list.data?.data.some((w) => w.id === last) ? last : null;
}
