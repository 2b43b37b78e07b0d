import { Search } from 'lucide-react';
import { openPalette } from '@/lib/overlays';
import { ariaKeyShortcuts, shortcutHint } from '@/lib/shortcuts';

/** The top bar's way into the command palette, showing its shortcut (just the icon on narrow screens). */
export function PaletteButton() {
  return (
    <button
      type="button"
      onClick={(event) => openPalette(event.currentTarget)}
      aria-label="Search or run a command"
      aria-keyshortcuts={ariaKeyShortcuts('global.palette')}
      aria-haspopup="dialog"
      className="inline-flex h-8 items-center gap-2 rounded-md border border-border bg-surface px-2 text-sm text-muted hover:bg-subtle hover:text-fg max-sm:size-9 max-sm:justify-center max-sm:border-transparent"
    >
      <Search aria-hidden className="size-4" />
      <span className="max-lg:hidden">Search…</span>
      <kbd aria-hidden className="rounded border border-border px-1 font-sans text-[11px] max-sm:hidden">
        {shortcutHint('global.palette')}
      </kbd>
    </button>
  );
}
