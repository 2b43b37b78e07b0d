import { KeyRound } from 'lucide-react';
import { useId, type Ref } from 'react';
import type { CreatedWebhookEndpoint } from '../../../../contracts/outbound-webhooks';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { CodeBlock } from '@/components/code-block';
import { CopyButton } from '@/components/copy-button';
import { Notice } from '@/components/notice';
import { inputClass } from '@/components/text-field';
import { cx } from '@/lib/cx';

/** How a receiver checks a delivery (Node), as the README's "Outbound webhooks" shows it. */
export const VERIFY_SNIPPET = `import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the request body exactly as received (before JSON.parse)
function verify(rawBody, header, secret = process.env.SWITCHBOARD_WEBHOOK_SECRET) {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  const expected = createHmac('sha256', secret).update(\`\${parts.t}.\${rawBody}\`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}`;

/**
 * The one time an endpoint's signing secret is shown: in a read-only field to copy, with a warning that it will
 * not be shown again and how a receiver verifies a delivery with it. `secretRef` takes focus when it appears.
 */
export function NewSecretPanel({ endpoint, onDone, secretRef }: { endpoint: CreatedWebhookEndpoint; onDone: () => void; secretRef: Ref<HTMLInputElement> }) {
  const fieldId = useId();
  const warningId = useId();
  return (
    <Card
      title="Your endpoint’s signing secret"
      description={`Every delivery to ${endpoint.url} carries a Switchboard-Signature header made with it. Keep it with the receiver’s secrets.`}
      className="border-accent/60"
    >
      <div className="space-y-4">
        <Notice tone="warning" live={false}>
          <p id={warningId} className="flex items-start gap-2">
            <KeyRound aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>
              <strong className="font-semibold">This is the only time the secret is shown.</strong> If you lose it, delete the endpoint and add it again.
            </span>
          </p>
        </Notice>
        <div className="space-y-1">
          <label htmlFor={fieldId} className="block text-xs font-medium text-fg">
            Signing secret
          </label>
          <div className="flex gap-2">
            <input
              ref={secretRef}
              id={fieldId}
              readOnly
              value={endpoint.secret}
              spellCheck={false}
              autoComplete="off"
              aria-describedby={warningId}
              onFocus={(e) => e.currentTarget.select()}
              className={cx(inputClass, 'min-w-0 flex-1 font-mono text-xs')}
            />
            <CopyButton
              text={endpoint.secret}
              label="Copy secret"
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
          <p className="text-xs font-medium text-fg">Verify a delivery</p>
          <CodeBlock code={VERIFY_SNIPPET} label="Node: check Switchboard-Signature" />
        </div>
        <div className="flex justify-end">
          <Button onClick={onDone}>Done, I have stored it</Button>
        </div>
      </div>
    </Card>
  );
}
