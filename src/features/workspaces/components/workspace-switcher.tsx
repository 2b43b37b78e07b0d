import { useQuery } from '@tanstack/react-query';
import { ChevronsUpDown, Plus } from 'lucide-react';
import { lazy, Suspense, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { roleLabel } from '@/components/badge';
import { Menu, MenuContent, MenuItem, MenuLabel, MenuRadioGroup, MenuRadioItem, MenuSeparator, MenuTrigger } from '@/components/menu';
import { workspaceListQueryOptions } from '@/lib/workspace';

// Loaded on first use: it validates with the zod contracts, which the shell otherwise does without.
const CreateWorkspaceDialog = lazy(async () => ({ default: (await import('./create-workspace-dialog')).CreateWorkspaceDialog }));

/** The top bar's workspace picker: lists the caller's workspaces, switches, creates a new one. */
export function WorkspaceSwitcher({ currentId }: { currentId: string | null }) {
  const { data, isPending, isError } = useQuery(workspaceListQueryOptions());
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const workspaces = data?.data ?? [];
  const current = workspaces.find((w) => w.id === currentId);

  return (
    <>
      <Menu>
        <MenuTrigger
          ref={triggerRef}
          className="flex h-8 max-w-[min(18rem,100%)] min-w-0 items-center gap-2 rounded-md border border-border bg-surface px-2.5 text-sm font-medium hover:bg-subtle"
          aria-label={current ? `Workspace: ${current.name}. Switch workspace` : 'Choose a workspace'}
        >
          <span aria-hidden className="flex size-5 shrink-0 items-center justify-center rounded bg-accent text-[11px] font-semibold text-accent-fg">
            {(current?.name ?? '?').slice(0, 1).toUpperCase()}
          </span>
          <span className="truncate">{current?.name ?? (isPending ? 'Loading…' : 'Choose a workspace')}</span>
          <ChevronsUpDown aria-hidden className="size-3.5 shrink-0 text-muted" />
        </MenuTrigger>
        <MenuContent>
          <MenuLabel>Workspaces</MenuLabel>
          {isError ? <p className="px-2 py-1.5 text-xs text-danger">Could not load your workspaces.</p> : null}
          {!isPending && !isError && workspaces.length === 0 ? <p className="px-2 py-1.5 text-xs text-muted">No workspaces yet.</p> : null}
          <MenuRadioGroup value={currentId ?? ''} onValueChange={(id) => navigate(`/w/${id}`)}>
            {workspaces.map((w) => (
              <MenuRadioItem key={w.id} value={w.id}>
                <span className="flex-1 truncate">{w.name}</span>
                <span className="text-xs text-muted">{roleLabel(w.role)}</span>
              </MenuRadioItem>
            ))}
          </MenuRadioGroup>
          <MenuSeparator />
          <MenuItem onSelect={() => setCreating(true)}>
            <Plus aria-hidden className="size-4 text-muted" />
            Create workspace
          </MenuItem>
        </MenuContent>
      </Menu>
      {creating ? (
        <Suspense fallback={null}>
          <CreateWorkspaceDialog open onOpenChange={setCreating} returnFocusTo={triggerRef} />
        </Suspense>
      ) : null}
    </>
  );
}
