// What each API key scope lets a key do (contracts/api-keys.ts; the kernel checks them in api/_lib/http/handler.ts).
import type { ApiKeyScope } from '../../../contracts/endpoint';

export const SCOPE_INFO: Record<ApiKeyScope, { label: string; description: string }> = {
  read: { label: 'Read', description: "The workspace's GET endpoints: lists, records, exports and metric series." },
  write: { label: 'Write', description: 'Create, change and delete records (POST, PUT, PATCH, DELETE), as far as your role allows.' },
  'metrics:write': { label: 'Send metrics', description: 'Post metric points to /metrics, and nothing else.' },
};
