// `/w/:wid/<records>/:id`: one record of a declared resource. Its title and code, every field (a json field with
// the display its page gives, ./field-components.ts), the computed values its page config names, edit (the
// generated form) and delete (409 in_use says what still points at it), then the panels other features put in
// its slot (`project.details`, …). "Back" returns to the list with the filters it was opened from.
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft, Pencil, Trash } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { fieldsOf } from '../../../contracts/resource';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '../api-error';
import { cx } from '../cx';
import { formatDateTime } from '../format-time';
import { hasRole } from '../roles';
import { Slot } from '../slots';
import { useWorkspaceRole } from '../workspace';
import { resourceQueryOptions, useDeleteRecord } from './api';
import { ComputedValue, EnumBadge, FieldValue } from './cells';
import { enumLabel, titleOf } from './format';
import { RecordFormDialog } from './form';
import type { Resource } from './meta';

function Item({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={cx('min-w-0', wide && 'col-span-full')}>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className={cx('mt-0.5', wide ? 'break-words whitespace-pre-wrap' : 'truncate')}>{children}</dd>
    </div>
  );
}

export function ResourceDetailPage({ resource }: { resource: Resource }) {
  const { def } = resource;
  const { wid = '', id = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const role = useWorkspaceRole(wid);
  const canWrite = hasRole(role, def.access.write);
  const canRemove = hasRole(role, def.access.remove);
  const record = useQuery(resourceQueryOptions(resource, wid, id));
  const remove = useDeleteRecord(resource, wid);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const label = def.label.toLowerCase();

  const listSearch = (location.state as { listSearch?: unknown } | null)?.listSearch;
  const listHref = `/w/${wid}/${resource.path}${typeof listSearch === 'string' ? listSearch : ''}`;
  const back = (
    <Link to={listHref} className="mb-3 inline-flex items-center gap-1 text-xs font-medium text-muted hover:text-fg">
      <ArrowLeft aria-hidden className="size-3.5" />
      {def.pluralLabel}
    </Link>
  );

  if (record.isPending) return <LoadingBlock label={`Loading ${label}`} />;
  if (record.isError && !record.data) {
    if (record.error.status === 404 || record.error.code === 'validation_failed')
      return (
        <>
          {back}
          <StateMessage title={`${def.label} not found`}>It may have been deleted.</StateMessage>
        </>
      );
    return (
      <>
        {back}
        <StateMessage title={`Could not load this ${label}`} tone="error" action={<Button onClick={() => record.refetch()}>Try again</Button>}>
          {errorMessage(record.error)}
        </StateMessage>
      </>
    );
  }

  const r = record.data;
  const title = titleOf(def, r);
  const status = def.fields.status?.kind === 'enum' && typeof r.status === 'string' ? r.status : null;
  const fields = fieldsOf(def).filter((f) => f.key !== def.title && f.key !== 'status');
  return (
    <>
      <title>{`${title} · ${def.pluralLabel} · Switchboard`}</title>
      {back}
      <div className="mb-5 flex items-end justify-between gap-4">
        <div className="min-w-0">
          <p className="font-mono text-xs text-muted">{r.code}</p>
          <div className="mt-0.5 flex items-center gap-2">
            <h1 className="truncate text-lg font-semibold tracking-tight">{title}</h1>
            {status ? <EnumBadge value={status} label={enumLabel(status)} /> : null}
          </div>
        </div>
        <div className="flex shrink-0 gap-2">
          {canWrite ? (
            <Button onClick={() => setEditing(true)}>
              <Pencil aria-hidden className="size-3.5" />
              Edit
            </Button>
          ) : null}
          {canRemove ? (
            <Button
              className="text-danger"
              onClick={() => {
                remove.reset();
                setDeleting(true);
              }}
            >
              <Trash aria-hidden className="size-3.5" />
              Delete
            </Button>
          ) : null}
        </div>
      </div>

      <Card title="Details">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-4 text-sm lg:grid-cols-3 xl:grid-cols-4">
          {fields.map((field) => {
            const View = resource.fields?.[field.key]?.view;
            if (View)
              return (
                <Item key={field.key} label={field.label} wide>
                  {r[field.key] === null || r[field.key] === undefined ? (
                    <span className="text-muted">—</span>
                  ) : (
                    <View wid={wid} field={field} value={r[field.key]} record={r} />
                  )}
                </Item>
              );
            return (
              <Item key={field.key} label={field.label} wide={field.kind === 'longText'}>
                <FieldValue wid={wid} def={def} field={field} record={r} />
              </Item>
            );
          })}
          {Object.entries(resource.computed ?? {}).map(([key, display]) => (
            <Item key={key} label={display.label}>
              <ComputedValue display={display} value={r[key]} />
            </Item>
          ))}
          <Item label="Created">{formatDateTime(r.createdAt)}</Item>
          <Item label="Updated">{formatDateTime(r.updatedAt)}</Item>
        </dl>
      </Card>

      {resource.slot && role ? (
        <div className="mt-4 space-y-4">
          <Slot name={resource.slot} props={{ wid, id: r.id, role }} />
        </div>
      ) : null}

      {canWrite ? <RecordFormDialog resource={resource} wid={wid} open={editing} onOpenChange={setEditing} record={r} /> : null}
      {canRemove ? (
        <ConfirmDialog
          open={deleting}
          onOpenChange={setDeleting}
          title={`Delete ${title}?`}
          description={`The ${label} ${r.code} is gone for good.`}
          confirmLabel={`Delete ${label}`}
          cancelLabel={`Keep ${label}`}
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : null}
          onConfirm={() =>
            remove.mutate(r.id, {
              onSuccess: () => {
                toast.success(`Deleted ${title}`);
                navigate(listHref, { replace: true });
              },
            })
          }
        />
      ) : null}
    </>
  );
}
