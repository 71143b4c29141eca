import type { Channel, ChannelAdapter } from './channel.ts';
import { instagramChannel, messengerChannel } from './messenger-platform/index.ts';
import { webchatChannel } from './webchat/index.ts';
import { whatsappChannel } from './whatsapp/index.ts';

// The channels Parley speaks, by name, and the Meta channels by the webhook `object` their bodies
// carry (web chat has none: its visitors write through Parley's own API).

export const CHANNEL_ADAPTERS: Record<Channel, ChannelAdapter> = {
  whatsapp: whatsappChannel,
  instagram: instagramChannel,
  messenger: messengerChannel,
  webchat: webchatChannel,
};

const BY_WEBHOOK_OBJECT = new Map(Object.values(CHANNEL_ADAPTERS).flatMap((c) => (c.webhookObject === null ? [] : [[c.webhookObject, c] as const])));

export const channelForWebhookObject = (object: string): ChannelAdapter | undefined => BY_WEBHOOK_OBJECT.get(object);
