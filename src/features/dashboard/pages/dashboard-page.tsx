// `/w/:wid` (the workspace's default dashboard, its home page) and `/w/:wid/dashboards/:dashboardId`: a grid of
// widgets over the date range in the address, live (realtime events refresh the widgets of the metrics they
// change: ../deferred.ts). Members who build dashboards (agents and above) add, arrange and remove widgets and
// save the arrangement (a save over someone else's is refused, and says so); admins share the dashboard.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { MoreHorizontal, Pencil, Plus, Share2, Trash2 } from 'lucide-react';
import { lazy, Suspense, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import type { Widget } from '../../../../contracts/dashboard-grid';
import type { Dashboard } from '../../../../contracts/dashboards';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { FormError } from '@/components/form-error';
import { Menu, MenuContent, MenuItem, MenuTrigger } from '@/components/menu';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { ApiError, errorMessage } from '@/lib/api-error';
import { hasRole } from '@/lib/roles';
import { useUrlParams } from '@/lib/use-url-params';
import { workspaceQueryOptions } from '@/lib/workspace';
import { dashboardsQueryOptions, seriesQueryOptions, useCreateDashboard, useDeleteDashboard, useUpdateDashboard, widgetSeriesKeys, type Range } from '../api';
import { DashboardGrid } from '../components/dashboard-grid';
import { DashboardSwitcher, NameDialog } from '../components/dashboard-switcher';
import { DateRangePicker } from '../components/date-range-picker';
import { WidgetCard, type WidgetState } from '../components/widget-card';
import { dashboardKeys } from '../keys';
import { readingOrder } from '../layout';
import { browserTimeZone, choiceFromParams, paramsOfChoice, resolveRange } from '../range';

// Arranging and sharing load when used.
const WidgetDialog = lazy(() => import('../components/widget-dialog').then((m) => ({ default: m.WidgetDialog })));
const ShareDialog = lazy(() => import('../components/share-dialog').then((m) => ({ default: m.ShareDialog })));

/** One widget's data: its series over the range (and a KPI's previous period), as the card shows it. */
function LiveWidget({ wid, widget, range, controls }: { wid: string; widget: Widget; range: Range; controls: ReactNode }) {
  const keys = widgetSeriesKeys(widget.query, range, widget.type === 'kpi');
  const current = useQuery({ ...seriesQueryOptions(wid, keys.current), placeholderData: keepPreviousData });
  const previous = useQuery({ ...seriesQueryOptions(wid, keys.previous ?? keys.current), enabled: keys.previous !== null, placeholderData: keepPreviousData });
  let state: WidgetState;
  if (current.isError || (keys.previous && previous.isError)) {
    const failed = current.error ?? previous.error;
    state = {
      status: 'error',
      message: errorMessage(failed),
      retry: () => {
        void current.refetch();
        if (keys.previous) void previous.refetch();
      },
    };
  } else if (current.data === undefined || (keys.previous && previous.data === undefined)) state = { status: 'pending' };
  else state = { status: 'ready', data: { points: current.data, previous: keys.previous ? previous.data! : null, interval: keys.current.interval } };
  return <WidgetCard widget={widget} state={state} controls={controls} />;
}

type Dialog = { kind: 'new' } | { kind: 'rename' } | { kind: 'delete' } | { kind: 'share' } | { kind: 'widget'; widget: Widget | null } | null;

export function DashboardPage() {
  const { wid = '', dashboardId } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const workspace = useQuery(workspaceQueryOptions(wid));
  const role = workspace.data?.role;
  const canBuild = hasRole(role, 'agent');
  const canShare = hasRole(role, 'admin');
  const list = useQuery(dashboardsQueryOptions(wid));
  const [params, updateParams] = useUrlParams();

  // Whole local days: the same instants all day long, so the series' query keys stay put until midnight.
  const range = resolveRange(choiceFromParams(params));
  const tz = browserTimeZone();

  const dashboard: Dashboard | undefined = dashboardId ? list.data?.find((d) => d.id === dashboardId) : (list.data?.find((d) => d.isDefault) ?? list.data?.[0]);

  // Arranging: a draft of the widgets, and the version it started from (a save over a newer one is refused).
  const [draft, setDraft] = useState<{ dashboardId: string; widgets: Widget[]; baseUpdatedAt: string } | null>(null);
  const arranging = Boolean(canBuild && dashboard && params.get('edit') === '1');
  if (arranging && dashboard && draft?.dashboardId !== dashboard.id) {
    setDraft({ dashboardId: dashboard.id, widgets: readingOrder(dashboard.widgets), baseUpdatedAt: dashboard.updatedAt });
  }
  const [dialog, setDialog] = useState<Dialog>(null);
  const moreButton = useRef<HTMLButtonElement>(null);

  const create = useCreateDashboard(wid);
  const update = useUpdateDashboard(wid);
  const remove = useDeleteDashboard(wid);

  const stopArranging = () => {
    setDraft(null);
    update.reset();
    updateParams({ edit: null });
  };

  function save() {
    if (!dashboard || !draft) return;
    update.mutate(
      { id: dashboard.id, body: { name: dashboard.name, widgets: readingOrder(draft.widgets), updatedAt: draft.baseUpdatedAt } },
      {
        onSuccess: () => {
          toast.success(`${dashboard.name} saved`);
          stopArranging();
        },
      },
    );
  }

  function discardAndReload() {
    setDraft(null);
    update.reset();
    void queryClient.invalidateQueries({ queryKey: dashboardKeys.list(wid) });
  }

  const dashboardPath = (d: Dashboard) => (d.isDefault ? `/w/${wid}` : `/w/${wid}/dashboards/${d.id}`);
  const title = dashboard ? (dashboard.isDefault ? (workspace.data?.name ?? dashboard.name) : dashboard.name) : 'Dashboard';

  if (list.isPending) {
    return (
      <>
        <title>Dashboard · Switchboard</title>
        <PageHeader title={workspace.data?.name ?? 'Dashboard'} />
        <LoadingBlock label="Loading the dashboard" />
      </>
    );
  }
  if (list.isError) {
    return (
      <StateMessage title="Could not load the dashboards" tone="error" level={1} action={<Button onClick={() => list.refetch()}>Try again</Button>}>
        {errorMessage(list.error)}
      </StateMessage>
    );
  }
  if (!dashboard) {
    return (
      <StateMessage title="Dashboard not found" level={1} action={<Link to={`/w/${wid}`}>Go to the home dashboard</Link>}>
        It may have been deleted.
      </StateMessage>
    );
  }

  const widgets = arranging && draft ? draft.widgets : dashboard.widgets;
  const conflict = update.error instanceof ApiError && update.error.status === 409;
  const rangeProps = { from: range.from, to: range.to, tz };

  return (
    <>
      <title>{`${dashboard.isDefault ? 'Dashboard' : dashboard.name} · Switchboard`}</title>
      <PageHeader
        title={title}
        description={`${dashboard.isDefault ? `${dashboard.name}: the workspace’s home dashboard. ` : ''}${range.label}, times in ${tz}.`}
        actions={
          <div className="flex flex-wrap items-center justify-end gap-2">
            {arranging ? (
              <>
                <Button onClick={() => setDialog({ kind: 'widget', widget: null })}>
                  <Plus aria-hidden className="size-4" />
                  Add widget
                </Button>
                <Button onClick={stopArranging} disabled={update.isPending}>
                  Cancel
                </Button>
                <Button variant="primary" onClick={save} disabled={update.isPending}>
                  {update.isPending ? 'Saving…' : 'Save layout'}
                </Button>
              </>
            ) : (
              <>
                <DashboardSwitcher
                  dashboards={list.data}
                  current={dashboard}
                  onSelect={(d) => navigate({ pathname: dashboardPath(d), search: params.toString() })}
                  onCreate={canBuild ? () => setDialog({ kind: 'new' }) : undefined}
                />
                <DateRangePicker range={range} onChange={(next) => updateParams(paramsOfChoice(next))} />
                {canBuild ? (
                  <Button onClick={() => updateParams({ edit: '1' })}>
                    <Pencil aria-hidden className="size-4" />
                    Edit layout
                  </Button>
                ) : null}
                {canBuild ? (
                  <Menu>
                    <MenuTrigger asChild ref={moreButton}>
                      <Button aria-label={`More actions for ${dashboard.name}`}>
                        <MoreHorizontal aria-hidden className="size-4" />
                      </Button>
                    </MenuTrigger>
                    <MenuContent align="end">
                      <MenuItem onSelect={() => setDialog({ kind: 'rename' })}>
                        <Pencil aria-hidden className="size-4" />
                        Rename…
                      </MenuItem>
                      {canShare ? (
                        <MenuItem onSelect={() => setDialog({ kind: 'share' })}>
                          <Share2 aria-hidden className="size-4" />
                          Share…
                        </MenuItem>
                      ) : null}
                      {!dashboard.isDefault ? (
                        <MenuItem onSelect={() => setDialog({ kind: 'delete' })} className="text-danger">
                          <Trash2 aria-hidden className="size-4" />
                          Delete…
                        </MenuItem>
                      ) : null}
                    </MenuContent>
                  </Menu>
                ) : null}
              </>
            )}
          </div>
        }
      />
      {arranging ? (
        <div className="mb-3 space-y-2">
          <p className="text-sm text-muted">
            Drag a widget by its handle, or focus the handle and use the arrow keys (Shift + arrows resize); drag a widget’s corner to resize it. Save when
            done.
          </p>
          {update.error ? (
            <div className="flex flex-wrap items-center gap-2">
              <FormError message={conflict ? 'Someone saved this dashboard since you started: your changes were not saved.' : errorMessage(update.error)} />
              {conflict ? <Button onClick={discardAndReload}>Discard mine and load theirs</Button> : null}
            </div>
          ) : null}
        </div>
      ) : null}
      {widgets.length === 0 ? (
        <StateMessage
          title="No widgets yet"
          action={
            canBuild ? (
              <Button
                variant="primary"
                onClick={() => {
                  updateParams({ edit: '1' });
                  setDialog({ kind: 'widget', widget: null });
                }}
              >
                <Plus aria-hidden className="size-4" />
                Add a widget
              </Button>
            ) : null
          }
        >
          {canBuild ? 'Add KPIs, charts and tables of your metrics.' : 'Someone who builds dashboards can add KPIs, charts and tables here.'}
        </StateMessage>
      ) : (
        <DashboardGrid
          widgets={widgets}
          renderWidget={(widget, controls) => <LiveWidget wid={wid} widget={widget} range={rangeProps} controls={controls} />}
          onChange={arranging ? (next) => setDraft((d) => (d ? { ...d, widgets: next } : d)) : undefined}
          onEdit={arranging ? (widget) => setDialog({ kind: 'widget', widget }) : undefined}
        />
      )}

      <Suspense fallback={null}>
        {dialog?.kind === 'widget' && draft ? (
          <WidgetDialog
            key={dialog.widget?.id ?? 'new'}
            wid={wid}
            open
            onOpenChange={(open) => !open && setDialog(null)}
            widget={dialog.widget}
            widgets={draft.widgets}
            onSubmit={(widget) =>
              setDraft((d) =>
                d
                  ? {
                      ...d,
                      widgets: d.widgets.some((w) => w.id === widget.id) ? d.widgets.map((w) => (w.id === widget.id ? widget : w)) : [...d.widgets, widget],
                    }
                  : d,
              )
            }
          />
        ) : null}
        {dialog?.kind === 'share' ? <ShareDialog wid={wid} dashboard={dashboard} open onOpenChange={(open) => !open && setDialog(null)} /> : null}
      </Suspense>
      {dialog?.kind === 'new' ? (
        <NameDialog
          open
          onOpenChange={(open) => !open && setDialog(null)}
          title="New dashboard"
          initial=""
          submitLabel="Create"
          save={async (name) => {
            const created = await create.mutateAsync({ name, widgets: [] });
            navigate({ pathname: `/w/${wid}/dashboards/${created.id}`, search: new URLSearchParams({ ...Object.fromEntries(params), edit: '1' }).toString() });
          }}
        />
      ) : null}
      {dialog?.kind === 'rename' ? (
        <NameDialog
          open
          onOpenChange={(open) => !open && setDialog(null)}
          title={`Rename ${dashboard.name}`}
          initial={dashboard.name}
          submitLabel="Rename"
          save={(name) => update.mutateAsync({ id: dashboard.id, body: { name, widgets: dashboard.widgets, updatedAt: dashboard.updatedAt } })}
        />
      ) : null}
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        onOpenChange={(open) => !open && setDialog(null)}
        title={`Delete ${dashboard.name}?`}
        description="Its widgets go with it, and its share link stops working. The metrics stay."
        confirmLabel="Delete dashboard"
        cancelLabel="Keep dashboard"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        returnFocusTo={moreButton}
        onConfirm={() =>
          remove.mutate(dashboard.id, {
            onSuccess: () => {
              setDialog(null);
              toast.success(`${dashboard.name} deleted`);
              navigate(`/w/${wid}`);
            },
          })
        }
      />
    </>
  );
}
