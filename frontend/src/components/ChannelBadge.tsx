import { CHANNEL_NAME, type Channel } from '../api/accounts.ts';
import { Badge, type Tone } from './Badge.tsx';

// Each channel in roughly its brand colour, so a mixed list reads at a glance.
const TONE: Record<Channel, Tone> = { whatsapp: 'green', instagram: 'pink', messenger: 'violet', webchat: 'teal' };

export function ChannelBadge({ channel }: { channel: Channel }) {
  return (
    <Badge tone={TONE[channel]} testId="channel-badge">
      {CHANNEL_NAME[channel]}
    </Badge>
  );
}
