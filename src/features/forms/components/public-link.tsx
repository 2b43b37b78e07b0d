import { Check, Copy, ExternalLink } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { Button } from '@/components/button';
import { inputClass } from '@/components/text-field';

/** The form's public address (/f/{publicKey}) with Copy and Open. */
export function PublicLink({ publicKey, active }: { publicKey: string; active: boolean }) {
  const id = useId();
  const url = `${window.location.origin}/f/${publicKey}`;
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-fg">
        Public link
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input id={id} readOnly value={url} onFocus={(event) => event.target.select()} className={`${inputClass} max-w-md min-w-0 flex-1 font-mono text-xs`} />
        <Button
          size="md"
          onClick={() =>
            navigator.clipboard.writeText(url).then(
              () => setCopied('yes'),
              () => setCopied('failed'),
            )
          }
        >
          {copied === 'yes' ? <Check aria-hidden className="size-3.5" /> : <Copy aria-hidden className="size-3.5" />}
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </Button>
        <a
          href={url}
          target="_blank"
          rel="noopener noreferrer"
          className="inline-flex h-8 items-center gap-2 rounded-md border border-border-strong bg-surface px-3 text-sm font-medium text-fg hover:bg-subtle"
        >
          <ExternalLink aria-hidden className="size-3.5" />
          Open <span className="sr-only">the public form (new tab)</span>
        </a>
      </div>
      <p role="status" className="text-xs text-muted">
        {copied === 'yes'
          ? 'Link copied.'
          : copied === 'failed'
            ? 'Could not copy: select the link and copy it.'
            : active
              ? 'Anyone with this link can submit the form.'
              : 'The form is off: its link says it is not available.'}
      </p>
    </div>
  );
}
