// The one time a secret is shown (an API key, a webhook's signing secret): a card with a warning that it will not
// be shown again, the secret in a read-only field to copy, a code example that uses it, and Done. `secretRef` is
// the field, which takes focus when the card appears.
import { KeyRound } from 'lucide-react';
import { useId, type ReactNode, type Ref } from 'react';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { CodeBlock } from '@/components/code-block';
import { CopyButton } from '@/components/copy-button';
import { Notice } from '@/components/notice';
import { inputClass } from '@/components/text-field';
import { cx } from '@/lib/cx';

export interface SecretRevealProps {
  title: string;
  description: string;
  /** What to do when it is lost, after "This is the only time the … is shown." */
  warning: ReactNode;
  /** The noun: `key`, `secret`. */
  noun: string;
  /** The field's label. */
  label: string;
  secret: string;
  example: { heading: string; label: string; code: string };
  onDone: () => void;
  secretRef: Ref<HTMLInputElement>;
  testId?: string;
}

export function SecretReveal({ title, description, warning, noun, label, secret, example, onDone, secretRef, testId }: SecretRevealProps) {
  const fieldId = useId();
  const warningId = useId();
  return (
    <Card title={title} description={description} className="border-accent/60">
      <div className="space-y-4">
        <Notice tone="warning" live={false}>
          <p id={warningId} className="flex items-start gap-2">
            <KeyRound aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>
              <strong className="font-semibold">This is the only time the {noun} is shown.</strong> {warning}
            </span>
          </p>
        </Notice>
        <div className="space-y-1">
          <label htmlFor={fieldId} className="block text-xs font-medium text-fg">
            {label}
          </label>
          <div className="flex gap-2">
            <input
              ref={secretRef}
              id={fieldId}
              readOnly
              value={secret}
              spellCheck={false}
              autoComplete="off"
              aria-describedby={warningId}
              onFocus={(e) => e.currentTarget.select()}
              className={cx(inputClass, 'min-w-0 flex-1 font-mono text-xs')}
              data-testid={testId}
            />
            <CopyButton
              text={secret}
              label={`Copy ${noun}`}
              variant="primary"
              onFailed={() => {
                const field = document.getElementById(fieldId) as HTMLInputElement | null;
                field?.focus();
                field?.select();
              }}
            />
          </div>
        </div>
        <div className="space-y-1">
          <p className="text-xs font-medium text-fg">{example.heading}</p>
          <CodeBlock code={example.code} label={example.label} />
        </div>
        <div className="flex justify-end">
          <Button onClick={onDone}>Done, I have stored it</Button>
        </div>
      </div>
    </Card>
  );
}
