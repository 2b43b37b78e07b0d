// The service's state in words a user understands, from GET /api/health ("All systems operational"); the
// raw status is on `data-status` for the smoke tests.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Health } from '../../contracts/system';
import { call } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { systemScope } from '@/lib/query-keys';

const healthQueryOptions = () =>
  queryOptions({
    queryKey: [...systemScope, 'health'] as const,
    queryFn: async ({ signal }) => {
      try {
        return await call('system.health', { signal });
      } catch (error) {
        // 503 still carries the health body (`status: "degraded"`); anything else means unreachable.
        if (error instanceof ApiError && error.status === 503) return { status: 'degraded', db: 'unavailable', realtime: 'off', version: '' } satisfies Health;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });

export function HealthStatus() {
  const { data, isPending, isError } = useQuery(healthQueryOptions());
  const status = isPending ? 'checking' : isError ? 'unreachable' : data.status;
  const text = isPending
    ? 'Checking the service…'
    : isError
      ? 'Switchboard cannot be reached right now'
      : data.status !== 'ok'
        ? 'Some services are unavailable right now'
        : data.realtime === 'off'
          ? 'Operational (live updates are off)'
          : 'All systems operational';
  const tone = !isPending && (isError || data.status !== 'ok') ? 'bg-danger' : isPending ? 'bg-border-strong' : 'bg-success';
  return (
    <p data-testid="health-status" data-status={status} className="inline-flex items-center gap-1.5 text-xs text-muted" aria-live="polite">
      <span aria-hidden className={`inline-block size-1.5 rounded-full ${tone}`} />
      {text}
    </p>
  );
}
