import type { AppContext } from '../context.ts';
import { announceChanged, lockConversation } from '../conversations/service.ts';
import { presentMessage, type MessageView } from '../inbox/present.ts';
import { messagesByIds } from './queries.ts';
import type { Sender } from './send.ts';

// A private note: a message with direction 'note' in the thread's order, written by a person for
// the team. It never reaches Meta (no channel call, no external id), never becomes a reply task,
// is not the conversation's preview and does not move it in the inbox, is kept out of the bots'
// context (agents/queries.ts, leads), and does not pause the bots: only a reply to the customer does.

export async function addNote(ctx: AppContext, who: Sender, conversationId: string, text: string): Promise<MessageView> {
  const id = await ctx.db.transaction(async (trx) => {
    const c = await lockConversation(trx, who.workspaceId, conversationId);
    const conv = await trx('conversations').where({ id: c.id }).first('account_id', 'identity_id', 'is_test');
    const [row] = await trx('messages')
      .insert({
        workspace_id: who.workspaceId,
        account_id: conv.account_id,
        conversation_id: c.id,
        identity_id: conv.identity_id,
        direction: 'note',
        type: 'text',
        body: text,
        status: 'sent',
        sent_by_user_id: who.userId,
        is_test: conv.is_test,
        sent_at: trx.fn.now(),
      })
      .returning('id');
    // The thread refreshes; no message.sent: nothing was sent.
    announceChanged(ctx, trx, c);
    return row.id as string;
  });
  return presentMessage((await messagesByIds(ctx.db, [id]))[0]!);
}
