import { Check, Copy } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Button, type ButtonProps } from './button';

/** How long the button says "Copied" before it offers to copy again. */
export const COPIED_FEEDBACK_MS = 2000;

/**
 * Copies `text` to the clipboard and says so: the button reads "Copied" for a moment, and a status region
 * announces it. When the browser refuses (permissions, no clipboard), it says so and `onFailed` may offer
 * another way (e.g. select the text for copying by hand).
 */
export function CopyButton({
  text,
  label = 'Copy',
  copiedLabel = 'Copied',
  onFailed,
  ...props
}: Omit<ButtonProps, 'onClick' | 'children'> & {
  text: string;
  /** The button's text, e.g. "Copy key"; also its accessible name. */
  label?: string;
  copiedLabel?: string;
  onFailed?: () => void;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
      onFailed?.();
    }
    timer.current = setTimeout(() => setState('idle'), COPIED_FEEDBACK_MS);
  }

  return (
    <>
      <Button {...props} onClick={() => void copy()}>
        {state === 'copied' ? <Check aria-hidden className="size-3.5" /> : <Copy aria-hidden className="size-3.5" />}
        {state === 'copied' ? copiedLabel : state === 'failed' ? 'Not copied' : label}
      </Button>
      <span role="status" className="sr-only">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Could not copy: select the text and copy it yourself' : ''}
      </span>
    </>
  );
}
