// Selling inside a conversation, as the shell sees it: the "Orders" panel in the inbox's conversation details
// (slot conversation.details). The panel loads with the inbox's panel, not with the first page; its share of the
// realtime events loads after the first paint (./deferred.ts).
import { lazy } from 'react';
import { defineFeature } from '@/lib/feature';

const ConversationOrders = lazy(async () => ({ default: (await import('./components/conversation-orders')).ConversationOrders }));

export const conversationCommerceFeature = defineFeature({
  id: 'conversation-commerce',
  panels: [{ slot: 'conversation.details', order: 10, component: ConversationOrders }],
  deferred: () => import('./deferred'),
});
