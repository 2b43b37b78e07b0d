// A conversation's channel as a small icon with its name for assistive technology; shared by every page that lists conversations.
import { Camera, Clapperboard, Code, Globe, Mail, MessageCircle, MessagesSquare, Phone, Send, type LucideIcon } from 'lucide-react';
import type { Channel } from '../../contracts/conversations';
import { cx } from '@/lib/cx';

export const CHANNEL_LABELS: Record<Channel, string> = {
  web: 'Web chat',
  email: 'Email',
  facebook: 'Facebook',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  telegram: 'Telegram',
  viber: 'Viber',
  whatsapp: 'WhatsApp',
  api: 'API',
};

// lucide no longer ships brand logos; these stand-ins are told apart by their label (tooltip and aria).
const ICONS: Record<Channel, LucideIcon> = {
  web: Globe,
  email: Mail,
  facebook: MessagesSquare,
  instagram: Camera,
  tiktok: Clapperboard,
  telegram: Send,
  viber: Phone,
  whatsapp: MessageCircle,
  api: Code,
};

export function ChannelIcon({ channel, className }: { channel: Channel; className?: string }) {
  const Icon = ICONS[channel];
  const label = CHANNEL_LABELS[channel];
  return (
    <span title={label} className={cx('inline-flex shrink-0 text-muted', className)}>
      <Icon aria-hidden className="size-3.5" />
      <span className="sr-only">{label}</span>
    </span>
  );
}
