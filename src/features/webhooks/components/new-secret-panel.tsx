import type { Ref } from 'react';
import type { CreatedWebhookEndpoint } from '../../../../contracts/outbound-webhooks';
import { SecretReveal } from '@/components/secret-reveal';

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

/** The one time an endpoint's signing secret is shown, with how a receiver verifies a delivery with it. */
export function NewSecretPanel({ endpoint, onDone, secretRef }: { endpoint: CreatedWebhookEndpoint; onDone: () => void; secretRef: Ref<HTMLInputElement> }) {
  return (
    <SecretReveal
      title="Your endpoint’s signing secret"
      description={`Every delivery to ${endpoint.url} carries a Switchboard-Signature header made with it. Keep it with the receiver’s secrets.`}
      noun="secret"
      warning="If you lose it, delete the endpoint and add it again."
      label="Signing secret"
      secret={endpoint.secret}
      example={{ heading: 'Verify a delivery', label: 'Node: check Switchboard-Signature', code: VERIFY_SNIPPET }}
      onDone={onDone}
      secretRef={secretRef}
    />
  );
}
