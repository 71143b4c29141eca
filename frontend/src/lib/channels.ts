import type { Channel } from '../api/inbox.ts';

/** The channels by the names people know them by, in the order Parley lists them. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  whatsapp: 'WhatsApp',
  instagram: 'Instagram',
  messenger: 'Messenger',
};
