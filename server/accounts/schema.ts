import { z } from 'zod';
import { CHANNELS } from '../channels/channel.ts';

// Requests of the Channels page. Each channel names the account's id as Meta does: a WhatsApp
// number by its phone number id (and its WABA), an Instagram account by its IG user id, a
// Facebook Page by its Page id.

const graphId = (what: string, where: string) => z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, `${what} must be the numeric id from ${where}`);
const token = z.string().trim().min(8, 'access token looks too short').max(2048);
const common = { accessToken: token, sandbox: z.boolean().default(false) };

const whatsapp = z.object({ channel: z.literal('whatsapp').default('whatsapp'), phoneNumberId: graphId('phoneNumberId', "Meta's WhatsApp Manager"), ...common });
const instagram = z.object({ channel: z.literal('instagram'), igUserId: graphId('igUserId', "Meta's Instagram account settings"), ...common });
const messenger = z.object({ channel: z.literal('messenger'), pageId: graphId('pageId', 'the Facebook Page settings'), ...common });

const profile = { displayName: z.string().trim().min(1).max(100), systemPrompt: z.string().max(20_000).default('') };

/** Test connection: the channel (WhatsApp when absent) and its account id with a token. */
export const connectionBody = z.union([instagram, messenger, whatsapp]);

export const addAccountBody = z.union([
  instagram.extend(profile),
  messenger.extend(profile),
  whatsapp.extend({ ...profile, wabaId: graphId('wabaId', "Meta's WhatsApp Manager") }),
]);

export const updateTokenBody = z.object({ accessToken: token });

export const accountListQuery = z.object({ channel: z.enum(CHANNELS).optional() });

export type ConnectionInput = z.infer<typeof connectionBody>;
export type AddAccountInput = z.infer<typeof addAccountBody>;

/** The account's id at Meta, whatever the channel calls it. */
export const externalIdOf = (i: ConnectionInput): string => (i.channel === 'instagram' ? i.igUserId : i.channel === 'messenger' ? i.pageId : i.phoneNumberId);
