// "Who of the team is online": stacked initials for the top bar, from presence-workspace-{wid}. The list of
// names is one click (or Enter) away; each avatar also carries its name for pointer users.
import { Menu, MenuContent, MenuItem, MenuLabel, MenuTrigger } from '@/components/menu';
import { useCurrentUser } from '@/lib/session-store';
import { usePresence } from '@/lib/realtime';
import { cx } from '@/lib/cx';

const SHOWN = 4;
const TONES = [
  'bg-indigo-100 text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100',
  'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  'bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100',
  'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100',
  'bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-100',
];

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() || '?';
}

function tone(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return TONES[hash % TONES.length] ?? TONES[0]!;
}

export function OnlineAvatars({ workspaceId }: { workspaceId: string | null }) {
  const members = usePresence(workspaceId);
  const me = useCurrentUser();
  if (!workspaceId || members.length === 0) return null;
  // Me last in the stack: the others are the news.
  const ordered = [...members.filter((m) => m.id !== me.id), ...members.filter((m) => m.id === me.id)];
  const shown = ordered.slice(0, SHOWN);
  const hidden = ordered.length - shown.length;
  const names = ordered.map((m) => (m.id === me.id ? `${m.name} (you)` : m.name));
  return (
    <Menu>
      <MenuTrigger
        data-testid="online-avatars"
        aria-label={`${members.length} online: ${names.join(', ')}`}
        className="flex h-8 items-center gap-2 rounded-md px-1.5 text-xs text-muted hover:bg-subtle"
      >
        <span className="flex -space-x-1">
          {shown.map((member, index) => (
            <span
              key={member.id}
              title={member.id === me.id ? `${member.name} (you)` : member.name}
              style={{ zIndex: SHOWN - index }}
              className={cx('relative flex size-6 items-center justify-center rounded-full text-[10px] font-semibold ring-2 ring-surface', tone(member.id))}
            >
              {initials(member.name)}
            </span>
          ))}
          {hidden > 0 ? (
            <span className="flex size-6 items-center justify-center rounded-full bg-subtle text-[10px] font-semibold text-fg ring-2 ring-surface">
              +{hidden}
            </span>
          ) : null}
        </span>
        <span aria-hidden>{members.length} online</span>
      </MenuTrigger>
      <MenuContent align="end" className="min-w-48">
        <MenuLabel>Online now</MenuLabel>
        {ordered.map((member) => (
          <MenuItem key={member.id} onSelect={(event) => event.preventDefault()} className="cursor-default">
            <span aria-hidden className="size-1.5 rounded-full bg-success" />
            {member.name}
            {member.id === me.id ? <span className="text-xs text-muted">(you)</span> : null}
          </MenuItem>
        ))}
      </MenuContent>
    </Menu>
  );
}
