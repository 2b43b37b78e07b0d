// The channel kinds a workspace can connect and the states a connection is in (no zod: the schema imports it).
export const CHANNEL_TYPES = ['web', 'telegram', 'facebook', 'instagram', 'whatsapp', 'viber', 'tiktok', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
export const CHANNEL_STATUSES = ['connected', 'error', 'disconnected'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];
/** Channels connected by an OAuth flow (start → provider → callback); the others take a token in a form. */
export const OAUTH_CHANNEL_TYPES = ['facebook', 'instagram', 'whatsapp', 'tiktok'] as const satisfies readonly ChannelType[];
/** A message's delivery to the customer through its channel's provider. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
