// What the Connect dialog offers per kind of channel: how it connects (a form for the web widget and token
// channels, the provider's OAuth consent for the others) and what to tell people about it.
import type { ChannelType } from '../../../contracts/channel-types';
import type { ConnectedChannel } from '../../../contracts/channels';

export type ConnectHow = 'web' | 'token' | 'oauth';

export interface ChannelKind {
  type: Exclude<ChannelType, 'email'>;
  label: string;
  blurb: string;
  how: ConnectHow;
}

export const CHANNEL_KINDS: readonly ChannelKind[] = [
  { type: 'web', label: 'Web widget', blurb: 'A chat bubble on your own website.', how: 'web' },
  { type: 'telegram', label: 'Telegram', blurb: 'Messages to your Telegram bot.', how: 'token' },
  { type: 'viber', label: 'Viber', blurb: 'Messages to your Viber bot.', how: 'token' },
  { type: 'facebook', label: 'Facebook Messenger', blurb: 'Messages to your Facebook Page.', how: 'oauth' },
  { type: 'instagram', label: 'Instagram', blurb: 'Direct messages to your Instagram business account.', how: 'oauth' },
  { type: 'whatsapp', label: 'WhatsApp', blurb: 'Your WhatsApp Business number (Cloud API).', how: 'oauth' },
  { type: 'tiktok', label: 'TikTok', blurb: 'Messages to your TikTok business account.', how: 'oauth' },
];

/** The token field of each token channel, with where to find the token. */
export const TOKEN_FIELDS = {
  telegram: {
    field: 'botToken',
    label: 'Bot token',
    placeholder: '123456789:AAF…',
    help: 'In Telegram, open @BotFather, send /newbot (or /mybots → your bot → API Token) and paste the token it gives you.',
  },
  viber: {
    field: 'authToken',
    label: 'Authentication token',
    placeholder: '4453b6ac1234…',
    help: 'In the Viber admin panel (partners.viber.com), open your bot’s Info page and copy its authentication token.',
  },
} as const;

export const STATUS_LABELS: Record<ConnectedChannel['status'], string> = { connected: 'Connected', error: 'Needs attention', disconnected: 'Disconnected' };

/** The app's own origin, which serves widget.js. */
export const appOrigin = () => window.location.origin;
