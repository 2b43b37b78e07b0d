// The public page's one call (API.md "Analytics, services and the API platform"): a shared dashboard with its data,
// by the link's token. No sign-in; kept apart from the workspace's calls so the public page's chunk stays small.
import { queryOptions } from '@tanstack/react-query';
import { call } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';

export const sharedDashboardQueryOptions = (token: string, range: { from: string; to: string; tz: string }) =>
  queryOptions({
    queryKey: ['public', 'dashboards', token, range] as const,
    queryFn: ({ signal }) => call('public-dashboards.getSharedDashboard', { params: { token }, query: range, signal }),
    // A link that is not one (404) or was revoked (410) stays so: no retry.
    retry: (failures, error) => !(error instanceof ApiError && (error.status === 404 || error.status === 410)) && failures < 2,
    // Nobody's socket tells an anonymous page of new data: it looks again every five minutes.
    refetchInterval: 5 * 60_000,
    staleTime: 60_000,
  });
