// The app's left-hand navigation, composed from the feature manifests: the workspace's sections (in each
// entry's order, hidden below its minimum role, as the API would refuse them) and the user's own entries.
// Hovering or focusing an entry warms its page and data.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { NavLink } from 'react-router';
import type { NavEntry } from '@/lib/feature';
import { cx } from '@/lib/cx';
import { workspaceQueryOptions } from '@/lib/workspace';
import { navFor } from './compose-features';
import { features } from './features';
import { Logo } from './splash';

function NavItem({ entry, to, onWarm }: { entry: NavEntry; to: string; onWarm?: () => void }) {
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
      </NavLink>
    </li>
  );
}

export function Sidebar({ workspaceId }: { workspaceId: string | null }) {
  const queryClient = useQueryClient();
  const workspace = useQuery({ ...workspaceQueryOptions(workspaceId ?? ''), enabled: Boolean(workspaceId) });
  const role = workspace.data?.role;
  const base = workspaceId && !workspace.isError ? `/w/${workspaceId}` : null;
  const warm = (entry: NavEntry) => () => {
    if (entry.area === 'account') entry.prefetch?.({ queryClient });
    else if (workspaceId) entry.prefetch?.({ queryClient, wid: workspaceId });
  };
  return (
    <aside className="flex w-56 shrink-0 flex-col border-r border-border bg-canvas">
      <div className="flex h-12 items-center gap-2 px-4">
        <Logo className="size-5" />
        <span className="font-semibold tracking-tight">Switchboard</span>
      </div>
      <nav aria-label="Main" className="flex-1 px-2 py-2">
        {base ? (
          <ul className="space-y-0.5">
            {navFor(features, 'workspace', role).map((entry) => (
              <NavItem key={entry.path} entry={entry} to={entry.path ? `${base}/${entry.path}` : base} onWarm={warm(entry)} />
            ))}
          </ul>
        ) : null}
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
