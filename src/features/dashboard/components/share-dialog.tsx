// Sharing a dashboard (admins and owners): one signed read-only link at a time, to copy, replace or revoke. Anyone
// with the link sees this dashboard and its data, nothing else of the workspace; a revoked or replaced link says so.
import { Copy, Link2Off, RefreshCw } from 'lucide-react';
import { useId, useState } from 'react';
import { toast } from 'sonner';
import type { Dashboard } from '../../../../contracts/dashboards';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { useShareDashboard, useUnshareDashboard } from '../api';

const sharedOn = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function ShareDialog({
  wid,
  dashboard,
  open,
  onOpenChange,
}: {
  wid: string;
  dashboard: Dashboard;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const share = useShareDashboard(wid);
  const unshare = useUnshareDashboard(wid);
  const linkId = useId();
  // The link as this dialog last made or revoked it (the list refetches behind it).
  const [url, setUrl] = useState(dashboard.shareUrl);
  const pending = share.isPending || unshare.isPending;
  const failure = share.error ?? unshare.error;

  async function copy() {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      toast.success('Link copied');
    } catch {
      toast.error('Copying was refused: select the link and copy it yourself');
    }
  }

  const create = () => {
    unshare.reset();
    share.mutate(dashboard.id, { onSuccess: (made) => setUrl(made.url) });
  };
  const revoke = () => {
    share.reset();
    unshare.mutate(dashboard.id, {
      onSuccess: () => {
        setUrl(null);
        toast.success('Link revoked: it no longer opens the dashboard');
      },
    });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Share ${dashboard.name}`}
      description="Anyone with the link sees this dashboard and its figures, read-only, without signing in. Nothing else of the workspace."
    >
      {url ? (
        <div className="space-y-2">
          <label htmlFor={linkId} className="block text-xs font-medium">
            Read-only link
          </label>
          <div className="flex gap-2">
            <input id={linkId} readOnly value={url} className={inputClass} onFocus={(e) => e.target.select()} />
            <Button onClick={copy}>
              <Copy aria-hidden className="size-4" />
              Copy
            </Button>
          </div>
          <p className="text-xs text-muted">
            {dashboard.sharedAt && url === dashboard.shareUrl ? `Made ${sharedOn.format(new Date(dashboard.sharedAt))}. ` : ''}A new link replaces this one;
            revoking it makes it say the dashboard is no longer shared.
          </p>
        </div>
      ) : (
        <p className="text-sm text-muted">This dashboard is not shared.</p>
      )}
      <FormError message={failure ? errorMessage(failure) : null} />
      <DialogActions>
        {url ? (
          <>
            <Button variant="danger" onClick={revoke} disabled={pending}>
              <Link2Off aria-hidden className="size-4" />
              {unshare.isPending ? 'Revoking…' : 'Revoke link'}
            </Button>
            <Button onClick={create} disabled={pending}>
              <RefreshCw aria-hidden className="size-4" />
              New link
            </Button>
          </>
        ) : (
          <Button variant="primary" onClick={create} disabled={pending}>
            {share.isPending ? 'Creating…' : 'Create link'}
          </Button>
        )}
        <DialogClose asChild>
          <Button>Done</Button>
        </DialogClose>
      </DialogActions>
    </Dialog>
  );
}
