// `/w/:wid/<records>`: a declared resource's list. Its columns are the declaration's `list: true` fields (after
// the code), sortable where the declaration says so; the search, the filters (its `filter: true` fields and
// date ranges) and the sort live in the address, so a view can be shared and survives a reload. Pages load by
// cursor, rows are virtualised (thousands stay smooth), and rows can be selected to export or delete them
// together. The form to create one opens over the list (`?new=1`); CSV export and import come with it.
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { FileDown, Plus, Search, Trash, Upload, X } from 'lucide-react';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useUrlParams } from '../use-url-params';
import { toast } from 'sonner';
import { csvColumns, fieldsOf } from '../../../contracts/resource';
import { Button } from '@/components/button';
import { ExportCsvButton } from '@/components/export-csv-button';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { SortHeader } from '@/components/sort-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '../api-error';
import { datedFilename, saveCsv } from '../csv-file';
import { cx } from '../cx';
import { hasRole } from '../roles';
import { useDebouncedValue } from '../use-debounced-value';
import { useWorkspaceRole } from '../workspace';
import { deleteRecords, exportRecordsCsv, resourceListQueryOptions, type DeleteFailure } from './api';
import type { ResourceRecord } from './cache';
import { ComputedValue, FieldValue } from './cells';
import { enumLabel, keyLabel, titleOf, type Field } from './format';
import { RecordFormDialog } from './form';
import type { ComputedDisplay, Resource } from './meta';
import { RefPicker } from './refs';
import { apiFilters, filterFields, isFiltered, rangeNames, readView, viewParams } from './view';

const ImportRecordsDialog = lazy(async () => ({ default: (await import('./import-dialog')).ImportRecordsDialog }));

/** Every row is this tall (one line, truncated), so the virtualiser needs no measuring. */
export const ROW_HEIGHT = 40;

interface Column {
  key: string;
  label: string;
  field?: Field;
  computed?: ComputedDisplay;
  sortable: boolean;
  /** rem; none: shares what is left (the title). */
  width?: number;
  align: 'left' | 'right';
}

/** Column widths in rem by kind (the title takes what is left, at least TITLE_MIN), so a list fits the 1440 px frame. */
const WIDTHS: Partial<Record<Field['kind'], number>> = { email: 13, ref: 11, enum: 7.5, date: 7.5, money: 7.5, int: 6, phone: 9, currency: 5, text: 9 };
const TITLE_MIN = 12;
const SELECT_WIDTH = 2.5;

function columnsOf(resource: Resource): Column[] {
  const { def } = resource;
  const sortable = new Set(fieldsOf(def).flatMap((f) => (f.sortable ? [f.key] : [])));
  return [
    { key: 'code', label: 'Code', sortable: true, width: def.code.byYear ? 8 : 6.5, align: 'left' },
    ...fieldsOf(def)
      .filter((f) => f.list)
      .map((field): Column => ({
        key: field.key,
        label: field.label,
        field,
        sortable: sortable.has(field.key),
        ...(field.key === def.title ? {} : { width: WIDTHS[field.kind] ?? 10 }),
        align: field.kind === 'money' || field.kind === 'int' ? 'right' : 'left',
      })),
    ...Object.entries(resource.computed ?? {})
      .filter(([, display]) => display.list)
      .map(([key, display]): Column => ({ key, label: display.label, computed: display, sortable: false, width: 9, align: 'left' })),
  ];
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export function ResourceListPage({ resource }: { resource: Resource }) {
  const { def } = resource;
  const { wid = '' } = useParams();
  const [params, update] = useUrlParams();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const role = useWorkspaceRole(wid);
  const canWrite = hasRole(role, def.access.write);
  const canRemove = hasRole(role, def.access.remove);
  const label = def.label.toLowerCase();
  const labels = def.pluralLabel.toLowerCase();

  const view = readView(def, params);
  const query = apiFilters(def, view);
  const filtered = isFiltered(view);
  const onSort = (sort: string) => update({ sort: sort === def.defaultSort ? null : sort });

  // Typed values (search and text filters) reach the address once typing pauses.
  const typed = ['q', ...filterFields(def).flatMap((f) => (f.kind === 'text' ? [f.key] : []))];
  const [drafts, setDrafts] = useState<Record<string, string>>(() => Object.fromEntries(typed.map((k) => [k, k === 'q' ? view.q : (view.filters[k] ?? '')])));
  const settled = useDebouncedValue(drafts, 300);
  useEffect(() => {
    const changes: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(settled)) if (value.trim() !== (params.get(key) ?? '').trim()) changes[key] = value.trim() || null;
    if (Object.keys(changes).length > 0) update(changes);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the typed values once they settle
  }, [settled]);
  const clearFilters = () => {
    setDrafts(Object.fromEntries(typed.map((k) => [k, ''])));
    update(Object.fromEntries(viewParams(def).map((k) => [k, null])));
  };

  const list = useInfiniteQuery(resourceListQueryOptions(resource, wid, query));
  const records = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const columns = useMemo(() => columnsOf(resource), [resource]);

  // Selection: ids of loaded rows; a new view starts with none.
  const viewKey = JSON.stringify(query);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setSelected(new Set()), [viewKey]);
  const chosen = records.filter((r) => selected.has(r.id));
  const allChosen = records.length > 0 && chosen.length === records.length;
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const headerBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerBox.current) headerBox.current.indeterminate = chosen.length > 0 && !allChosen;
  });

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the SPA does not use the React Compiler (eslint.config.js)
  const virtualizer = useVirtualizer({ count: records.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items.at(-1)!.end : 0;

  const creating = params.get('new') === '1' && canWrite;
  const setCreating = (open: boolean) => update({ new: open ? '1' : null });
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteProgress, setDeleteProgress] = useState<number | null>(null);
  const [deleteFailures, setDeleteFailures] = useState<DeleteFailure[]>([]);

  async function exportSelected() {
    const { default: Papa } = await import('papaparse');
    const columns = csvColumns(def);
    const cell = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
    const text = Papa.unparse({ fields: columns, data: chosen.map((r) => columns.map((c) => cell(r[c]))) }, { escapeFormulae: /^[=+\-@]/, newline: '\r\n' });
    saveCsv(`${text}\r\n`, datedFilename(`${resource.path}-selected`));
  }

  async function removeChosen() {
    const targets = chosen;
    setDeleteFailures([]);
    setDeleteProgress(0);
    const failures = await deleteRecords(resource, wid, targets, queryClient, setDeleteProgress);
    setDeleteProgress(null);
    setSelected(new Set(failures.map((f) => f.record.id)));
    const removed = targets.length - failures.length;
    if (removed > 0) toast.success(`Deleted ${plural(removed, label, labels)}`);
    if (failures.length > 0) setDeleteFailures(failures);
    else setDeleting(false);
  }

  const newButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus aria-hidden className="size-4" />
      New {label}
    </Button>
  );
  const detailState = { listSearch: location.search.replace(/([?&])new=1(&|$)/, '$1').replace(/[?&]$/, '') };
  const recordPath = (id: string) => `/w/${wid}/${resource.path}/${id}`;

  return (
    <>
      <title>{`${def.pluralLabel} · Switchboard`}</title>
      <PageHeader
        title={def.pluralLabel}
        description={resource.description}
        actions={
          <div className="flex flex-wrap justify-end gap-2">
            <ExportCsvButton load={() => exportRecordsCsv(resource, wid, query)} name={resource.path} />
            {canWrite ? (
              <>
                <Button onClick={() => setImporting(true)}>
                  <Upload aria-hidden className="size-4" />
                  Import CSV
                </Button>
                {newButton}
              </>
            ) : null}
          </div>
        }
      />

      <div className="mb-3 flex flex-wrap items-end gap-2" role="search" aria-label={`Filter ${labels}`}>
        <label className="relative block w-64">
          <span className="sr-only">Search {labels}</span>
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted" />
          <input
            type="search"
            value={drafts.q ?? ''}
            onChange={(e) => setDrafts((d) => ({ ...d, q: e.target.value }))}
            placeholder={`Search ${labels}`}
            maxLength={200}
            className={cx(inputClass, 'pl-7')}
          />
        </label>
        {filterFields(def).map((field) =>
          field.kind === 'enum' ? (
            <label key={field.key} className="block w-40">
              <span className="sr-only">{field.label}</span>
              <select value={view.filters[field.key] ?? ''} onChange={(e) => update({ [field.key]: e.target.value || null })} className={inputClass}>
                <option value="">Any {field.label.toLowerCase()}</option>
                {field.values.map((v) => (
                  <option key={v} value={v}>
                    {enumLabel(v)}
                  </option>
                ))}
              </select>
            </label>
          ) : field.kind === 'ref' ? (
            <RefPicker
              key={field.key}
              wid={wid}
              target={field.to}
              value={view.filters[field.key] ?? ''}
              onChange={(id) => update({ [field.key]: id || null })}
              label={field.label}
              hideLabel
              emptyLabel={`Any ${field.label.toLowerCase()}`}
              className="w-44"
            />
          ) : (
            <label key={field.key} className="block w-40">
              <span className="sr-only">{field.label}</span>
              <input
                value={drafts[field.key] ?? ''}
                onChange={(e) => setDrafts((d) => ({ ...d, [field.key]: e.target.value }))}
                placeholder={field.label}
                maxLength={200}
                className={inputClass}
              />
            </label>
          ),
        )}
        {rangeNames(def).map((name) => (
          <label key={name} className="flex items-center gap-1.5 text-xs whitespace-nowrap text-muted">
            {keyLabel(name)}
            <input
              type="date"
              value={view.filters[name] ?? ''}
              onChange={(e) => update({ [name]: e.target.value || null })}
              className={cx(inputClass, 'w-36')}
            />
          </label>
        ))}
        {filtered ? (
          <Button size="sm" variant="ghost" onClick={clearFilters}>
            <X aria-hidden className="size-3.5" />
            Clear filters
          </Button>
        ) : null}
      </div>

      {records.length > 0 ? (
        <div className="mb-2 flex h-8 items-center gap-2 text-xs text-muted" aria-live="polite">
          {chosen.length > 0 ? (
            <>
              <span className="font-medium text-fg">{chosen.length.toLocaleString('en')} selected</span>
              <Button size="sm" onClick={exportSelected}>
                <FileDown aria-hidden className="size-3.5" />
                Export selected
              </Button>
              {canRemove ? (
                <Button
                  size="sm"
                  className="text-danger"
                  onClick={() => {
                    setDeleteFailures([]);
                    setDeleting(true);
                  }}
                >
                  <Trash aria-hidden className="size-3.5" />
                  Delete selected
                </Button>
              ) : null}
              <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
                Clear selection
              </Button>
            </>
          ) : (
            <span>
              {plural(records.length, label, labels)}
              {list.hasNextPage ? ' loaded, more below' : ''}
            </span>
          )}
        </div>
      ) : null}

      <div className="rounded-lg border border-border bg-surface">
        {list.isPending ? (
          <LoadingBlock label={`Loading ${labels}`} />
        ) : list.isError && !list.data ? (
          <StateMessage title={`Could not load ${labels}`} tone="error" action={<Button onClick={() => list.refetch()}>Try again</Button>}>
            {errorMessage(list.error)}
          </StateMessage>
        ) : records.length === 0 ? (
          filtered ? (
            <StateMessage title="No matches" action={<Button onClick={clearFilters}>Clear filters</Button>}>
              No {label} matches these filters.
            </StateMessage>
          ) : (
            <StateMessage title={`No ${labels} yet`} action={canWrite ? newButton : null}>
              {canWrite ? `Create the first ${label}, or import them from a CSV file.` : `A teammate with the ${def.access.write} role adds ${labels}.`}
            </StateMessage>
          )
        ) : (
          <div ref={scrollRef} className="max-h-[calc(100vh-15rem)] min-h-40 overflow-auto rounded-lg" data-testid="record-scroller">
            <table
              className="w-full table-fixed text-left text-sm"
              style={{ minWidth: `${columns.reduce((sum, c) => sum + (c.width ?? TITLE_MIN), SELECT_WIDTH)}rem` }}
              aria-rowcount={records.length + 1}
            >
              <caption className="sr-only">{def.pluralLabel}</caption>
              <colgroup>
                <col style={{ width: `${SELECT_WIDTH}rem` }} />
                {columns.map((c) => (
                  <col key={c.key} style={c.width ? { width: `${c.width}rem` } : undefined} />
                ))}
              </colgroup>
              <thead className="sticky top-0 z-10 border-b border-border bg-subtle text-xs text-muted">
                <tr aria-rowindex={1}>
                  <th scope="col" className="px-3 py-2">
                    <input
                      ref={headerBox}
                      type="checkbox"
                      aria-label={`Select all ${plural(records.length, 'loaded ' + label, 'loaded ' + labels)}`}
                      checked={allChosen}
                      onChange={() => setSelected(allChosen ? new Set() : new Set(records.map((r) => r.id)))}
                      className="size-4 accent-accent"
                    />
                  </th>
                  {columns.map((c) =>
                    c.sortable ? (
                      <SortHeader
                        key={c.key}
                        label={c.label}
                        field={c.key}
                        sort={view.sort}
                        onSort={onSort}
                        align={c.align}
                        firstDescending={c.field?.kind === 'date' || c.field?.kind === 'money' || c.field?.kind === 'int'}
                        className={cx(c.align === 'right' && 'text-right')}
                      />
                    ) : (
                      <th key={c.key} scope="col" className={cx('px-3 py-2 font-medium', c.align === 'right' && 'text-right')}>
                        {c.label}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {padTop > 0 ? (
                  <tr aria-hidden>
                    <td colSpan={columns.length + 1} style={{ height: padTop, padding: 0 }} />
                  </tr>
                ) : null}
                {items.map((item) => {
                  const record = records[item.index]!;
                  const title = titleOf(def, record);
                  return (
                    <tr
                      key={record.id}
                      data-testid="record-row"
                      aria-rowindex={item.index + 2}
                      aria-selected={selected.has(record.id)}
                      style={{ height: ROW_HEIGHT }}
                      className={cx('hover:bg-subtle/60', selected.has(record.id) && 'bg-accent-soft/40')}
                    >
                      <td className="px-3">
                        <input
                          type="checkbox"
                          aria-label={`Select ${title}`}
                          checked={selected.has(record.id)}
                          onChange={() => toggle(record.id)}
                          className="size-4 accent-accent"
                        />
                      </td>
                      {columns.map((c) => (
                        <td
                          key={c.key}
                          className={cx(
                            'truncate px-3',
                            c.align === 'right' && 'text-right tabular-nums',
                            c.key === 'code' && 'font-mono text-xs text-muted',
                            c.field && c.key !== def.title && c.field.kind !== 'enum' && 'text-fg/90',
                          )}
                        >
                          {c.key === 'code' ? (
                            <Link to={recordPath(record.id)} state={detailState} tabIndex={-1} className="hover:text-accent">
                              {record.code}
                            </Link>
                          ) : c.key === def.title ? (
                            <Link to={recordPath(record.id)} state={detailState} className="font-medium hover:text-accent hover:underline">
                              {title}
                            </Link>
                          ) : c.computed ? (
                            <ComputedValue display={c.computed} value={record[c.key]} />
                          ) : (
                            <FieldValue wid={wid} def={def} field={c.field!} record={record} />
                          )}
                        </td>
                      ))}
                    </tr>
                  );
                })}
                {padBottom > 0 ? (
                  <tr aria-hidden>
                    <td colSpan={columns.length + 1} style={{ height: padBottom, padding: 0 }} />
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <LoadMore list={list} />

      {canWrite ? (
        <RecordFormDialog
          resource={resource}
          wid={wid}
          open={creating}
          onOpenChange={setCreating}
          onSaved={(record) =>
            toast.success(`${def.label} ${record.code} created`, {
              action: { label: 'Open', onClick: () => navigate(recordPath(record.id), { state: detailState }) },
            })
          }
        />
      ) : null}
      {canWrite && importing ? (
        <Suspense fallback={null}>
          <ImportRecordsDialog resource={resource} wid={wid} open={importing} onOpenChange={setImporting} />
        </Suspense>
      ) : null}
      {canRemove ? (
        <ConfirmDialog
          open={deleting}
          onOpenChange={(open) => deleteProgress === null && setDeleting(open)}
          title={`Delete ${plural(chosen.length, label, labels)}?`}
          description="They are gone for good. Records other records point at are kept, and say so."
          confirmLabel={`Delete ${plural(chosen.length, label, labels)}`}
          cancelLabel={chosen.length === 1 ? `Keep ${label}` : 'Keep them'}
          pendingLabel={deleteProgress === null ? 'Deleting…' : `Deleting ${deleteProgress} of ${chosen.length}…`}
          onConfirm={removeChosen}
          pending={deleteProgress !== null}
          error={deleteFailures.length > 0 ? `${plural(deleteFailures.length, label, labels)} could not be deleted.` : null}
        >
          {deleteFailures.length > 0 ? (
            <ul className="mb-3 max-h-40 space-y-1 overflow-auto text-xs" aria-label="Not deleted">
              {deleteFailures.map((f) => (
                <li key={f.record.id}>
                  <span className="font-mono">{f.record.code}</span> {titleOf(def, f.record)}: {f.message}
                </li>
              ))}
            </ul>
          ) : (
            <ul className="mb-3 max-h-40 space-y-0.5 overflow-auto text-sm text-muted">
              {chosen.slice(0, 8).map((r: ResourceRecord) => (
                <li key={r.id} className="truncate">
                  <span className="font-mono text-xs">{r.code}</span> {titleOf(def, r)}
                </li>
              ))}
              {chosen.length > 8 ? <li>and {chosen.length - 8} more</li> : null}
            </ul>
          )}
        </ConfirmDialog>
      ) : null}
    </>
  );
}
