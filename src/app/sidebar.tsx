// The app's left-hand navigation, composed from the feature manifests: the workspace's sections (in each
// entry's order, hidden below its minimum role, as the API would refuse them), grouped under headings where
// entries name a section (CRM, Operations), and the user's own entries. Hovering or focusing an entry warms its
// page and data.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { NavLink } from 'react-router';
import type { NavEntry, NavSection } from '@/lib/feature';
import { cx } from '@/lib/cx';
import { workspaceQueryOptions } from '@/lib/workspace';
import { navFor } from './compose-features';
import { features } from './features';
import { Logo } from './splash';
import { InboxBadge } from '@/features/notifications/inbox-badge';

function NavItem({ entry, to, onWarm, workspaceId }: { entry: NavEntry; to: string; onWarm?: () => void; workspaceId?: string | null }) {
  const Icon = entry.icon;
  return (
    <li>
      <NavLink
        to={to}
        end={entry.end}
        onMouseEnter={onWarm}
        onFocus={onWarm}
        className={({ isActive }) =>
          cx('flex h-8 items-center gap-2.5 rounded-md px-2.5 text-sm', isActive ? 'bg-subtle font-medium text-fg' : 'text-muted hover:bg-subtle hover:text-fg')
        }
      >
        <Icon aria-hidden className="size-4" />
        {entry.label}
        {entry.path === 'inbox' && workspaceId && <InboxBadge workspaceId={workspaceId} />}
      </NavLink>
    </li>
  );
}

export interface NavGroup {
  /** Null for entries outside any section. */
  section: NavSection | null;
  entries: NavEntry[];
}

/**
 * The visible entries (already filtered by role) as the sidebar lists them: ungrouped entries and sections
 * interleaved by order (a section sits where its `order` puts it among the ungrouped entries), each section's
 * entries in their order, neighbouring ungrouped entries as one group. A section with no visible entry has no group.
 */
export function navGroups(entries: readonly NavEntry[]): NavGroup[] {
  const sections = new Map<string, { section: NavSection; entries: NavEntry[] }>();
  const units: { order: number; group: NavGroup }[] = [];
  for (const entry of entries) {
    if (!entry.section) {
      units.push({ order: entry.order, group: { section: null, entries: [entry] } });
      continue;
    }
    let group = sections.get(entry.section.id);
    if (!group) {
      group = { section: entry.section, entries: [] };
      sections.set(entry.section.id, group);
      units.push({ order: entry.section.order, group });
    }
    group.entries.push(entry);
  }
  const groups: NavGroup[] = [];
  for (const { group } of units.sort((a, b) => a.order - b.order)) {
    const last = groups.at(-1);
    if (!group.section && last && !last.section) last.entries.push(...group.entries);
    else groups.push({ section: group.section, entries: [...group.entries].sort((a, b) => a.order - b.order) });
  }
  return groups;
}

export interface SidebarDrawer {
  /** The element's id, for the menu button's aria-controls. */
  id: string;
  /** Below `md` the sidebar is a drawer over the page: shown only while open. From `md` up it is always there. */
  open: boolean;
  onClose: () => void;
}

export function Sidebar({ workspaceId, drawer }: { workspaceId: string | null; drawer?: SidebarDrawer }) {
  const queryClient = useQueryClient();
  const workspace = useQuery({ ...workspaceQueryOptions(workspaceId ?? ''), enabled: Boolean(workspaceId) });
  const role = workspace.data?.role;
  const base = workspaceId && !workspace.isError ? `/w/${workspaceId}` : null;
  const warm = (entry: NavEntry) => () => {
    if (entry.area === 'account') entry.prefetch?.({ queryClient });
    else if (workspaceId) entry.prefetch?.({ queryClient, wid: workspaceId });
  };
  return (
    <aside
      id={drawer?.id}
      aria-label="Navigation"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && drawer?.open) drawer.onClose();
      }}
      className={cx(
        'flex w-56 shrink-0 flex-col border-r border-border bg-canvas',
        drawer &&
          'max-md:fixed max-md:inset-y-0 max-md:left-0 max-md:z-40 max-md:w-72 max-md:max-w-[85vw] max-md:shadow-xl max-md:transition-transform motion-reduce:transition-none',
        drawer && !drawer.open && 'max-md:invisible max-md:-translate-x-full',
      )}
    >
      <div className="flex h-12 items-center gap-2 px-4">
        <Logo className="size-5" />
        <span className="font-semibold tracking-tight">Switchboard</span>
        {drawer ? (
          <button
            type="button"
            onClick={drawer.onClose}
            aria-label="Close navigation"
            className="ml-auto inline-flex size-9 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg md:hidden"
          >
            <X aria-hidden className="size-4" />
          </button>
        ) : null}
      </div>
      <nav aria-label="Main" className="min-h-0 flex-1 overflow-y-auto px-2 py-2">
        {base
          ? navGroups(navFor(features, 'workspace', role)).map(({ section, entries }, index) => {
              const headingId = section ? `nav-section-${section.id}` : undefined;
              return (
                <div key={section?.id ?? `top-${index}`} className={cx(index > 0 && 'mt-4')}>
                  {section ? (
                    <h2 id={headingId} className="mb-1 px-2.5 text-[11px] font-semibold tracking-wide text-muted uppercase">
                      {section.label}
                    </h2>
                  ) : null}
                  <ul className="space-y-0.5" aria-labelledby={headingId}>
                    {entries.map((entry) => (
                      <NavItem key={entry.path} entry={entry} to={entry.path ? `${base}/${entry.path}` : base} onWarm={warm(entry)} workspaceId={workspaceId} />
                    ))}
                  </ul>
                </div>
              );
            })
          : null}
      </nav>
      <div className="border-t border-border px-2 py-2">
        <ul>
          {navFor(features, 'account', role).map((entry) => (
            <NavItem key={entry.path} entry={entry} to={entry.path} onWarm={warm(entry)} />
          ))}
        </ul>
      </div>
    </aside>
  );
}
