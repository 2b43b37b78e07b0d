// Outbox events that leave the app through something other than Pusher: an email to send, a user's realtime
// connections to drop. Unlike in-process subscribers (subscribers.ts), sinks are known statically, so whichever
// function dispatches or sweeps the outbox delivers them; each is imported on first use. A sink that throws
// leaves its event pending with the reason, and the sweep tries it again.
import type { DomainEvent } from './outbox.js';
import type { MailMessage } from '../mail/transport.js';

export interface MailPayload extends MailMessage {
  /** What the mail is about (e.g. `invitation:<id>`), so its delivery can be shown next to it. */
  ref?: string;
}

const SINKS = {
  /** Sends one email. Its payload holds a single-use link, so it is emptied once sent. */
  'mail.send': async (payload: Record<string, unknown>) => {
    const { sendMail } = await import('../mail/transport.js');
    const { to, subject, text, html } = payload as unknown as MailPayload;
    await sendMail({ to, subject, text, html });
  },
  /** Sends an agent's or the assistant's message through its channel's provider (the message's own delivery state records failures). */
  'channel.deliver': async (payload: Record<string, unknown>) => {
    const { deliverMessage } = await import('../channels/deliver.js');
    await deliverMessage(String(payload.messageId));
  },
  /** Stores a verified provider delivery's messages and receipts (api/_lib/channels/inbound.ts); throws, and is retried, when that fails. */
  'channel.inbound': async (payload: Record<string, unknown>) => {
    const [{ storeInbound }, { database }] = await Promise.all([import('../channels/inbound.js'), import('../db.js')]);
    await storeInbound((await database()).db, payload as unknown as Parameters<typeof storeInbound>[1]);
  },
  /** Drops every realtime connection of a user, who reconnects and is authorized again from scratch. */
  'realtime.terminate': async (payload: Record<string, unknown>) => {
    const { terminateUserConnections } = await import('../realtime/terminate.js');
    await terminateUserConnections(String(payload.userId));
  },
  /** Sends one web push of a notification to one browser subscription (api/_lib/notifications/push.ts). */
  'push.send': async (payload: Record<string, unknown>) => {
    const { sendPush } = await import('../notifications/push.js');
    await sendPush(payload as unknown as Parameters<typeof sendPush>[0]);
  },
} satisfies Record<string, (payload: Record<string, unknown>) => Promise<void>>;

export type SinkName = keyof typeof SINKS;

/** Sink events whose payload is replaced by `{ ref, sent: true }` once delivered (it holds a secret link). */
export const REDACTED_ONCE_DELIVERED: readonly SinkName[] = ['mail.send'];

export const isSink = (name: string): name is SinkName => name in SINKS;

export function deliverToSink(name: SinkName, payload: Record<string, unknown>): Promise<void> {
  return SINKS[name](payload);
}

/** An email to send after the write commits (record it with the write's other events). */
export const mailEvent = (message: MailPayload, workspaceId: string | null = null): DomainEvent => ({
  name: 'mail.send',
  workspaceId,
  channels: [],
  payload: { ...message },
});

/** Ends a user's realtime connections after the write commits (removed, demoted, signed out). */
export const terminateConnectionsEvent = (userId: string): DomainEvent => ({
  name: 'realtime.terminate',
  workspaceId: null,
  channels: [],
  payload: { userId },
});

/** Sends a message through its channel's provider after the write commits. */
export const channelDeliverEvent = (workspaceId: string, messageId: string): DomainEvent => ({
  name: 'channel.deliver',
  workspaceId,
  channels: [],
  payload: { messageId },
});
