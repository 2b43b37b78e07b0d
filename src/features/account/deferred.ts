// The account feature after the first paint (src/lib/feature.ts): its palette action.
import { defineDeferredFeature } from '@/lib/feature';

export default defineDeferredFeature({
  commands: [{ id: 'account.settings', label: 'Account settings', keywords: ['profile', 'password', 'sessions'], scope: 'app', href: '/settings/account' }],
});
