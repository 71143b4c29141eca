import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/knex.ts';
import { conflict, notFound } from '../http/errors.ts';
import { publish } from '../events/bus.ts';
import { logConversationEvent } from './queries.ts';
import type { Actor } from './service.ts';

// The team's labels: a name (unique, whatever its case) and a colour; a conversation carries any
// number of them. Renaming or deleting one changes every conversation's view at once.

export const listLabels = (db: Db, workspaceId: string): Promise<Array<{ id: string; name: string; color: string; conversations: number }>> =>
  db('labels as l')
    .where('l.workspace_id', workspaceId)
    .orderByRaw('lower(l.name)')
    .select('l.id', 'l.name', 'l.color', db.raw(`(select count(*)::int from conversation_labels cl join conversations c on c.id = cl.conversation_id
                                                   where cl.label_id = l.id and c.status <> 'archived') as conversations`));

const duplicate = (err: unknown) => (err as { constraint?: string })?.constraint === 'labels_name_unique';

export async function createLabel(ctx: AppContext, workspaceId: string, input: { name: string; color: string }) {
  try {
    const [row] = await ctx.db('labels').insert({ workspace_id: workspaceId, name: input.name, color: input.color }).returning(['id', 'name', 'color']);
    await changedAll(ctx, workspaceId);
    return row as { id: string; name: string; color: string };
  } catch (err) {
    if (duplicate(err)) throw conflict(`A label named "${input.name}" exists already`);
    throw err;
  }
}

export async function updateLabel(ctx: AppContext, workspaceId: string, id: string, patch: { name?: string; color?: string }) {
  try {
    const [row] = await ctx.db('labels').where({ id, workspace_id: workspaceId }).update(patch).returning(['id', 'name', 'color']);
    if (!row) throw notFound('No such label');
    await changedAll(ctx, workspaceId);
    return row as { id: string; name: string; color: string };
  } catch (err) {
    if (duplicate(err)) throw conflict(`A label named "${patch.name}" exists already`);
    throw err;
  }
}

export async function deleteLabel(ctx: AppContext, workspaceId: string, id: string): Promise<void> {
  const n = await ctx.db('labels').where({ id, workspace_id: workspaceId }).delete();
  if (!n) throw notFound('No such label');
  await changedAll(ctx, workspaceId);
}

/** Every id must be one of the workspace's labels. */
export async function checkLabels(db: Knex, workspaceId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const found = await db('labels').where({ workspace_id: workspaceId }).whereIn('id', ids).pluck('id');
  const missing = ids.filter((id) => !found.includes(id));
  if (missing.length) throw notFound(`No such label: ${missing.join(', ')}`);
}

/** Adds and removes labels on one conversation (already locked), logging what changed. */
export async function changeLabels(trx: Knex, c: { id: string; workspace_id: string }, add: string[], remove: string[], actor: Actor): Promise<boolean> {
  const added = add.length
    ? await trx('conversation_labels').insert(add.map((label_id) => ({ conversation_id: c.id, label_id }))).onConflict(['conversation_id', 'label_id']).ignore().returning('label_id')
    : [];
  const removed = remove.length ? await trx('conversation_labels').where({ conversation_id: c.id }).whereIn('label_id', remove).delete().returning('label_id') : [];
  if (!added.length && !removed.length) return false;
  await logConversationEvent(trx, c, 'labels', actor, { added: added.map((r: { label_id: string }) => r.label_id), removed: removed.map((r: { label_id: string }) => r.label_id) });
  return true;
}

/** Sets exactly `labelIds` on the conversation. */
export async function setLabels(trx: Knex, c: { id: string; workspace_id: string }, labelIds: string[], actor: Actor): Promise<boolean> {
  const current: string[] = await trx('conversation_labels').where({ conversation_id: c.id }).pluck('label_id');
  return changeLabels(trx, c, labelIds.filter((id) => !current.includes(id)), current.filter((id) => !labelIds.includes(id)), actor);
}

const changedAll = (ctx: AppContext, workspaceId: string) => publish(ctx, [{ type: 'conversation.changed', workspaceId, conversationId: null }]);
