import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { fillCannedReply } from './canned-variables.ts';
import { presentCannedReply, type CannedReplyView } from './present.ts';
import { findCannedReply, findReplyTarget, listCannedReplies, userName } from './queries.ts';
import type { Sender } from './send.ts';

// The team's canned replies: any member lists, adds, edits and deletes them (they are shared);
// a shortcut is unique in the workspace (409). Listed for a conversation, each comes with its
// variables filled for that customer and the person asking (canned-variables.ts).

const duplicate = (shortcut: string) => new HttpError(409, 'duplicate_shortcut', `The shortcut /${shortcut} is taken; pick another`);
const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

export async function listCanned(ctx: AppContext, who: Sender, opts: { conversationId?: string; prefix?: string }): Promise<CannedReplyView[]> {
  const rows = await listCannedReplies(ctx.db, who.workspaceId, opts.prefix);
  if (!opts.conversationId) return rows.map((r) => presentCannedReply(r));
  const target = await findReplyTarget(ctx.db, who.workspaceId, opts.conversationId);
  if (!target) throw notFound('No such conversation');
  const channel = (await ctx.db('channel_accounts').where({ id: target.account_id }).first('channel'))?.channel;
  const values = {
    contactName: target.contact_name,
    customerId: target.customer_id,
    contactPhone: channel === 'whatsapp' ? `+${target.customer_id}` : null,
    agentName: await userName(ctx.db, who.userId),
    accountName: target.account_name,
  };
  return rows.map((r) => presentCannedReply(r, fillCannedReply(r.body, values)));
}

export async function createCanned(ctx: AppContext, who: Sender, body: { shortcut: string; body: string }): Promise<CannedReplyView> {
  return write(ctx, body.shortcut, async (trx) => {
    const [row] = await trx('canned_replies').insert({ workspace_id: who.workspaceId, shortcut: body.shortcut, body: body.body, created_by: who.userId }).returning('id');
    return row.id;
  }, who.workspaceId);
}

export async function updateCanned(ctx: AppContext, who: Sender, id: string, patch: { shortcut?: string; body?: string }): Promise<CannedReplyView> {
  return write(ctx, patch.shortcut ?? '', async (trx) => {
    const n = await trx('canned_replies').where({ workspace_id: who.workspaceId, id }).update({ ...patch, updated_at: trx.fn.now() });
    if (!n) throw notFound('No such canned reply');
    return id;
  }, who.workspaceId);
}

export async function deleteCanned(ctx: AppContext, who: Sender, id: string): Promise<void> {
  const n = await ctx.db('canned_replies').where({ workspace_id: who.workspaceId, id }).delete();
  if (!n) throw notFound('No such canned reply');
}

/** Runs the write; a taken shortcut (the unique index decides, so two people at once get one 409) is a conflict. */
async function write(ctx: AppContext, shortcut: string, change: (trx: Knex) => Promise<string>, workspaceId: string): Promise<CannedReplyView> {
  try {
    const id = await ctx.db.transaction(change);
    return presentCannedReply((await findCannedReply(ctx.db, workspaceId, id))!);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(shortcut);
    throw err;
  }
}
