import { useQuery } from '@tanstack/react-query';
import { Activity, Inbox, LayoutDashboard, Settings, UserRound, Users, type LucideIcon } from 'lucide-react';
import { NavLink } from 'react-router';
import { workspaceQueryOptions } from '@/features/workspaces/api';
import { cx } from '@/lib/cx';
import { Logo } from './splash';

function NavItem({ to, icon: Icon, label, end }: { to: string; icon: LucideIcon; label: string; end?: boolean }) {
  return (
    <li>
      <NavLink
        to={to}
        end={end}
        className={({ isActive }) =>
          cx(
            'flex h-8 items-center gap-2.5 rounded-md px-2.5 text-sm',
            isActive ? 'bg-subtle font-medium text-fg' : 'text-muted hover:bg-subtle hover:text-fg',
          )
        }
      >
        <Icon aria-hidden className="size-4" />
        {label}
      </NavLink>
    </li>
  );
}

/**
 * The workspace's sections; Activity only for admins and owners (the API refuses it to others). The role
 * check is spelled out rather than imported from contracts/roles so the shell does not load zod.
 */
export function Sidebar({ workspaceId }: { workspaceId: string | null }) {
  const workspace = useQuery({ ...workspaceQueryOptions(workspaceId ?? ''), enabled: Boolean(workspaceId) });
  const role = workspace.data?.role;
  const base = workspaceId && !workspace.isError ? `/w/${workspaceId}` : null;
  return (
    <aside className="flex w-56 shrink-0 flex-col border-r border-border bg-canvas">
      <div className="flex h-12 items-center gap-2 px-4">
        <Logo className="size-5" />
        <span className="font-semibold tracking-tight">Switchboard</span>
      </div>
      <nav aria-label="Main" className="flex-1 px-2 py-2">
        {base ? (
          <ul className="space-y-0.5">
            <NavItem to={base} end icon={LayoutDashboard} label="Dashboard" />
            <NavItem to={`${base}/inbox`} icon={Inbox} label="Inbox" />
            <NavItem to={`${base}/customers`} icon={Users} label="Customers" />
            {role === 'owner' || role === 'admin' ? <NavItem to={`${base}/activity`} icon={Activity} label="Activity" /> : null}
            <NavItem to={`${base}/settings`} icon={Settings} label="Workspace settings" />
          </ul>
        ) : null}
      </nav>
      <div className="border-t border-border px-2 py-2">
        <ul>
          <NavItem to="/settings/account" icon={UserRound} label="Account settings" />
        </ul>
      </div>
    </aside>
  );
}
