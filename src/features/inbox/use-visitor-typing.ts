// Tells a web-widget visitor that someone is writing a reply: at most one POST /api/realtime/typing every
// 3 seconds while the agent types a reply (never for a private note), best effort.
import { useCallback, useRef } from 'react';
import { call } from '@/lib/api-client';

export const TYPING_INTERVAL_MS = 3000;

export function useVisitorTyping(conversationId: string, enabled: boolean): (() => void) | undefined {
  const last = useRef(0);
  const notify = useCallback(() => {
    const now = Date.now();
    if (now - last.current < TYPING_INTERVAL_MS) return;
    last.current = now;
    call('realtime.typing', { body: { conversationId } }).catch(() => {});
  }, [conversationId]);
  return enabled ? notify : undefined;
}
