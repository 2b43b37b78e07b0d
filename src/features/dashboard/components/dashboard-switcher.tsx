// The dashboard switcher: the workspace's dashboards (the default one first), and a new one for members who
// build them; and the dialog that names a dashboard (new, or renamed).
import { ChevronDown, LayoutDashboard, Plus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { DASHBOARD_NAME_MAX } from '../../../../contracts/dashboard-grid';
import type { Dashboard } from '../../../../contracts/dashboards';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { Menu, MenuContent, MenuItem, MenuLabel, MenuRadioGroup, MenuRadioItem, MenuSeparator, MenuTrigger } from '@/components/menu';
import { TextField } from '@/components/text-field';
import { ApiError, errorMessage } from '@/lib/api-error';

/** The default dashboard first, then the others by name. */
export const switcherOrder = (dashboards: readonly Dashboard[]) =>
  [...dashboards].sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));

export function DashboardSwitcher({
  dashboards,
  current,
  onSelect,
  onCreate,
}: {
  dashboards: readonly Dashboard[];
  current: Dashboard;
  onSelect: (dashboard: Dashboard) => void;
  /** Offered to members who may build dashboards. */
  onCreate?: () => void;
}) {
  return (
    <Menu>
      <MenuTrigger asChild>
        <Button aria-label={`Dashboard: ${current.name}. Switch dashboard`}>
          <LayoutDashboard aria-hidden className="size-4" />
          <span className="max-w-40 truncate">{current.name}</span>
          <ChevronDown aria-hidden className="size-3.5 text-muted" />
        </Button>
      </MenuTrigger>
      <MenuContent align="end">
        <MenuLabel>Dashboards</MenuLabel>
        <MenuRadioGroup value={current.id} onValueChange={(id) => onSelect(dashboards.find((d) => d.id === id)!)}>
          {switcherOrder(dashboards).map((d) => (
            <MenuRadioItem key={d.id} value={d.id}>
              <span className="truncate">{d.name}</span>
              {d.isDefault ? <span className="ml-auto text-xs text-muted">Home</span> : null}
            </MenuRadioItem>
          ))}
        </MenuRadioGroup>
        {onCreate ? (
          <>
            <MenuSeparator />
            <MenuItem onSelect={onCreate}>
              <Plus aria-hidden className="size-4" />
              New dashboard
            </MenuItem>
          </>
        ) : null}
      </MenuContent>
    </Menu>
  );
}

/** Names a dashboard: `save` resolves once the server took the name, or throws its error. */
export function NameDialog({
  open,
  onOpenChange,
  title,
  initial,
  submitLabel,
  save,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  initial: string;
  submitLabel: string;
  save: (name: string) => Promise<unknown>;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setFieldError('Enter a name.');
    setPending(true);
    setError(null);
    setFieldError(undefined);
    try {
      await save(name.trim());
      onOpenChange(false);
    } catch (failure) {
      const field = failure instanceof ApiError ? failure.fieldErrors().name : undefined;
      if (field) setFieldError(field);
      else setError(errorMessage(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title}>
      <form onSubmit={submit} noValidate className="space-y-3">
        <TextField
          label="Dashboard name"
          value={name}
          maxLength={DASHBOARD_NAME_MAX}
          onChange={(e) => setName(e.target.value)}
          error={fieldError}
          autoFocus
          required
        />
        <FormError message={error} />
        <DialogActions>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? `${submitLabel}…` : submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
