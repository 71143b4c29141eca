import type { Channel } from '../api/inbox.ts';
import { CHANNEL_LABELS } from '../lib/channels.ts';
import { Badge, type Tone } from './Badge.tsx';

// Each channel in its brand's colour, so a glance tells a WhatsApp row from an Instagram one.
const TONE: Record<Channel, Tone> = { whatsapp: 'green', instagram: 'pink', messenger: 'violet' };

export function ChannelBadge({ channel }: { channel: Channel }) {
  return (
    <Badge tone={TONE[channel]} testId="channel-badge">
      {CHANNEL_LABELS[channel]}
    </Badge>
  );
}
