// Maps a channel type to its provider adapter. Each adapter is imported only when a channel of its type is
// used, so a function's cold start loads none it does not need.
import type { ChannelType } from '../../../../contracts/channel-types.js';
import type { ProviderAdapter } from './types.js';

// One line per provider module: `type: async () => (await import('./module.js')).adapter,`.
const loaders: Partial<Record<ChannelType, () => Promise<ProviderAdapter>>> = {
  telegram: async () => (await import('./telegram.js')).telegram,
  viber: async () => (await import('./viber.js')).viber,
  tiktok: async () => (await import('./tiktok.js')).tiktok,
  facebook: async () => (await import('./meta.js')).adapter,
  instagram: async () => (await import('./meta.js')).adapter,
  whatsapp: async () => (await import('./meta.js')).adapter,
};

/** Whether a channel type has a provider adapter (web and email do not). */
export function hasAdapter(type: string): type is ChannelType {
  return Object.hasOwn(loaders, type);
}

export async function adapterFor(type: ChannelType | string): Promise<ProviderAdapter> {
  const load = loaders[type as ChannelType];
  if (!load) throw new Error(`No provider adapter for channel type "${type}"`);
  return load();
}

export type {
  InboundAttachment,
  InboundMessage,
  InboundStatus,
  LoadedChannel,
  OutboundMessage,
  ParsedDelivery,
  ProviderAdapter,
  WebhookRequest,
} from './types.js';
export { ProviderSendError } from './types.js';
