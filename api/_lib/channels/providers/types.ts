// The interface every messaging provider implements (Telegram, Viber, TikTok, Meta's Messenger / Instagram /
// WhatsApp). The webhooks function (contracts/channel-webhooks.ts) verifies and parses a provider's deliveries
// through it; the delivery machinery (api/_lib/channels/deliver.ts) sends through it; connecting and
// disconnecting a token channel registers and removes the provider's webhook through it.
import type { IncomingHttpHeaders } from 'node:http';
import type { ChannelType } from '../../../../contracts/channel-types.js';

/** A channel row with its credentials decrypted (api/_lib/channels/load.ts `loadChannel`). */
export interface LoadedChannel {
  id: string;
  workspaceId: string;
  type: ChannelType;
  name: string;
  status: string;
  settings: Record<string, unknown>;
  /** The provider's id of the connected account (bot id, page id, phone number id, …). */
  externalId: string | null;
  /** The decrypted credentials (shape per type: see the per-provider `…Credentials` types); `{}` when none. */
  credentials: Record<string, unknown>;
}

/**
 * A file a provider delivered with a message, as the delivery names it. It is fetched with the channel's
 * credentials (the adapter's `download`) and stored before the message is (api/_lib/channels/attachments.ts);
 * when that fails the message keeps `label` in its text with a note instead.
 */
export interface InboundAttachment {
  /** What the adapter fetches it by: a Telegram file_id, a WhatsApp media id, or a URL (Messenger, Instagram, Viber, TikTok). */
  ref: string;
  /** The file's name as the provider gives it (documents); null for photos and the like. */
  name: string | null;
  /** The media type the delivery declares, if any. */
  contentType: string | null;
  /** The size the delivery declares, if any (bytes). */
  size: number | null;
  /** How the message names it in its text when it cannot be stored (`[Photo]`, `[File: invoice.pdf]`). */
  label: string;
}

/** A file fetched from a provider. */
export interface DownloadedFile {
  bytes: Buffer;
  /** The media type the provider served it with (null: none, or application/octet-stream). */
  contentType: string | null;
  /** A file name the provider gave while fetching it (Telegram's file_path), if any. */
  name: string | null;
}

/** One customer message a provider delivered. */
export interface InboundMessage {
  sender: { externalId: string; name: string; email?: string; phone?: string };
  /** The provider's id of the message (without our `{channelId}:` prefix); null when it gives none. */
  externalMessageId: string | null;
  /** The message's text (a file's caption); empty when it carries only files. */
  content: string;
  attachments?: InboundAttachment[];
}

/** A delivery receipt for a message the business sent (the provider's message id, without our prefix). */
export interface InboundStatus {
  externalMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  error?: string;
}

export interface ParsedDelivery {
  messages: InboundMessage[];
  statuses: InboundStatus[];
}

export interface WebhookRequest {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  query: URLSearchParams;
}

export interface OutboundMessage {
  content: string;
  attachments: { name: string; contentType: string; url: string }[];
}

export interface ProviderAdapter {
  /** Throws ApiError 401 when the signature / secret is missing, 403 when it is wrong. */
  verify(req: WebhookRequest, channel: LoadedChannel): void;
  /** GET on the webhook URL (Meta's hub.challenge): the body to answer with; throws ApiError 403 when refused. */
  handshake?(query: URLSearchParams, channel: LoadedChannel): string;
  /**
   * Providers whose webhook URL is one per app (Meta, TikTok): the connected accounts (page, Instagram account,
   * phone number id, TikTok business) a verified delivery is for. The webhooks function hands the delivery to
   * every channel of the type connected to one of them, whichever channel's URL the app registered.
   */
  accountIds?(rawBody: Buffer): string[];
  /** The messages and receipts of one verified delivery; anything it does not understand is skipped. */
  parse(rawBody: Buffer, channel: LoadedChannel): ParsedDelivery | Promise<ParsedDelivery>;
  /** Fetches a file a delivery named, with the channel's credentials, at most `maxBytes`; throws when it cannot. */
  download?(channel: LoadedChannel, file: InboundAttachment, maxBytes: number): Promise<DownloadedFile>;
  /** Sends to the customer; throws ProviderSendError (permanent: 4xx / refused, else transient). */
  send(channel: LoadedChannel, recipientExternalId: string, message: OutboundMessage): Promise<{ externalMessageId: string }>;
  /** Token channels: checks the token and registers `webhookUrl` with the provider. */
  connect?(channel: LoadedChannel, webhookUrl: string): Promise<{ externalId: string; settings?: Record<string, unknown> }>;
  /** Removes the webhook registration (best effort: the caller disconnects the channel regardless). */
  disconnect?(channel: LoadedChannel): Promise<void>;
}

/**
 * A provider refused or could not take a message. `permanent` (a 4xx: blocked bot, unknown recipient, bad
 * token) ends the delivery as failed with `reason`; otherwise (5xx, network, timeout) it is retried.
 */
export class ProviderSendError extends Error {
  constructor(
    readonly permanent: boolean,
    readonly reason: string,
    readonly status?: number,
  ) {
    super(reason);
    this.name = 'ProviderSendError';
  }
}
