import type { z } from 'zod';
import type { MetaChannel } from '../../api/accounts.ts';
import type { addAccountBody, connectionBody } from '../../../../server/accounts/schema.ts';

// What the add form asks for on each channel, in Meta's words, and the request bodies it sends
// (typed by the server's own zod schemas, so a renamed field fails the build).

export type IdKey = 'phoneNumberId' | 'wabaId' | 'igUserId' | 'pageId';

interface IdField {
  key: IdKey;
  label: string;
  hint: string;
  /** A made-up id of the right shape for a sandbox account. */
  sandbox: () => string;
}

interface ChannelForm {
  /** "Add a {noun}". */
  noun: string;
  /** What the account is, on the channel picker. */
  summary: string;
  /** The account's own id first (Test connection checks it), then any other id Meta gives. */
  ids: IdField[];
  tokenHint: string;
}

/** `n` digits starting with `first`: a made-up id of Meta's shape, for sandbox accounts and customers. */
export const randomDigits = (first: string, n: number) => first + Array.from(crypto.getRandomValues(new Uint8Array(n - first.length)), (b) => b % 10).join('');

export const CHANNEL_FORMS: Record<MetaChannel, ChannelForm> = {
  whatsapp: {
    noun: 'WhatsApp number',
    summary: 'A WhatsApp Business number on the Cloud API',
    ids: [
      { key: 'phoneNumberId', label: 'Phone number ID', hint: 'From WhatsApp Manager › API setup; not the phone number itself.', sandbox: () => randomDigits('1', 15) },
      { key: 'wabaId', label: 'WABA ID', hint: 'WhatsApp Business Account ID, on the same page.', sandbox: () => randomDigits('1', 15) },
    ],
    tokenHint: 'A permanent system-user token with whatsapp_business_messaging; stored encrypted, never shown again.',
  },
  instagram: {
    noun: 'Instagram account',
    summary: 'Direct messages of an Instagram professional account',
    ids: [{ key: 'igUserId', label: 'Instagram user ID', hint: 'The IG user id of the professional account (Meta Business Suite › Settings › Instagram accounts); not the @username.', sandbox: () => randomDigits('178414', 17) }],
    tokenHint: 'A token with instagram_manage_messages for this account; stored encrypted, never shown again.',
  },
  messenger: {
    noun: 'Facebook Page',
    summary: 'Messenger conversations of a Facebook Page',
    ids: [{ key: 'pageId', label: 'Page ID', hint: 'From the Page › About › Page transparency, or Meta Business Suite › Settings.', sandbox: () => randomDigits('1', 15) }],
    tokenHint: 'A Page access token with pages_messaging; stored encrypted, never shown again.',
  },
};

export interface AccountValues {
  channel: MetaChannel;
  displayName: string;
  ids: Record<IdKey, string>;
  accessToken: string;
  systemPrompt: string;
  sandbox: boolean;
}

export const emptyValues = (channel: MetaChannel): AccountValues => ({
  channel,
  displayName: '',
  ids: { phoneNumberId: '', wabaId: '', igUserId: '', pageId: '' },
  accessToken: '',
  systemPrompt: '',
  sandbox: false,
});

export function connectionRequest(v: AccountValues): z.input<typeof connectionBody> {
  const access = { accessToken: v.accessToken.trim(), sandbox: v.sandbox };
  if (v.channel === 'instagram') return { channel: 'instagram', igUserId: v.ids.igUserId.trim(), ...access };
  if (v.channel === 'messenger') return { channel: 'messenger', pageId: v.ids.pageId.trim(), ...access };
  return { channel: 'whatsapp', phoneNumberId: v.ids.phoneNumberId.trim(), ...access };
}

export function addRequest(v: AccountValues): z.input<typeof addAccountBody> {
  const profile = { displayName: v.displayName.trim(), systemPrompt: v.systemPrompt };
  const c = connectionRequest(v);
  if (c.channel === 'instagram' || c.channel === 'messenger') return { ...c, ...profile };
  return { ...c, ...profile, wabaId: v.ids.wabaId.trim() };
}
