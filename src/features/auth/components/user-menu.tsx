import { ChevronDown, LogOut, UserRound } from 'lucide-react';
import { useNavigate } from 'react-router';
import { Menu, MenuContent, MenuItem, MenuLabel, MenuRadioGroup, MenuRadioItem, MenuSeparator, MenuTrigger } from '@/components/menu';
import { useCurrentUser } from '@/lib/session-store';
import { setTheme, THEME_CHOICES, THEME_LABELS, useTheme, type ThemeChoice } from '@/lib/theme';
import { useLogout } from '../api';

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() || '?';
}

/** The signed-in person: name, account settings, the colour theme, sign out. */
export function UserMenu() {
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const theme = useTheme();
  return (
    <Menu>
      <MenuTrigger className="flex h-8 items-center gap-2 rounded-md px-1.5 text-sm hover:bg-subtle" aria-label={`Account menu for ${user.name}`}>
        <span aria-hidden className="flex size-6 items-center justify-center rounded-full bg-accent-soft text-xs font-semibold text-accent-soft-fg">
          {initials(user.name)}
        </span>
        <span className="max-w-40 truncate font-medium max-sm:hidden">{user.name}</span>
        <ChevronDown aria-hidden className="size-3.5 text-muted" />
      </MenuTrigger>
      <MenuContent align="end">
        <MenuLabel>
          <span className="block truncate text-fg">{user.name}</span>
          <span className="block truncate font-normal">{user.email}</span>
        </MenuLabel>
        <MenuSeparator />
        <MenuItem onSelect={() => navigate('/settings/account')}>
          <UserRound aria-hidden className="size-4 text-muted" />
          Account settings
        </MenuItem>
        <MenuSeparator />
        <MenuLabel>Theme</MenuLabel>
        <MenuRadioGroup value={theme} onValueChange={(value) => setTheme(value as ThemeChoice)} aria-label="Theme">
          {THEME_CHOICES.map((choice) => (
            <MenuRadioItem key={choice} value={choice}>
              {THEME_LABELS[choice]}
            </MenuRadioItem>
          ))}
        </MenuRadioGroup>
        <MenuSeparator />
        <MenuItem disabled={logout.isPending} onSelect={() => logout.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) })}>
          <LogOut aria-hidden className="size-4 text-muted" />
          {logout.isPending ? 'Signing out…' : 'Sign out'}
        </MenuItem>
      </MenuContent>
    </Menu>
  );
}
