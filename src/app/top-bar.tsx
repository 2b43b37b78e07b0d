import { UserMenu } from '@/features/auth/components/user-menu';
import { NotificationBell } from '@/features/notifications/notification-bell';
import { OnlineAvatars } from '@/features/presence/online-avatars';
import { WorkspaceSwitcher } from '@/features/workspaces/components/workspace-switcher';
import { PaletteButton } from './palette-button';

export function TopBar({ workspaceId }: { workspaceId: string | null }) {
  return (
    // Inside the app layout's banner, after the menu button of narrow screens.
    <div className="flex h-12 min-w-0 flex-1 items-center justify-between gap-2 px-2 sm:gap-4 md:px-4">
      {/* Shrinks (its name truncated) so the buttons on the right always fit, down to 390 px. */}
      <div className="flex min-w-0 flex-1">
        <WorkspaceSwitcher currentId={workspaceId} />
      </div>
      <div className="flex shrink-0 items-center gap-2">
        <PaletteButton />
        {workspaceId && (
          <div className="max-sm:hidden">
            <OnlineAvatars workspaceId={workspaceId} />
          </div>
        )}
        <NotificationBell workspaceId={workspaceId} />
        <UserMenu />
      </div>
    </div>
  );
}
