// The "Keyboard shortcuts" sheet (`?`, or the palette's action): every shortcut of src/lib/shortcuts.ts, by
// where it works. Loaded on its first opening (./global-overlays.tsx).
import { Dialog } from '@/components/dialog';
import { overlayOpener } from '@/lib/overlays';
import { isApple, keyLabel, SHORTCUT_GROUPS } from '@/lib/shortcuts';

export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  const apple = isApple();
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Keyboard shortcuts"
      returnFocusTo={{ current: overlayOpener() }}
      className="max-h-[85dvh] w-[min(32rem,calc(100vw-1rem))] overflow-y-auto max-sm:top-[4dvh]"
    >
      <div className="space-y-5">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group.id} aria-labelledby={`shortcuts-${group.id}`}>
            <h3 id={`shortcuts-${group.id}`} className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">
              {group.title}
            </h3>
            <dl className="divide-y divide-border">
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.id} className="flex items-center justify-between gap-4 py-1.5">
                  <dt className="text-sm">{shortcut.description}</dt>
                  <dd className="flex shrink-0 items-center gap-1">
                    {shortcut.keys.map((key, index) => (
                      <span key={key} className="flex items-center gap-1">
                        {index > 0 && !apple ? (
                          <span aria-hidden className="text-xs text-muted">
                            +
                          </span>
                        ) : null}
                        <kbd className="min-w-6 rounded border border-border-strong bg-subtle px-1.5 py-0.5 text-center font-mono text-xs">
                          {keyLabel(key, apple)}
                        </kbd>
                      </span>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
