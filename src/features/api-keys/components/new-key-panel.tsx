import type { Ref } from 'react';
import type { CreatedApiKey } from '../../../../contracts/api-keys';
import type { ApiKeyScope } from '../../../../contracts/endpoint';
import { SecretReveal } from '@/components/secret-reveal';

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

/** The one time a key's secret is shown, with a curl command that uses it. `secretRef` takes focus when it appears. */
export function NewKeyPanel({ apiKey, wid, onDone, secretRef }: { apiKey: CreatedApiKey; wid: string; onDone: () => void; secretRef: Ref<HTMLInputElement> }) {
  const example = curlExample(apiKey.secret, apiKey.scopes, window.location.origin, wid);
  return (
    <SecretReveal
      title={`Your new key “${apiKey.name}”`}
      description="Copy it now and keep it where your script reads its secrets (an environment variable, a secrets manager)."
      noun="key"
      warning="Switchboard keeps only a fingerprint of it: if you lose it, revoke it and create another."
      label="Secret key"
      secret={apiKey.secret}
      example={{ heading: 'Try it', ...example }}
      onDone={onDone}
      secretRef={secretRef}
      testId="api-key-secret"
    />
  );
}
