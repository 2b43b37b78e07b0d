import { UserMenu } from '@/features/auth/components/user-menu';
import { NotificationBell } from '@/features/notifications/notification-bell';
import { OnlineAvatars } from '@/features/presence/online-avatars';
import { WorkspaceSwitcher } from '@/features/workspaces/components/workspace-switcher';

export function TopBar({ workspaceId }: { workspaceId: string | null }) {
  return (
    <header className="flex h-12 shrink-0 items-center justify-between gap-4 border-b border-border bg-surface px-4">
      <WorkspaceSwitcher currentId={workspaceId} />
      <div className="flex items-center gap-2">
        {workspaceId && <OnlineAvatars workspaceId={workspaceId} />}
        <NotificationBell workspaceId={workspaceId} />
        <UserMenu />
      </div>
    </header>
  );
}
