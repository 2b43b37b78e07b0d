// The command palette (⌘K / Ctrl+K, or the top bar's search button): one text field over a list of the
// navigation's pages, the workspace's customers and conversations that match the text (searched through the
// list endpoints as typing pauses), and actions (the features' own, switching theme or workspace, the keyboard
// shortcuts). ARIA combobox with a listbox: arrows move, Enter chooses, Escape closes, and focus goes back to
// where it was. Loaded on its first opening (src/app/global-overlays.tsx).
import * as RadixDialog from '@radix-ui/react-dialog';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Role } from '../../../contracts/roles';
import { call } from '@/lib/api-client';
import type { CommandAction, CommandContext } from '@/lib/feature';
import { cx } from '@/lib/cx';
import { hasRole } from '@/lib/roles';
import { currentOverlay, openShortcuts, overlayOpener } from '@/lib/overlays';
import { setTheme, THEME_CHOICES, THEME_LABELS, useTheme } from '@/lib/theme';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { workspaceListQueryOptions, workspaceQueryOptions } from '@/lib/workspace';
import { workspaceScope } from '@/lib/query-keys';
import { loadCommands } from '../deferred-features';
import { features } from '../features';
import { commandItems, pageItems, paletteList, PALETTE_GROUPS, type PaletteItem } from './items';

/** How many customers and conversations the search shows of each. */
const SEARCH_LIMIT = 5;
/** Typed text shorter than this is matched against pages and actions only. */
const MIN_SEARCH = 2;

function useFeatureCommands(wid: string | null, role: Role | undefined): CommandAction[] {
  const [commands, setCommands] = useState<CommandAction[]>([]);
  useEffect(() => {
    let live = true;
    loadCommands(features, { wid, role }).then(
      (loaded) => live && setCommands(loaded),
      (error: unknown) => console.error('Could not load the palette’s actions', error),
    );
    return () => {
      live = false;
    };
  }, [wid, role]);
  return commands;
}

/** Customers and conversations matching the text, in the workspace (none outside one or for short text). */
function useSearch(wid: string | null, q: string, canStart: boolean): { items: PaletteItem[]; searching: boolean } {
  const enabled = wid !== null && q.length >= MIN_SEARCH;
  // Under each domain's key, so the domain's invalidations (its realtime events) refresh these too.
  const customers = useQuery({
    queryKey: [...workspaceScope(wid ?? ''), 'customers', 'palette', q],
    queryFn: ({ signal }) => call('customers.listCustomers', { params: { wid: wid! }, query: { q, limit: SEARCH_LIMIT }, signal }),
    enabled,
    staleTime: 30_000,
  });
  const conversations = useQuery({
    queryKey: [...workspaceScope(wid ?? ''), 'inbox', 'palette', q],
    queryFn: ({ signal }) => call('inbox.listConversations', { params: { wid: wid! }, query: { q, limit: SEARCH_LIMIT }, signal }),
    enabled,
    staleTime: 30_000,
  });
  const items = useMemo(() => {
    if (!enabled || !wid) return [];
    const found: PaletteItem[] = [];
    for (const c of customers.data?.data ?? []) {
      found.push({
        id: `customer:${c.id}`,
        group: 'Customers',
        label: c.name,
        detail: [c.email, c.company].filter(Boolean).join(' · ') || undefined,
        href: `/w/${wid}/customers/${c.id}`,
      });
    }
    for (const c of conversations.data?.data ?? []) {
      found.push({
        id: `conversation:${c.id}`,
        group: 'Conversations',
        label: `#${c.number} ${c.subject ?? c.customer.name}`,
        detail: c.subject ? c.customer.name : undefined,
        href: `/w/${wid}/inbox/${c.id}`,
      });
    }
    // The best-matching customer can be written to at once (their page opens the new conversation dialog).
    const first = customers.data?.data[0];
    if (first && canStart) {
      found.push({
        id: `new-conversation:${first.id}`,
        group: 'Actions',
        label: `New conversation with ${first.name}`,
        keywords: ['start', 'write', 'message'],
        href: `/w/${wid}/customers/${first.id}?new=conversation`,
      });
    }
    return found;
  }, [enabled, wid, customers.data, conversations.data, canStart]);
  return { items, searching: enabled && (customers.isFetching || conversations.isFetching) };
}

/** The shell's own actions: theme, keyboard shortcuts, the other workspaces. */
function useShellActions(wid: string | null): PaletteItem[] {
  const theme = useTheme();
  const workspaces = useQuery(workspaceListQueryOptions());
  return useMemo(() => {
    const items: PaletteItem[] = THEME_CHOICES.filter((choice) => choice !== theme).map((choice) => ({
      id: `theme:${choice}`,
      group: 'Actions',
      label: `Switch theme: ${THEME_LABELS[choice].toLowerCase()}`,
      keywords: ['appearance', 'colour', 'color', 'mode', choice === 'system' ? 'auto' : `${choice} mode`],
      run: () => setTheme(choice),
    }));
    items.push({ id: 'shortcuts', group: 'Actions', label: 'Open keyboard shortcuts', keywords: ['keys', 'help', 'hotkeys'], run: () => openShortcuts() });
    for (const w of workspaces.data?.data ?? []) {
      if (w.id === wid) continue;
      items.push({ id: `workspace:${w.id}`, group: 'Actions', label: `Switch workspace to ${w.name}`, keywords: ['workspace'], href: `/w/${w.id}` });
    }
    return items;
  }, [theme, workspaces.data, wid]);
}

export interface CommandPaletteProps {
  wid: string | null;
  onClose: () => void;
}

export function CommandPalette({ wid, onClose }: CommandPaletteProps) {
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const role = useQuery({ ...workspaceQueryOptions(wid ?? ''), enabled: wid !== null }).data?.role;
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 200);
  const [activeId, setActiveId] = useState<string | null>(null);
  // Set when the chosen item took the user elsewhere: the new page places focus, not the palette.
  const navigated = useRef(false);

  const commands = useFeatureCommands(wid, role);
  const shell = useShellActions(wid);
  const search = useSearch(wid, q, hasRole(role, 'agent'));
  const local = useMemo(() => [...pageItems(features, wid, role), ...commandItems(commands, wid), ...shell], [wid, role, commands, shell]);
  const items = useMemo(() => paletteList(local, search.items, text), [local, search.items, text]);
  const activeIndex = Math.max(
    0,
    items.findIndex((item) => item.id === activeId),
  );
  const active = items[activeIndex];
  const optionId = (item: PaletteItem) => `${id}-option-${item.id.replace(/[^\w-]/g, '_')}`;
  const listId = `${id}-list`;

  useEffect(() => {
    if (active) document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
    // optionId depends only on the stable useId.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active?.id]);

  const choose = (item: PaletteItem | undefined) => {
    if (!item) return;
    if (item.href !== undefined) {
      navigated.current = true;
      onClose();
      navigate(item.href);
      return;
    }
    const context: CommandContext = { wid, role, queryClient, navigate: (to) => navigate(to) };
    let running: unknown;
    try {
      running = item.run?.(context);
    } catch (error) {
      running = Promise.reject(error);
    }
    void Promise.resolve(running).catch((error: unknown) => console.error(`The action “${item.label}” failed`, error));
    // An action that opened another overlay (the keyboard shortcuts) has replaced the palette already.
    if (currentOverlay() === 'palette') onClose();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const move = (index: number) => {
      event.preventDefault();
      const item = items[(index + items.length) % items.length];
      if (item) setActiveId(item.id);
    };
    if (event.key === 'ArrowDown') move(activeIndex + 1);
    else if (event.key === 'ArrowUp') move(activeIndex - 1);
    else if (event.key === 'Home' && event.ctrlKey) move(0);
    else if (event.key === 'End' && event.ctrlKey) move(items.length - 1);
    else if (event.key === 'PageDown') move(Math.min(items.length - 1, activeIndex + 5));
    else if (event.key === 'PageUp') move(Math.max(0, activeIndex - 5));
    else if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault();
      choose(active);
    }
  };

  const status =
    items.length > 0
      ? `${items.length} ${items.length === 1 ? 'result' : 'results'}`
      : search.searching || q !== text.trim()
        ? 'Searching…'
        : `Nothing matches “${text.trim()}”`;

  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <RadixDialog.Content
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            // Another overlay took over (it gives focus back when it closes), or a new page places it.
            if (!navigated.current && currentOverlay() === null) overlayOpener()?.focus();
          }}
          className="fixed top-[8vh] left-1/2 z-50 flex max-h-[80dvh] w-[min(36rem,calc(100vw-1rem))] -translate-x-1/2 flex-col overflow-hidden rounded-lg border border-border bg-surface text-fg shadow-xl"
        >
          <RadixDialog.Title className="sr-only">Search or run a command</RadixDialog.Title>
          <div className="flex items-center gap-2 border-b border-border px-3">
            <Search aria-hidden className="size-4 shrink-0 text-muted" />
            <input
              role="combobox"
              aria-label="Search or run a command"
              aria-expanded={items.length > 0}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={active ? optionId(active) : undefined}
              autoComplete="off"
              spellCheck={false}
              placeholder={wid ? 'Search customers, conversations, pages or actions…' : 'Search pages or actions…'}
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setActiveId(null);
              }}
              onKeyDown={onKeyDown}
              className="h-12 min-w-0 flex-1 bg-transparent text-base outline-none placeholder:text-muted sm:text-sm"
            />
            <kbd className="rounded border border-border px-1.5 py-0.5 text-[11px] text-muted max-sm:hidden">Esc</kbd>
          </div>
          {items.length > 0 ? (
            <div role="listbox" id={listId} aria-label="Results" className="min-h-0 flex-1 overflow-y-auto p-1.5">
              {PALETTE_GROUPS.map((group) => {
                const inGroup = items.filter((item) => item.group === group);
                if (inGroup.length === 0) return null;
                const headingId = `${id}-group-${group}`;
                return (
                  <div key={group} role="group" aria-labelledby={headingId} className="mb-1 last:mb-0">
                    <div role="presentation" id={headingId} className="px-2 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">
                      {group}
                    </div>
                    {inGroup.map((item) => (
                      <div
                        key={item.id}
                        id={optionId(item)}
                        role="option"
                        aria-selected={item.id === active?.id}
                        onMouseDown={(event) => event.preventDefault()}
                        onMouseMove={() => item.id !== active?.id && setActiveId(item.id)}
                        onClick={() => choose(item)}
                        className={cx(
                          'flex cursor-pointer items-baseline gap-2 rounded-md px-2 py-2 text-sm',
                          item.id === active?.id ? 'bg-accent-soft text-accent-soft-fg' : 'text-fg',
                        )}
                      >
                        <span className="min-w-0 truncate">{item.label}</span>
                        {item.detail ? <span className={cx('min-w-0 truncate text-xs', item.id === active?.id ? '' : 'text-muted')}>{item.detail}</span> : null}
                      </div>
                    ))}
                  </div>
                );
              })}
            </div>
          ) : null}
          <p role="status" className={cx('px-4 text-sm text-muted', items.length > 0 ? 'sr-only' : 'py-6 text-center')}>
            {status}
          </p>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
