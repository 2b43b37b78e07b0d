// `/w/:wid`: the workspace at a glance: open, unassigned and unread conversations, and new conversations per
// day over the last two weeks. Live: realtime events refresh the figures.
import { useQuery } from '@tanstack/react-query';
import { Inbox, MailOpen, UserRoundX } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock, Spinner } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { workspaceQueryOptions } from '@/lib/workspace';
import { dashboardStatsQueryOptions, DAYS } from '../api';
import { BarChart } from '../components/bar-chart';

function StatCard({ label, value, hint, to, icon }: { label: string; value: ReactNode; hint: string; to: string; icon: ReactNode }) {
  return (
    <Link to={to} className="group block rounded-lg border border-border bg-surface p-4 transition-colors hover:border-border-strong" data-testid="stat-card">
      <div className="flex items-center justify-between text-xs font-medium text-muted">
        {label}
        <span aria-hidden className="text-muted group-hover:text-accent">
          {icon}
        </span>
      </div>
      <div className="mt-2 text-2xl font-semibold tracking-tight tabular-nums">{value}</div>
      <p className="mt-1 text-xs text-muted">{hint}</p>
    </Link>
  );
}

export function DashboardPage() {
  const { wid = '' } = useParams();
  const workspace = useQuery(workspaceQueryOptions(wid));
  const stats = useQuery(dashboardStatsQueryOptions(wid));
  const inbox = `/w/${wid}/inbox`;

  return (
    <>
      <title>Dashboard · Switchboard</title>
      <PageHeader title={workspace.data?.name ?? 'Dashboard'} description="Your inbox at a glance." />
      {stats.isPending ? (
        <LoadingBlock label="Loading figures" />
      ) : stats.isError && !stats.data ? (
        <StateMessage title="Could not load the figures" tone="error" action={<Button onClick={() => stats.refetch()}>Try again</Button>}>
          {errorMessage(stats.error)}
        </StateMessage>
      ) : (
        <div className="space-y-4">
          <div className="grid grid-cols-3 gap-4">
            <StatCard label="Open conversations" value={String(stats.data.open)} hint="Waiting on your team" to={inbox} icon={<Inbox className="size-4" />} />
            <StatCard
              label="Unassigned"
              value={String(stats.data.unassigned)}
              hint="Open, with no one on them"
              to={`${inbox}?assignee=unassigned`}
              icon={<UserRoundX className="size-4" />}
            />
            <StatCard
              label="Unread messages"
              value={String(stats.data.unread)}
              hint="Customer messages nobody has opened"
              to={inbox}
              icon={<MailOpen className="size-4" />}
            />
          </div>
          <Card title="New conversations per day" description={`The last ${DAYS} days`} actions={stats.isFetching ? <Spinner label="Refreshing" /> : null}>
            <BarChart data={stats.data.perDay} label={`New conversations per day, last ${DAYS} days`} />
          </Card>
        </div>
      )}
    </>
  );
}
