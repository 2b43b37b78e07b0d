import { KeyRound } from 'lucide-react';
import { useId, type Ref } from 'react';
import type { CreatedApiKey } from '../../../../contracts/api-keys';
import type { ApiKeyScope } from '../../../../contracts/endpoint';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { CodeBlock } from '@/components/code-block';
import { CopyButton } from '@/components/copy-button';
import { Notice } from '@/components/notice';
import { inputClass } from '@/components/text-field';
import { cx } from '@/lib/cx';

/** A first request to try the key with, for what its scopes allow: a read if it may read, else what it may write. */
export function curlExample(secret: string, scopes: readonly ApiKeyScope[], origin: string, wid: string): { label: string; code: string } {
  const base = `${origin}/api/workspaces/${wid}`;
  const auth = `  -H "Authorization: Bearer ${secret}"`;
  if (scopes.includes('read')) return { label: 'curl: list five customers', code: [`curl "${base}/customers?limit=5" \\`, auth].join('\n') };
  const json = `  -H "Content-Type: application/json" \\`;
  if (scopes.includes('metrics:write')) {
    return {
      label: 'curl: send a metric point',
      code: [`curl -X POST "${base}/metrics" \\`, `${auth} \\`, json, `  -d '{"points":[{"name":"example.requests","value":1}]}'`].join('\n'),
    };
  }
  return {
    label: 'curl: create a customer',
    code: [`curl -X POST "${base}/customers" \\`, `${auth} \\`, json, `  -d '{"name":"Ada Lovelace","email":"ada@example.com"}'`].join('\n'),
  };
}

/**
 * The one time a key's secret is shown: in a read-only field to copy, with a warning that it will not be shown
 * again and a curl command that uses it. `secretRef` is the field, which takes focus when the panel appears.
 */
export function NewKeyPanel({ apiKey, wid, onDone, secretRef }: { apiKey: CreatedApiKey; wid: string; onDone: () => void; secretRef: Ref<HTMLInputElement> }) {
  const fieldId = useId();
  const warningId = useId();
  const example = curlExample(apiKey.secret, apiKey.scopes, window.location.origin, wid);
  return (
    <Card
      title={`Your new key “${apiKey.name}”`}
      description="Copy it now and keep it where your script reads its secrets (an environment variable, a secrets manager)."
      className="border-accent/60"
    >
      <div className="space-y-4">
        <Notice tone="warning" live={false}>
          <p id={warningId} className="flex items-start gap-2">
            <KeyRound aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>
              <strong className="font-semibold">This is the only time the key is shown.</strong> Switchboard keeps only a fingerprint of it: if you lose it,
              revoke it and create another.
            </span>
          </p>
        </Notice>
        <div className="space-y-1">
          <label htmlFor={fieldId} className="block text-xs font-medium text-fg">
            Secret key
          </label>
          <div className="flex gap-2">
            <input
              ref={secretRef}
              id={fieldId}
              readOnly
              value={apiKey.secret}
              spellCheck={false}
              autoComplete="off"
              aria-describedby={warningId}
              onFocus={(e) => e.currentTarget.select()}
              className={cx(inputClass, 'min-w-0 flex-1 font-mono text-xs')}
              data-testid="api-key-secret"
            />
            <CopyButton
              text={apiKey.secret}
              label="Copy key"
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
          <p className="text-xs font-medium text-fg">Try it</p>
          <CodeBlock code={example.code} label={example.label} />
        </div>
        <div className="flex justify-end">
          <Button onClick={onDone}>Done, I have stored it</Button>
        </div>
      </div>
    </Card>
  );
}
