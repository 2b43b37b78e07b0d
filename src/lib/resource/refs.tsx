// References between records (a `ref` field): shown as the referenced record's title (a project's client by
// name, a task's assignee by name, a batch's creator by member name), linked to its page, and picked in forms
// and filters with a searchable combobox. Each target reads through the queries its own pages use, so a rename
// there (or its realtime event) shows here too: the first page by title serves most lookups, and a record not
// on it is fetched alone.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { useId } from 'react';
import { Link } from 'react-router';
import type { RefTarget } from '../../../contracts/resource';
import { inputClass } from '@/components/text-field';
import { call } from '../api-client';
import { cx } from '../cx';
import { cleanFilters, workspaceKeyFactory } from '../query-keys';
import { useCombobox } from '../use-combobox';
import { membersQueryOptions } from '../workspace';
import { resourceListQueryOptions, resourceQueryOptions, RESOURCE_PAGE_SIZE } from './api';
import type { ResourceSource } from './keys';

export interface RefOption {
  id: string;
  title: string;
  /** A second line: the record's code or email. */
  hint?: string | null;
}

interface RefOptions {
  options: RefOption[];
  isPending: boolean;
  isError: boolean;
  /** More records match than were loaded: typing narrows them. */
  more: boolean;
}

interface RefTitle {
  title: string | undefined;
  isPending: boolean;
  /** Not found (deleted, or not in this workspace). */
  missing: boolean;
}

interface RefSource {
  /** The referenced record's page. */
  href?: (wid: string, id: string) => string;
  useOptions: (wid: string, q: string, enabled: boolean) => RefOptions;
  useTitle: (wid: string, id: string) => RefTitle;
}

/** A declared resource as a target: its own list (sorted by title) and record queries. */
function resourceRef(source: ResourceSource, path: string, title = 'name'): RefSource {
  const toOption = (r: Record<string, unknown>): RefOption => ({ id: String(r.id), title: String(r[title] ?? r.code), hint: String(r.code) });
  function useOptions(wid: string, q: string, enabled: boolean): RefOptions {
    const list = useInfiniteQuery({ ...resourceListQueryOptions(source, wid, cleanFilters({ q, sort: title })), enabled });
    return {
      options: list.data?.pages.flatMap((p) => p.data.map(toOption)) ?? [],
      isPending: enabled && list.isPending,
      isError: list.isError,
      more: list.hasNextPage,
    };
  }
  return {
    href: (wid, id) => `/w/${wid}/${path}/${id}`,
    useOptions,
    useTitle(wid, id) {
      const directory = useOptions(wid, '', Boolean(id));
      const found = directory.options.find((o) => o.id === id);
      const one = useQuery({ ...resourceQueryOptions(source, wid, id), enabled: Boolean(id) && !directory.isPending && !found });
      return {
        title: found?.title ?? (one.data ? toOption(one.data).title : undefined),
        isPending: Boolean(id) && !found && (directory.isPending || one.isPending),
        missing: !found && one.isError,
      };
    },
  };
}

const customerKeys = workspaceKeyFactory('customers');

/** Customers (the CRM's clients): the customers pages' list and record queries. */
const customersRef: RefSource = {
  href: (wid, id) => `/w/${wid}/customers/${id}`,
  useOptions(wid, q, enabled) {
    const filters = cleanFilters({ q });
    const list = useInfiniteQuery({
      queryKey: customerKeys.list(wid, filters),
      initialPageParam: null as string | null,
      queryFn: ({ pageParam, signal }) =>
        call('customers.listCustomers', {
          params: { wid },
          query: { ...filters, limit: RESOURCE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
          signal,
        }),
      getNextPageParam: (last) => last.nextCursor,
      enabled,
    });
    return {
      options: list.data?.pages.flatMap((p) => p.data.map((c) => ({ id: c.id, title: c.name, hint: c.email ?? c.company }))) ?? [],
      isPending: enabled && list.isPending,
      isError: list.isError,
      more: list.hasNextPage,
    };
  },
  useTitle(wid, id) {
    const directory = customersRef.useOptions(wid, '', Boolean(id));
    const found = directory.options.find((o) => o.id === id);
    const one = useQuery({
      queryKey: customerKeys.detail(wid, id),
      queryFn: ({ signal }) => call('customers.getCustomer', { params: { wid, id }, signal }),
      enabled: Boolean(id) && !directory.isPending && !found,
    });
    return {
      title: found?.title ?? one.data?.name,
      isPending: Boolean(id) && !found && (directory.isPending || one.isPending),
      missing: !found && one.isError,
    };
  },
};

/** Workspace members (a `users` reference is a member's user id): the members list, searched here. */
const usersRef: RefSource = {
  useOptions(wid, q, enabled) {
    const members = useInfiniteQuery({ ...membersQueryOptions(wid), enabled });
    const needle = q.toLowerCase();
    const options =
      members.data?.pages
        .flatMap((p) => p.data)
        .flatMap((m) => (m.status === 'active' && m.userId ? [{ id: m.userId, title: m.name ?? m.email, hint: m.email }] : []))
        .filter((o) => !needle || o.title.toLowerCase().includes(needle) || o.hint.toLowerCase().includes(needle)) ?? [];
    return { options, isPending: enabled && members.isPending, isError: members.isError, more: members.hasNextPage };
  },
  useTitle(wid, id) {
    const members = usersRef.useOptions(wid, '', Boolean(id));
    const found = members.options.find((o) => o.id === id);
    return { title: found?.title, isPending: Boolean(id) && members.isPending, missing: Boolean(id) && !members.isPending && !found };
  },
};

/** Where each kind of reference reads from (contracts/resource.ts `RefTarget`). */
export const REF_SOURCES: Record<RefTarget, RefSource> = {
  customers: customersRef,
  employees: resourceRef({ domain: 'crm', name: 'employee', plural: 'employees' }, 'employees'),
  projects: resourceRef({ domain: 'crm', name: 'project', plural: 'projects' }, 'projects'),
  plants: resourceRef({ domain: 'operations', name: 'plant', plural: 'plants' }, 'plants'),
  materials: resourceRef({ domain: 'operations', name: 'material', plural: 'materials' }, 'materials'),
  users: usersRef,
};

/** A reference as the referenced record's title, linked to its page. */
export function RefValue({ wid, target, id, link = true }: { wid: string; target: RefTarget; id: string; link?: boolean }) {
  const source = REF_SOURCES[target];
  const { title, isPending, missing } = source.useTitle(wid, id);
  if (isPending) return <span className="text-muted">…</span>;
  if (missing || !title) return <span className="text-muted italic">Unknown</span>;
  if (!link || !source.href) return <>{title}</>;
  return (
    <Link to={source.href(wid, id)} className="hover:text-accent hover:underline">
      {title}
    </Link>
  );
}

/**
 * Picks a referenced record: a combobox that lists the target's records by title and searches as you type
 * (on the server for records, among members for users). `emptyLabel` is the choice of none (a filter's "Any
 * client", a form's "No client"); required fields offer no empty choice.
 */
export function RefPicker({
  wid,
  target,
  value,
  onChange,
  label,
  hideLabel = false,
  emptyLabel,
  required = false,
  error,
  hint,
  className,
}: {
  wid: string;
  target: RefTarget;
  value: string;
  onChange: (id: string) => void;
  label: string;
  hideLabel?: boolean;
  emptyLabel: string;
  required?: boolean;
  error?: string | undefined;
  /** One line of help under the field. */
  hint?: string | undefined;
  className?: string;
}) {
  const source = REF_SOURCES[target];
  const ids = useId();
  const combobox = useCombobox(ids);
  const { open, text, q, active, listId } = combobox;
  const { options, isPending, isError, more } = source.useOptions(wid, open ? q : '', open);
  const current = source.useTitle(wid, value);
  const choices: RefOption[] = [...(required || q ? [] : [{ id: '', title: emptyLabel }]), ...options];

  function choose(option: RefOption | undefined) {
    if (!option) return;
    onChange(option.id);
    combobox.close();
  }
  const bound = combobox.bind(choices, choose);

  const shown = open ? text : value ? (current.title ?? (current.missing ? 'Unknown' : '…')) : '';
  const describedBy = [hint ? `${ids}-hint` : null, error ? `${ids}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cx('relative', !hideLabel && 'space-y-1', className)}>
      <label htmlFor={ids} className={cx('block text-xs font-medium text-fg', hideLabel && 'sr-only')}>
        {label}
        {required && !hideLabel ? (
          <span aria-hidden className="text-danger">
            {' '}
            *
          </span>
        ) : null}
      </label>
      <input
        id={ids}
        {...bound.input}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy}
        value={shown}
        placeholder={emptyLabel}
        className={cx(inputClass, 'pr-7')}
      />
      {value && !required && !open ? (
        <button
          type="button"
          aria-label={`Clear ${label.toLowerCase()}`}
          onClick={() => onChange('')}
          className={cx('absolute right-1 rounded p-1 text-muted hover:bg-subtle hover:text-fg', hideLabel ? 'top-[5px]' : 'top-[25px]')}
        >
          <X aria-hidden className="size-3.5" />
        </button>
      ) : null}
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label={label}
          className="absolute z-30 mt-1 max-h-64 w-full min-w-56 overflow-auto rounded-md border border-border bg-surface py-1 text-sm shadow-lg"
        >
          {choices.map((option, index) => (
            <li
              key={option.id || '(none)'}
              {...bound.option(index, option)}
              aria-selected={option.id === value}
              className={cx('cursor-pointer px-2.5 py-1.5', index === active && 'bg-subtle', option.id === '' && 'text-muted')}
            >
              <span className="block truncate">{option.title}</span>
              {option.hint ? <span className="block truncate text-xs text-muted">{option.hint}</span> : null}
            </li>
          ))}
          {isPending ? <li className="px-2.5 py-1.5 text-xs text-muted">Loading…</li> : null}
          {isError ? <li className="px-2.5 py-1.5 text-xs text-danger">Could not load the choices.</li> : null}
          {!isPending && !isError && options.length === 0 ? <li className="px-2.5 py-1.5 text-xs text-muted">{q ? 'No matches' : 'None yet'}</li> : null}
          {more ? <li className="px-2.5 py-1.5 text-xs text-muted">Type to search for more</li> : null}
        </ul>
      ) : null}
      {hint ? (
        <p id={`${ids}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${ids}-error`} className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
