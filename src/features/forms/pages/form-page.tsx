// `/w/:wid/forms/new` and `/w/:wid/forms/:formId`: the form builder, the form's public link, and its
// submissions in a second tab (`?tab=submissions`). Admins edit and delete; everyone else reads.
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { toast } from 'sonner';
import type { Form } from '../../../../contracts/forms';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { formQueryOptions, useDeleteForm } from '../api';
import { FormBuilder } from '../components/form-builder';
import { PublicLink } from '../components/public-link';
import { SubmissionsTable } from '../components/submissions-table';

function BackLink({ wid }: { wid: string }) {
  return (
    <Link to={`/w/${wid}/forms`} className="mb-3 inline-flex items-center gap-1 text-xs font-medium text-muted hover:text-fg">
      <ArrowLeft aria-hidden className="size-3.5" />
      All forms
    </Link>
  );
}

export function NewFormPage() {
  const { wid = '' } = useParams();
  const navigate = useNavigate();
  const role = useWorkspaceRole(wid);
  return (
    <div className="mx-auto max-w-5xl">
      <BackLink wid={wid} />
      <h1 className="mb-5 text-lg font-semibold tracking-tight">New form</h1>
      {role && !hasRole(role, 'admin') ? (
        <StateMessage title="Only admins create forms">Ask an admin of this workspace to create it.</StateMessage>
      ) : (
        <FormBuilder
          wid={wid}
          form={null}
          readOnly={false}
          onSaved={(form) => {
            toast.success(`${form.name} created: share its public link`);
            navigate(`/w/${wid}/forms/${form.id}`, { replace: true });
          }}
        />
      )}
    </div>
  );
}

const TABS = [
  { id: 'fields', label: 'Fields' },
  { id: 'submissions', label: 'Submissions' },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function FormPage() {
  const { wid = '', formId = '' } = useParams();
  const detail = useQuery(formQueryOptions(wid, formId));
  if (detail.isPending) return <LoadingBlock label="Loading form" />;
  if (detail.isError) {
    if (detail.error.status === 404 || detail.error.code === 'validation_failed') {
      return (
        <StateMessage
          title="Form not found"
          level={1}
          action={
            <Link to={`/w/${wid}/forms`} className="font-medium text-accent hover:underline">
              Back to the forms
            </Link>
          }
        >
          It may have been deleted.
        </StateMessage>
      );
    }
    return (
      <StateMessage title="Could not load this form" tone="error" level={1} action={<Button onClick={() => detail.refetch()}>Try again</Button>}>
        {errorMessage(detail.error)}
      </StateMessage>
    );
  }
  return <LoadedForm wid={wid} form={detail.data} />;
}

function LoadedForm({ wid, form }: { wid: string; form: Form }) {
  const canWrite = hasRole(useWorkspaceRole(wid), 'admin');
  const [params, setParams] = useSearchParams();
  const tab: TabId = params.get('tab') === 'submissions' ? 'submissions' : 'fields';
  const tabsId = useId();
  const tabRefs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteForm(wid);
  const navigate = useNavigate();

  const select = (next: TabId, focus = false) => {
    setParams(next === 'fields' ? {} : { tab: next }, { replace: true });
    if (focus) tabRefs.current[next]?.focus();
  };
  const onTabKey = (event: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(TABS[(to + TABS.length) % TABS.length]!.id, true);
  };

  return (
    <div className="mx-auto max-w-5xl">
      <BackLink wid={wid} />
      <div className="mb-4 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="truncate text-lg font-semibold tracking-tight">{form.name}</h1>
          <p className="mt-0.5 text-sm text-muted">
            {form.active ? 'Active' : 'Off'} · {form.submissionCount === 1 ? '1 submission' : `${form.submissionCount} submissions`}
          </p>
        </div>
        {canWrite ? (
          <Button variant="ghost" className="text-danger" onClick={() => setDeleting(true)}>
            Delete form
          </Button>
        ) : null}
      </div>
      <div className="mb-5 rounded-lg border border-border bg-surface p-4">
        <PublicLink publicKey={form.publicKey} active={form.active} />
      </div>

      <div role="tablist" aria-label="Form" className="mb-4 flex gap-1 border-b border-border" onKeyDown={onTabKey}>
        {TABS.map(({ id, label }) => (
          <button
            key={id}
            ref={(node) => {
              tabRefs.current[id] = node;
            }}
            type="button"
            role="tab"
            id={`${tabsId}-${id}-tab`}
            aria-selected={tab === id}
            aria-controls={`${tabsId}-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => select(id)}
            className={cx(
              '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
              tab === id ? 'border-accent text-fg' : 'border-transparent text-muted hover:text-fg',
            )}
          >
            {label}
            {id === 'submissions' ? <span className="ml-1.5 rounded bg-subtle px-1.5 text-xs text-muted tabular-nums">{form.submissionCount}</span> : null}
          </button>
        ))}
      </div>
      {/* The builder stays mounted on the other tab, so unsaved edits survive a look at the submissions. */}
      <div role="tabpanel" id={`${tabsId}-fields`} aria-labelledby={`${tabsId}-fields-tab`} hidden={tab !== 'fields'}>
        <FormBuilder wid={wid} form={form} readOnly={!canWrite} onSaved={(saved) => toast.success(`${saved.name} saved`)} />
      </div>
      <div role="tabpanel" id={`${tabsId}-submissions`} aria-labelledby={`${tabsId}-submissions-tab`} hidden={tab !== 'submissions'}>
        {tab === 'submissions' ? <SubmissionsTable wid={wid} form={form} /> : null}
      </div>

      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${form.name}?`}
        description="Its submissions go with it; the conversations and orders they opened stay. Its public link stops working."
        confirmLabel="Delete form"
        cancelLabel="Keep form"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() =>
          remove.mutate(form.id, {
            onSuccess: () => {
              setDeleting(false);
              toast.success(`${form.name} deleted`);
              navigate(`/w/${wid}/forms`, { replace: true });
            },
          })
        }
      />
    </div>
  );
}
