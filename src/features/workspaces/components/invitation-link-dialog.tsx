import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { TextField } from '@/components/text-field';
import { formatDateTime } from '@/lib/format-time';

export interface SharedLink {
  email: string;
  url: string;
  expiresAt: string;
}

/** A fresh invitation link to copy by hand, when the browser would not put it on the clipboard. */
export function InvitationLinkDialog({ link, onClose }: { link: SharedLink | null; onClose: () => void }) {
  return (
    <Dialog
      open={link !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title="Invitation link"
      description={
        link ? `Send this link to ${link.email} yourself. It works until ${formatDateTime(link.expiresAt)}; the earlier link stopped working.` : undefined
      }
    >
      {link ? <TextField label="Link" value={link.url} readOnly autoFocus onFocus={(e) => e.currentTarget.select()} /> : null}
      <DialogActions>
        <DialogClose asChild>
          <Button variant="primary">Done</Button>
        </DialogClose>
      </DialogActions>
    </Dialog>
  );
}
