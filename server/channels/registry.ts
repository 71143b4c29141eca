import type { Channel, ChannelAdapter } from './channel.ts';
import { instagramChannel, messengerChannel } from './messenger-platform/index.ts';
import { whatsappChannel } from './whatsapp/index.ts';

// The channels Parley speaks, by name and by the webhook `object` their bodies carry.

export const CHANNEL_ADAPTERS: Record<Channel, ChannelAdapter> = {
  whatsapp: whatsappChannel,
  instagram: instagramChannel,
  messenger: messengerChannel,
};

const BY_WEBHOOK_OBJECT = new Map(Object.values(CHANNEL_ADAPTERS).map((c) => [c.webhookObject, c]));

export const channelForWebhookObject = (object: string): ChannelAdapter | undefined => BY_WEBHOOK_OBJECT.get(object);
