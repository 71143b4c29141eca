import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';
import type { AccountInfoView, AccountView, connectionView } from '../../../server/accounts/present.ts';
import type { Channel as ServerChannel } from '../../../server/channels/channel.ts';

// The response types are the server's own (type-only imports: nothing of the server is bundled).
export type { AccountInfoView, AccountView };
/**
 * Every channel. 'webchat' is named here as well as on the server, so the dashboard builds the
 * same whether or not the server's Channel already lists it.
 */
export type Channel = ServerChannel | 'webchat';
/** The channels connected with Meta ids and a token; a web chat widget is made in its own section. */
export type MetaChannel = Exclude<Channel, 'webchat'>;
/** What Test connection and a stored account's Test answer. */
export type ConnectionResult = z.infer<typeof connectionView>;

/** The server announces account changes under the live-update topic 'numbers'; the key starts with it. */
export const ACCOUNTS = 'numbers';

export const META_CHANNELS: MetaChannel[] = ['whatsapp', 'instagram', 'messenger'];
export const CHANNELS: Channel[] = [...META_CHANNELS, 'webchat'];
export const CHANNEL_NAME: Record<Channel, string> = { whatsapp: 'WhatsApp', instagram: 'Instagram', messenger: 'Messenger', webchat: 'Web chat' };
export const isMetaChannel = (channel: Channel): channel is MetaChannel => channel !== 'webchat';
/** A website chat widget's conversation (takes any channel value, before or after the server's type lists 'webchat'). */
export const isWebChat = (channel: Channel) => channel === 'webchat';

/** The connected accounts, of one channel (campaigns and templates: WhatsApp only) or all. */
export function useAccounts(channel?: Channel) {
  return useQuery({
    queryKey: [ACCOUNTS, channel ?? 'all'],
    queryFn: ({ signal }) => api<{ items: AccountView[] }>(`/accounts${channel ? `?channel=${channel}` : ''}`, { signal }),
    select: (data) => data.items,
  });
}

type Labelled = Pick<AccountView, 'displayName' | 'handle' | 'displayPhoneNumber'>;

/** "Support (+91 98450 00001)", "Shop (@shop)", or the name alone before Meta reported more. */
export function accountLabel(a: Labelled): string {
  const shown = a.displayPhoneNumber ?? a.handle;
  return shown && shown !== a.displayName ? `${a.displayName} (${shown})` : a.displayName;
}

/** For lists that mix channels (rules, agents, filters): "Shop (@shop) · Instagram". */
export const accountLabelWithChannel = (a: Labelled & Pick<AccountView, 'channel'>) => `${accountLabel(a)} · ${CHANNEL_NAME[a.channel]}`;
