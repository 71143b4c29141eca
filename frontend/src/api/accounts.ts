import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';
import type { AccountInfoView, AccountView, connectionView } from '../../../server/accounts/present.ts';

// The response types are the server's own (type-only imports: nothing of the server is bundled).
export type { AccountInfoView, AccountView };
export type Channel = AccountView['channel'];
/** What Test connection and a stored account's Test answer. */
export type ConnectionResult = z.infer<typeof connectionView>;

/** The server announces account changes under the live-update topic 'numbers'; the key starts with it. */
export const ACCOUNTS = 'numbers';

export const CHANNELS: Channel[] = ['whatsapp', 'instagram', 'messenger'];
export const CHANNEL_NAME: Record<Channel, string> = { whatsapp: 'WhatsApp', instagram: 'Instagram', messenger: 'Messenger' };

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
