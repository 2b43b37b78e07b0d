import { Copy, Download } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/button';
import { FocusTarget } from '@/components/focus-target';
import { Notice } from '@/components/notice';

/** The text of the downloaded file: what the codes are for, then one code a line. */
export function recoveryCodesText(codes: readonly string[], email: string, createdAt = new Date()): string {
  return [
    `Switchboard recovery codes for ${email}`,
    `Created ${createdAt.toISOString()}`,
    '',
    'Each code signs you in once when you cannot use your authenticator app. Keep them somewhere safe.',
    '',
    ...codes,
    '',
  ].join('\n');
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Let the browser start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** Shown once, right after two-factor sign-in is turned on: the server keeps only their hashes. */
export function RecoveryCodes({ codes, email, onDone }: { codes: readonly string[]; email: string; onDone: () => void }) {
  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      toast.success('Recovery codes copied. Paste them into your password manager now.');
    } catch {
      toast.error('Could not copy the codes here; download them or write them down instead.');
    }
  }

  return (
    <FocusTarget className="space-y-3">
      <h3 className="text-sm font-semibold">Two-factor sign-in is on. Store your recovery codes now.</h3>
      <Notice tone="warning" live={false}>
        If you lose your phone, each of these codes signs you in once. This is the only time they are shown: copy or download them now and keep them somewhere
        safe, such as your password manager.
      </Notice>
      <ul
        aria-label="Recovery codes"
        className="grid max-w-sm grid-cols-2 gap-x-6 gap-y-1 rounded-md border border-border bg-subtle px-4 py-3 font-mono text-sm"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button onClick={copy}>
          <Copy aria-hidden className="size-4" />
          Copy codes
        </Button>
        <Button onClick={() => download('switchboard-recovery-codes.txt', recoveryCodesText(codes, email))}>
          <Download aria-hidden className="size-4" />
          Download .txt
        </Button>
        <Button variant="primary" onClick={onDone}>
          I have stored them
        </Button>
      </div>
    </FocusTarget>
  );
}
